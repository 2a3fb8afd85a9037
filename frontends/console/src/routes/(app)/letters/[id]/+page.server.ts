import { ProblemError } from '@hall/web';
import { fail, redirect } from '@sveltejs/kit';
import { lettersDesk, loadLetter, requireId, requireLettersStaff } from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';
import { letterDetail } from './letter.server';

/**
 * 信件详情: the letter (contact masked; the service audits every view), its attachments, the
 * reply or the 不予受理 explanation, follow-ups and the writer's rating, the timeline, and the
 * actions the service allows this staff member now.
 */
export const load: PageServerLoad = async (event) => {
  const { user, station } = requireLettersStaff(event);
  const letter = await loadLetter(event, station);
  return letterDetail(letter, user);
};

export const actions: Actions = {
  /** 查看联系方式: the writer's name and mobile number in full, once, in this answer (audited). */
  contact: async (event) => {
    const { station } = requireLettersStaff(event);
    const id = requireId(event.params.id);
    try {
      const contact = await lettersDesk().revealContact(station, id, callContext(event));
      return { contact };
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      if (err.status === 401) redirect(303, `/login?notice=expired&next=/letters/${id}`);
      return fail(err.status >= 500 ? 503 : err.status, {
        contactError: err.status >= 500 ? '服务暂时不可用，请稍后再试' : err.problem.title,
      });
    }
  },
};
