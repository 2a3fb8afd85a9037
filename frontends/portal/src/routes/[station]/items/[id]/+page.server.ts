import { error } from '@sveltejs/kit';
import { looksLikeId } from '$lib/catalog/filters';
import { catalog, fromCatalog, NOT_FOUND_ITEM } from '$lib/server/catalog';
import type { PageServerLoad } from './$types';

/** 办事指南: the published guide of an item of this station (another station's is a 404). */
export const load: PageServerLoad = async ({ params }) => {
  if (!looksLikeId(params.id)) error(404, NOT_FOUND_ITEM);
  const guide = await fromCatalog(catalog().item(params.station, params.id));
  // The catalog answers per station already; this keeps the boundary should it ever not.
  if (guide.station !== params.station) error(404, NOT_FOUND_ITEM);
  return { guide };
};
