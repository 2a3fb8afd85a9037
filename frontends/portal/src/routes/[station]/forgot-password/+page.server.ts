import { formFailure, formText } from '@hall/web/server';
import { fail, redirect } from '@sveltejs/kit';
import { callContext, identity } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

function stepOne(err: unknown, username: string) {
  const { status, data } = formFailure(err, { username }, ['username']);
  return fail(status, { step: 1 as const, ...data });
}

export const load: PageServerLoad = ({ locals, params }) => {
  if (locals.user) redirect(303, `/${params.station}/space/password`);
};

/**
 * 【忘记密码】 in two posts: the username gives the account's 密保问题; the answers and a new
 * password reset it. The questions are asked for again on every post, so the page never trusts
 * what the browser sends back about them.
 */
export const actions: Actions = {
  questions: async (event) => {
    const data = await event.request.formData();
    const username = formText(data, 'username').trim();
    if (!username)
      return fail(400, {
        step: 1 as const,
        values: { username },
        message: '请输入用户名',
        fields: { username: '请输入用户名' },
      });
    try {
      const questions = await identity().resetQuestions(username, callContext(event));
      return { step: 2 as const, values: { username }, questions };
    } catch (err) {
      return stepOne(err, username);
    }
  },

  reset: async (event) => {
    const data = await event.request.formData();
    const username = formText(data, 'username').trim();
    let questions: string[];
    try {
      questions = await identity().resetQuestions(username, callContext(event));
    } catch (err) {
      return stepOne(err, username);
    }
    const answers = questions.map((_, i) => formText(data, `answer${i}`));
    const newPassword = formText(data, 'newPassword');
    const again = (message: string, fields: Record<string, string>) =>
      fail(400, { step: 2 as const, values: { username }, questions, message, fields });
    if (newPassword !== formText(data, 'newPasswordConfirm')) {
      return again('提交的信息有误，请检查后重试', { newPasswordConfirm: '两次输入的密码不一致' });
    }
    try {
      await identity().resetPassword({ username, answers, newPassword }, callContext(event));
    } catch (err) {
      const { status, data: failed } = formFailure(err, { username }, ['answers', 'newPassword']);
      // A wrong answer is not told apart by question: it shows at the first one.
      const { answers: wrong, ...fields } = failed.fields;
      return fail(status, {
        step: 2 as const,
        questions,
        ...failed,
        fields: wrong ? { ...fields, answer0: wrong } : fields,
      });
    }
    redirect(303, `/${event.params.station}/login?notice=reset`);
  },
};
