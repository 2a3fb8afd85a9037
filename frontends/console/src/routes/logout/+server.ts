import { redirect } from '@sveltejs/kit';
import { session } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** 退出: ends the session at identity (audited there) and forgets its cookies. */
export const POST: RequestHandler = async (event) => {
  await session().end(event);
  redirect(303, '/login?notice=signed_out');
};
