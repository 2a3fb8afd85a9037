import { formText } from '@hall/web/server';
import { fail, redirect } from '@sveltejs/kit';
import {
  catalogAdmin,
  catalogFormFailure,
  loadFromCatalog,
  requireCatalogEditor,
} from '$lib/server/catalog';
import { setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import { ITEM_FIELDS } from '../../item-form';
import {
  definitionFromForm,
  findParent,
  ITEM_INTEGER_FIELDS,
  itemFieldOf,
  itemMessageFor,
  itemFormValues,
  parentCodeOf,
  parentFailure,
  readItemForm,
} from '../../item-form.server';
import {
  CONFLICT_MESSAGE,
  isConflict,
  itemHead,
  loadItem,
  postedRevision,
  working,
} from '../../item.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const [item, departments] = await Promise.all([
    loadItem(event, station),
    loadFromCatalog(event, (api, ctx) => api.departments(station, ctx)),
  ]);
  const def = working(item);
  const parentCode = await parentCodeOf(catalogAdmin(), station, def.parentId, callContext(event));
  return {
    item: itemHead(item, departments),
    values: itemFormValues(def, parentCode),
    departments: departments.map((d) => ({
      value: d.id,
      label: d.enabled ? d.name : `${d.name}（已停用）`,
    })),
  };
};

export const actions: Actions = {
  /**
   * 保存草稿: the form's elements with the draft's materials and business form, sent with the
   * revision the page was loaded at. Someone else's save in between is a 409: the person's input
   * stays on the page, and 用我的内容覆盖 saves it over the newer revision on purpose.
   */
  default: async (event) => {
    const { station } = requireCatalogEditor(event);
    const id = event.params.id;
    const here = `/catalog/items/${id}/edit`;
    const data = await event.request.formData();
    // The revision the person's edits are based on goes back with a refused form, so a later
    // save still detects a change made meanwhile (without JavaScript the page loads afresh).
    const values = { ...readItemForm(data), revision: formText(data, 'revision') };
    const overwrite = formText(data, 'overwrite');
    const revision = /^\d{1,9}$/.test(overwrite) ? Number(overwrite) : postedRevision(data);
    const ctx = callContext(event);
    const api = catalogAdmin();
    let latestRevision: number | null = null;
    try {
      const item = await api.item(station, id, ctx);
      latestRevision = item.revision;
      const parent = await findParent(api, station, values.parentCode, id, ctx);
      if (!parent.ok) return parentFailure(values, parent.message);
      const base = working(item);
      await api.saveDraft(
        station,
        id,
        definitionFromForm(values, parent.parentId, { materials: base.materials, form: base.form }),
        Number.isNaN(revision) ? item.revision : revision,
        ctx,
      );
    } catch (err) {
      if (isConflict(err)) {
        return fail(409, {
          values,
          message: CONFLICT_MESSAGE,
          fields: {} as Record<string, string>,
          conflict: { revision: latestRevision } as { revision: number | null },
        });
      }
      return catalogFormFailure(err, values, ITEM_FIELDS, here, {
        fieldOf: itemFieldOf,
        integers: ITEM_INTEGER_FIELDS,
        messageFor: itemMessageFor(values),
      });
    }
    setFlash(event, `操作成功：已保存“${values.name.trim()}”的草稿`);
    redirect(303, `/catalog/items/${id}`);
  },
};
