import { fail } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';
import type { LetterPublicView } from '@hall/web/server';
import { checkMobile, normalizeMobile } from '@hall/platform/validation';
import { letters, ratingRefusal, readRating } from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import type { Actions, RequestEvent } from './$types';

/** Said for an unknown code and a wrong number alike: a mismatch reveals nothing. */
const NOT_FOUND = '未查询到信件，请核对信件编号和手机号码';
const TOO_OFTEN = '查询过于频繁，请稍后再试';

interface Query {
  code: string;
  mobile: string;
}

function readQuery(data: FormData): { query: Query; fields: Record<string, string> } {
  const code = String(data.get('code') ?? '').replace(/\s+/g, '');
  const mobile = normalizeMobile(String(data.get('mobile') ?? ''));
  const fields: Record<string, string> = {};
  if (!code) fields.code = '请填写信件编号';
  else if (!/^\d{20}$/.test(code)) fields.code = '信件编号为20位数字（即受理编码）';
  const mobileCheck = checkMobile(mobile);
  if (!mobileCheck.ok) fields.mobile = mobileCheck.message;
  return { query: { code, mobile }, fields };
}

async function lookup(
  event: RequestEvent,
  query: Query,
): Promise<{ letter: LetterPublicView } | { status: number; message: string }> {
  try {
    return { letter: await letters().lookup(event.params.station, query, callContext(event)) };
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 404 || err.status === 400) return { status: 404, message: NOT_FOUND };
    if (err.status === 429) return { status: 429, message: TOO_OFTEN };
    return { status: 503, message: '信件答复查询暂时不可用，请稍后再试' };
  }
}

/**
 * 信件答复 (manual 5.2): 方式一 is 我的咨询 (a link); 方式二 is 信件编号 + 手机号码 → 【查询】, a POST
 * whose answer is rendered on this page, so the number never appears in an address. The
 * rating form of the result carries the code and the number in its body.
 */
export const actions: Actions = {
  lookup: async (event) => {
    const { query, fields } = readQuery(await event.request.formData());
    if (Object.keys(fields).length)
      return fail(400, {
        code: query.code,
        mobile: query.mobile,
        message: '请填写查询条件',
        fields,
      });
    const found = await lookup(event, query);
    if (!('letter' in found))
      return fail(found.status, { ...query, message: found.message, fields: {} });
    return { ...query, letter: found.letter };
  },

  /** 【提交评价】 of the letter found. */
  rate: async (event) => {
    const data = await event.request.formData();
    const { query, fields } = readQuery(data);
    if (Object.keys(fields).length) return fail(400, { ...query, message: NOT_FOUND, fields: {} });
    const rating = readRating(data);
    if (!rating.ok) {
      const found = await lookup(event, query);
      if (!('letter' in found))
        return fail(found.status, { ...query, message: found.message, fields: {} });
      return fail(400, {
        ...query,
        letter: found.letter,
        rating: { message: '请选择满意程度', fields: rating.fields, values: rating.values },
      });
    }
    try {
      const letter = await letters().rate(
        event.params.station,
        {
          code: query.code,
          mobile: query.mobile,
          rating: rating.rating,
          ...(rating.comment ? { comment: rating.comment } : {}),
        },
        callContext(event),
      );
      return { ...query, letter, rated: true };
    } catch (err) {
      const refusal = ratingRefusal(err);
      const found = await lookup(event, query);
      if (!('letter' in found))
        return fail(found.status, { ...query, message: found.message, fields: {} });
      return fail(refusal.status, {
        ...query,
        letter: found.letter,
        rating: {
          message: refusal.message,
          fields: {},
          values: { rating: rating.rating, comment: rating.comment },
        },
      });
    }
  },
};
