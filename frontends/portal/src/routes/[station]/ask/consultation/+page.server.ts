import { catalog, fromCatalog } from '$lib/server/catalog';
import type { PageServerLoad } from './$types';

/** 我要咨询 (manual 4.1): choose the department to ask. */
export const load: PageServerLoad = async ({ params }) => ({
  departments: (await fromCatalog(catalog().departments(params.station))).map(({ id, name }) => ({
    id,
    name,
  })),
});
