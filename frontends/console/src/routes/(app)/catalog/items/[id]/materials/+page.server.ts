import { formText } from '@hall/web/server';
import { fail, redirect } from '@sveltejs/kit';
import { catalogAdmin, requireCatalogEditor, type Material } from '$lib/server/catalog';
import { setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import { collections, labelOf, media, necessities } from '../../../labels';
import { moveInList } from '../../../reorder';
import { actionFailure, itemHead, loadItem, postedRevision, working } from '../../item.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** 材料清单 of the item's draft (or of the published version, which a change turns into one). */
export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const item = await loadItem(event, station);
  const def = working(item);
  return {
    item: itemHead(item),
    materials: def.materials.map((m) => ({
      id: m.id,
      name: m.name,
      media: m.media.map((x) => labelOf(media, x)).join('、'),
      necessity: labelOf(necessities, m.necessity),
      necessityKey: m.necessity,
      collection: labelOf(collections, m.collection),
      files: [
        m.collection === 'upload' ? `${m.fileTypes.join('、') || '—'}，不超过${m.maxSizeMb}MB` : '',
        m.media.includes('paper') ? `纸质${m.copies}份` : '',
      ]
        .filter(Boolean)
        .join('；'),
      blankFormId: m.blankFormId,
      sampleId: m.sampleId,
    })),
  };
};

type ListChange = (
  materials: Material[],
  materialId: string,
  data: FormData,
) => { materials: Material[]; done: string } | null;

/**
 * One change of the list, saved into the draft at the revision the page showed: another
 * person's change in between is refused, and the page shows the latest list.
 */
async function changeList(event: RequestEvent, change: ListChange) {
  const { station } = requireCatalogEditor(event);
  const id = event.params.id;
  const data = await event.request.formData();
  const materialId = formText(data, 'materialId');
  const revision = postedRevision(data);
  if (Number.isNaN(revision) || !materialId) return fail(400, { message: '请求无效，请重试' });
  let done: string;
  try {
    const api = catalogAdmin();
    const ctx = callContext(event);
    const item = await api.item(station, id, ctx);
    const def = working(item);
    const result = change(def.materials, materialId, data);
    if (!result) return fail(404, { message: '该材料不存在或已被删除，页面已更新' });
    done = result.done;
    await api.saveDraft(station, id, { ...def, materials: result.materials }, revision, ctx);
  } catch (err) {
    return actionFailure(err, event.url.pathname);
  }
  setFlash(event, done);
  redirect(303, `/catalog/items/${id}/materials`);
}

export const actions: Actions = {
  /** 上移 / 下移 one place. */
  move: (event) =>
    changeList(event, (materials, materialId, data) => {
      const up = formText(data, 'direction') === 'up';
      const moved = moveInList(materials, (m) => m.id === materialId, up);
      if (!moved) return null;
      return {
        materials: moved.list,
        done: `操作成功：已将材料“${moved.item.name}”${up ? '上移' : '下移'}`,
      };
    }),
  /** 删除 from the draft's list (the published version keeps it until the draft is published). */
  remove: (event) =>
    changeList(event, (materials, materialId) => {
      const gone = materials.find((m) => m.id === materialId);
      if (!gone) return null;
      return {
        materials: materials.filter((m) => m.id !== materialId),
        done: `操作成功：已删除材料“${gone.name}”`,
      };
    }),
};
