import { requireUser } from '$lib/server/guards';
import type { LayoutServerLoad } from './$types';

/** Every console page but 登录 is for the signed-in: others sign in first and come back. */
export const load: LayoutServerLoad = (event) => {
  requireUser(event);
  return {};
};
