import { error } from '@sveltejs/kit';
import { catalogAdmin, requireCatalogEditor } from '$lib/server/catalog';
import { callContext } from '$lib/server/services';
import { itemHead, loadItem, working } from '../../../item.server';
import { materialFormValues, saveMaterial } from '../../../material-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const item = await loadItem(event, station);
  const material = working(item).materials.find((m) => m.id === event.params.materialId);
  if (!material) error(404, '该材料不存在或已被删除');
  const api = catalogAdmin();
  const ctx = callContext(event);
  const [blankForm, sample] = await Promise.all([
    material.blankFormId ? api.attachmentName(station, material.blankFormId, ctx) : null,
    material.sampleId ? api.attachmentName(station, material.sampleId, ctx) : null,
  ]);
  return {
    item: itemHead(item),
    values: materialFormValues(material, { blankForm: blankForm ?? '', sample: sample ?? '' }),
  };
};

export const actions: Actions = {
  /** 保存 the material in place in the draft's list. */
  default: (event) => saveMaterial(event, event.params.materialId),
};
