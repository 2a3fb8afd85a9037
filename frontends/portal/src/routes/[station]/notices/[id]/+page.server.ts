import { error } from '@sveltejs/kit';
import { looksLikeId } from '$lib/catalog/filters';
import { fromPublicity, publicity } from '$lib/server/publicity';
import type { PageServerLoad } from './$types';

const NOT_FOUND = '您要查看的通知公告不存在或已撤回';

/** 通知公告详情页 (manual 6.3.3): a published notice of this station; anything else is the 404 page. */
export const load: PageServerLoad = async ({ params }) => {
  if (!looksLikeId(params.id)) error(404, NOT_FOUND);
  const notice = await fromPublicity(publicity().notice(params.station, params.id), NOT_FOUND);
  return { notice };
};
