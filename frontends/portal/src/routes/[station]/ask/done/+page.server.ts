import { submittedCode } from '$lib/server/letters';
import type { PageServerLoad } from './$types';

/**
 * After 【提交】: the 受理编码 from the one-shot cookie (manual figures 4.1.4, 4.2.3, 4.3.4); a
 * reload finds it gone and says where the letter can be found instead.
 */
export const load: PageServerLoad = (event) => {
  event.setHeaders({ 'cache-control': 'private, no-store' });
  return { code: submittedCode(event) };
};
