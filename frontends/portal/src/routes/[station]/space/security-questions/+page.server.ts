import { ProblemError } from '@hall/web';
import { formFailure, formText } from '@hall/web/server';
import { error, fail } from '@sveltejs/kit';
import { callContext, identity } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** identity asks for exactly three. */
const COUNT = 3;
const SUGGESTED = ['您母亲的姓名是？', '您的出生地是？', '您就读的小学校名是？'];

export const load: PageServerLoad = async (event) => {
  let current: string[];
  try {
    current = await identity().securityQuestions(callContext(event));
  } catch (err) {
    if (err instanceof ProblemError) error(err.status >= 500 ? 503 : err.status, err.problem.title);
    throw err;
  }
  return {
    isSet: current.length > 0,
    questions: Array.from({ length: COUNT }, (_, i) => current[i] ?? SUGGESTED[i] ?? ''),
    welcome: event.url.searchParams.has('welcome'),
  };
};

export const actions: Actions = {
  /** 设置密保问题: three questions with their answers, confirmed with the current password. */
  default: async (event) => {
    const data = await event.request.formData();
    const questions = Array.from({ length: COUNT }, (_, i) => ({
      question: formText(data, `question${i}`),
      answer: formText(data, `answer${i}`),
    }));
    const values = Object.fromEntries(questions.map((q, i) => [`question${i}`, q.question]));
    try {
      await identity().setSecurityQuestions(
        { currentPassword: formText(data, 'currentPassword'), questions },
        callContext(event),
      );
    } catch (err) {
      const { status, data: failed } = formFailure(err, values);
      // identity names them questions/1/answer; the form's fields are question1 / answer1.
      const fields = Object.fromEntries(
        Object.entries(failed.fields).map(([k, v]) => [
          k.replace(/^questions\/(\d+)\/(question|answer)$/, '$2$1'),
          v,
        ]),
      );
      return fail(status, { ...failed, fields });
    }
    return { saved: true };
  },
};
