import { redirect } from '@sveltejs/kit';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { lettersDesk, loadFromLetters, requireId, requireLettersStaff } from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import { shanghaiDateTime } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

/** 修改常见问题: its question and answer (a published one's edit reaches the public at once). */
export const load: PageServerLoad = async (event) => {
  const { station } = requireLettersStaff(event);
  const faq = await loadFromLetters(event, (api, ctx) =>
    api.faq(station, requireId(event.params.id), ctx),
  );
  return {
    faq: {
      id: faq.id,
      question: faq.question,
      answer: faq.answer,
      departmentName: faq.departmentName ?? '—',
      published: faq.state === 'published',
      publishedAt: shanghaiDateTime(faq.publishedAt),
      letterHref: `/letters/${faq.letterId}`,
    },
  };
};

const field = (data: FormData, name: string): string => {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

export const actions: Actions = {
  default: async (event) => {
    const { station } = requireLettersStaff(event);
    const id = requireId(event.params.id);
    const data = await event.request.formData();
    const values = { question: field(data, 'question'), answer: field(data, 'answer') };
    let faq;
    try {
      faq = await lettersDesk().updateFaq(station, id, values, callContext(event));
    } catch (err) {
      return consoleFormFailure(err, values, ['question', 'answer'], event.url.pathname);
    }
    setFlash(event, '已保存常见问题的修改');
    redirect(303, `/faqs?state=${faq.state}`);
  },
};
