import { loadFromCatalog, requireCatalogEditor } from '$lib/server/catalog';
import type { PageServerLoad } from './$types';

/** 部门管理: every department of the editor's station (from the token), disabled ones too. */
export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const departments = await loadFromCatalog(event, (api, ctx) => api.departments(station, ctx));
  return { departments };
};
