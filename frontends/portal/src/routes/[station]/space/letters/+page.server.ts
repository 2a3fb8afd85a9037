import { fromLetters, letters } from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 10;

/** 我的咨询 (manual 5.2, figure 5.2.4): the account's letters of every station, newest first. */
export const load: PageServerLoad = async (event) => {
  const page = Math.max(1, Math.floor(Number(event.url.searchParams.get('page'))) || 1);
  const list = await fromLetters(letters().mine({ page, pageSize: PAGE_SIZE }, callContext(event)));
  return { list };
};
