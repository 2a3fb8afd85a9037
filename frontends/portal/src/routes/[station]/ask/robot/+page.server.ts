import { fail, type RequestEvent } from '@sveltejs/kit';
import { ProblemError, safeReturnPath } from '@hall/web';
import { MAX_QUESTION_LENGTH, type AskAnswer } from '@hall/web/server';
import { assistant } from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import type { Exchange } from './exchange';
import type { Actions, PageServerLoad } from './$types';

/** The robot's links stay within this site: anything else is dropped. */
function sameSite(answer: AskAnswer, station: string): AskAnswer {
  return {
    ...answer,
    items: answer.items.map((item) => ({
      ...item,
      href: safeReturnPath(item.href, `/${station}/items/${encodeURIComponent(item.id)}`),
    })),
    links: answer.links.filter((link) => safeReturnPath(link.href, '') !== ''),
  };
}

async function ask(
  event: RequestEvent,
  raw: string,
): Promise<{ status: number; exchange: Exchange }> {
  const question = raw.trim();
  const refused = (status: number, error: string) => ({
    status,
    exchange: { question, answer: null, error },
  });
  if (!question) return refused(400, '请输入您的问题');
  if (question.length > MAX_QUESTION_LENGTH)
    return refused(400, `问题不能超过${MAX_QUESTION_LENGTH}字，请简要描述`);
  const station = event.params.station!;
  try {
    const answer = await assistant().ask(station, question, callContext(event));
    return { status: 200, exchange: { question, answer: sameSite(answer, station), error: null } };
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 429) return refused(429, '提问过于频繁，请稍后再试');
    if (err.status === 400) return refused(400, err.problem.title);
    return refused(503, '问答机器人暂时无法回答，请稍后再试');
  }
}

/**
 * 问答机器人 (manual 4.4): without JavaScript the form is a GET (`?q=`) and this page shows the
 * question and its answer; with JavaScript the page asks `?/ask` and keeps the conversation.
 */
export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get('q');
  if (q === null) return { first: null };
  return { first: (await ask(event, q.slice(0, MAX_QUESTION_LENGTH * 2))).exchange };
};

export const actions: Actions = {
  ask: async (event) => {
    const data = await event.request.formData();
    const { status, exchange } = await ask(event, String(data.get('q') ?? ''));
    return status === 200 ? { exchange } : fail(status, { exchange });
  },
};
