import { error } from '@sveltejs/kit';
import { looksLikeId } from '$lib/catalog/filters';
import { fromPublicity, publicity } from '$lib/server/publicity';
import type { PageServerLoad } from './$types';

const NOT_FOUND = '您要查看的公示信息不存在或未到公示期';

/** One 办件公示 entry whose period has begun; anything else is the 404 page. */
export const load: PageServerLoad = async ({ params }) => {
  if (!looksLikeId(params.id)) error(404, NOT_FOUND);
  const entry = await fromPublicity(publicity().entry(params.station, params.id), NOT_FOUND);
  return { entry };
};
