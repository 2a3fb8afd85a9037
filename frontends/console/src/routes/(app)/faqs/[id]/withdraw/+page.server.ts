import { error, redirect } from '@sveltejs/kit';
import { pageProblem, setFlash } from '$lib/server/forms';
import { lettersDesk, loadFromLetters, requireId, requireLettersStaff } from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** 撤回常见问题: a confirmation page (not a pop-up); a withdrawn FAQ has nothing to withdraw. */
export const load: PageServerLoad = async (event) => {
  const { station } = requireLettersStaff(event);
  const faq = await loadFromLetters(event, (api, ctx) =>
    api.faq(station, requireId(event.params.id), ctx),
  );
  if (faq.state === 'withdrawn') error(409, '该常见问题已撤回');
  return { faq: { id: faq.id, question: faq.question, answer: faq.answer } };
};

export const actions: Actions = {
  default: async (event) => {
    const { station } = requireLettersStaff(event);
    const id = requireId(event.params.id);
    try {
      await lettersDesk().withdrawFaq(station, id, callContext(event));
    } catch (err) {
      pageProblem(err, event.url.pathname);
    }
    setFlash(event, '已撤回常见问题，公众不再看到');
    redirect(303, '/faqs?state=withdrawn');
  },
};
