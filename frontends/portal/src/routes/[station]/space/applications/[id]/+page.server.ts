import { error, fail, redirect } from '@sveltejs/kit';
import type { EvaluationIndicators } from '@hall/web/server';
import { looksLikeId } from '$lib/catalog/filters';
import { indicatorLabels } from '$lib/applications/labels';
import { errorsOf, fromSubmissions, NOT_FOUND_APPLICATION } from '$lib/server/applications';
import { callContext, submissions } from '$lib/server/services';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const TABS = ['basic', 'form', 'materials', 'results', 'licence', 'fees'] as const;
type Tab = (typeof TABS)[number];

async function ownApplication(event: RequestEvent) {
  if (!looksLikeId(event.params.id)) error(404, NOT_FOUND_APPLICATION);
  return fromSubmissions(submissions().get(event.params.id, callContext(event)));
}

/**
 * 业务详情 (manual 3.3, figure 3.3.2): 基本信息, 表单信息, 申请材料, 结果材料, 证照信息, 缴费信息
 * (tabs as links: `?tab=`), and 办理进度. Applications of every station are the account's own,
 * so one of another station is shown under its own station's address.
 */
export const load: PageServerLoad = async (event) => {
  const application = await ownApplication(event);
  if (application.station !== event.params.station) {
    redirect(
      303,
      `/${application.station}/space/applications/${application.id}${event.url.search}`,
    );
  }
  const asked = event.url.searchParams.get('tab') ?? 'basic';
  const tab: Tab = (TABS as readonly string[]).includes(asked) ? (asked as Tab) : 'basic';
  return { application, tab };
};

const INDICATORS = Object.keys(indicatorLabels) as Array<keyof EvaluationIndicators>;

function score(data: FormData, name: string): number | null {
  const value = Number(data.get(name));
  return Number.isInteger(value) && value >= 1 && value <= 5 ? value : null;
}

export const actions: Actions = {
  /** 【提交评价】 (manual 3.3): once per application. */
  evaluate: async (event) => {
    const application = await ownApplication(event);
    const data = await event.request.formData();
    const fields: Record<string, string> = {};
    const level = score(data, 'level');
    if (level === null) fields.level = '请选择满意程度';
    const indicators: Partial<EvaluationIndicators> = {};
    for (const key of INDICATORS) {
      const value = score(data, key);
      if (value === null) fields[key] = `请为“${indicatorLabels[key]}”评分`;
      else indicators[key] = value;
    }
    const comment = String(data.get('comment') ?? '').trim();
    if (comment.length > 500) fields.comment = '评价内容不能超过500字';
    const anonymous = data.get('anonymous') === '1';
    const values = { level: String(level ?? ''), comment, anonymous, indicators };
    if (Object.keys(fields).length) {
      return fail(400, { message: '评价填写不完整，请检查后重试', fields, values });
    }
    try {
      await submissions().evaluate(
        application.id,
        {
          level: level!,
          indicators: indicators as EvaluationIndicators,
          anonymous,
          ...(comment ? { comment } : {}),
        },
        callContext(event),
      );
    } catch (err) {
      const { status, errors } = errorsOf(err);
      return fail(status, { ...errors, values });
    }
    return { evaluated: true };
  },
};
