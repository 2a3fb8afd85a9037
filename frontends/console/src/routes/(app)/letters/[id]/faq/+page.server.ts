import { error, redirect } from '@sveltejs/kit';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { lettersDesk, loadLetter, requireId, requireLettersStaff } from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import { text } from '../action.server';
import { faqPublishable, letterHead } from '../letter.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * 发布为常见问题: offered when the writer agreed to publication (同意公开) and the letter is
 * answered; the question and answer start as the letter's subject and reply, to be edited (and
 * rid of personal details) before publishing.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requireLettersStaff(event);
  const letter = await loadLetter(event, station);
  if (!faqPublishable(letter))
    error(
      409,
      letter.publicConsent
        ? '该信件答复后才能发布为常见问题'
        : '来信人未同意公开，该信件不能发布为常见问题',
    );
  return {
    head: letterHead(letter),
    content: letter.content,
    question: letter.subject,
    answer: letter.reply?.text ?? '',
  };
};

export const actions: Actions = {
  default: async (event) => {
    const { station } = requireLettersStaff(event);
    const id = requireId(event.params.id);
    const data = await event.request.formData();
    const values = { question: text(data, 'question'), answer: text(data, 'answer') };
    try {
      await lettersDesk().publishFaq(station, id, values, callContext(event));
    } catch (err) {
      return consoleFormFailure(err, values, ['question', 'answer'], event.url.pathname);
    }
    setFlash(event, '已发布为常见问题，公众可在本站点的常见问题中看到');
    redirect(303, '/faqs?state=published');
  },
};
