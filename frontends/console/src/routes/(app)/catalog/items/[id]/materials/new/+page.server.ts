import { requireCatalogEditor } from '$lib/server/catalog';
import { itemHead, loadItem } from '../../../item.server';
import { saveMaterial } from '../../../material-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  return { item: itemHead(await loadItem(event, station)) };
};

export const actions: Actions = {
  /** 新增材料: appended to the draft's list. */
  default: (event) => saveMaterial(event, null),
};
