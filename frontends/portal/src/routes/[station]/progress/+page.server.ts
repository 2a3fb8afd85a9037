import { fail } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';
import type { Progress, ProgressQuery } from '@hall/web/server';
import { callContext, submissions } from '$lib/server/services';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Said for a wrong name, a wrong password and an unknown serial alike. */
const NOT_FOUND = '未查询到办件，请核对申办流水号和申请人（申请单位）名称后重试';

type Outcome =
  | { progress: Progress; message?: undefined; fields?: undefined }
  | { progress?: undefined; message: string; fields: Record<string, string>; status: number };

async function query(event: RequestEvent, q: ProgressQuery): Promise<Outcome> {
  try {
    return { progress: await submissions().progress(q, callContext(event)) };
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 404 || err.status === 400)
      return { message: NOT_FOUND, fields: {}, status: 404 };
    if (err.status === 429) return { message: err.problem.title, fields: {}, status: 429 };
    return { message: '进度查询暂时不可用，请稍后再试', fields: {}, status: 503 };
  }
}

/**
 * 进度查询 (manual 5.1): 方式二 on this page; the receipt's QR code opens it with
 * `?serial=&password=`, which is queried at once.
 */
export const load: PageServerLoad = async (event) => {
  const serial = (event.url.searchParams.get('serial') ?? '').trim();
  const password = (event.url.searchParams.get('password') ?? '').trim();
  if (!serial || !password) return { serial, byLink: null };
  return { serial, byLink: await query(event, { serial, password }) };
};

export const actions: Actions = {
  /** 【查询】 with 申办流水号 and 申请人或申请单位. */
  default: async (event) => {
    const data = await event.request.formData();
    const serial = String(data.get('serial') ?? '').trim();
    const applicant = String(data.get('applicant') ?? '').trim();
    const fields: Record<string, string> = {};
    if (!serial) fields.serial = '请填写申办流水号';
    else if (!/^\d{20}$/.test(serial)) fields.serial = '申办流水号为20位数字';
    if (!applicant) fields.applicant = '请填写申请人或申请单位名称';
    if (Object.keys(fields).length) {
      return fail(400, { serial, applicant, message: '请填写查询条件', fields });
    }
    const outcome = await query(event, { serial, applicant });
    if (!outcome.progress) {
      return fail(outcome.status, { serial, applicant, message: outcome.message, fields: {} });
    }
    return { serial, applicant, progress: outcome.progress };
  },
};
