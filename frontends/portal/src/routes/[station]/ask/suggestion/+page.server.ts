import { catalog, fromCatalog } from '$lib/server/catalog';
import type { PageServerLoad } from './$types';

/** 建议意见 (manual 4.3): choose the department the suggestion is for. */
export const load: PageServerLoad = async ({ params }) => ({
  departments: (await fromCatalog(catalog().departments(params.station))).map(({ id, name }) => ({
    id,
    name,
  })),
});
