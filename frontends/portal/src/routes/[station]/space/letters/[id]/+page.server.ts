import { error, fail, redirect } from '@sveltejs/kit';
import { looksLikeId } from '$lib/catalog/filters';
import {
  fromLetters,
  letters,
  NOT_FOUND_LETTER,
  ratingRefusal,
  readRating,
} from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function ownLetter(event: RequestEvent) {
  if (!looksLikeId(event.params.id)) error(404, NOT_FOUND_LETTER);
  return fromLetters(letters().myLetter(event.params.id, callContext(event)));
}

/**
 * 咨询详情 (manual 5.2, figure 5.2.5): one of the account's letters with its reply, 办理进度 and
 * 评价. The account's letters of every station are its own, so one of another station is shown
 * under its own station's address.
 */
export const load: PageServerLoad = async (event) => {
  const letter = await ownLetter(event);
  if (letter.station !== event.params.station)
    redirect(303, `/${letter.station}/space/letters/${letter.id}`);
  return { letter };
};

export const actions: Actions = {
  /** 【提交评价】 (once, after the reply). */
  rate: async (event) => {
    const letter = await ownLetter(event);
    const rating = readRating(await event.request.formData());
    if (!rating.ok) {
      return fail(400, { message: '请选择满意程度', fields: rating.fields, values: rating.values });
    }
    try {
      await letters().rate(
        letter.station,
        {
          code: letter.code,
          rating: rating.rating,
          ...(rating.comment ? { comment: rating.comment } : {}),
        },
        callContext(event),
      );
    } catch (err) {
      const refusal = ratingRefusal(err);
      return fail(refusal.status, {
        message: refusal.message,
        fields: {},
        values: { rating: rating.rating, comment: rating.comment },
      });
    }
    return { rated: true };
  },
};
