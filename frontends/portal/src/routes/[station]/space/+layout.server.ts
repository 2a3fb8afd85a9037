import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** 【个人/企业空间】 is for the signed-in: others sign in first and come back. */
export const load: LayoutServerLoad = ({ locals, params, url }) => {
  if (!locals.user)
    redirect(303, `/${params.station}/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  return {};
};
