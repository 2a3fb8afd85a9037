import { redirect } from '@sveltejs/kit';
import {
  catalogAdmin,
  catalogFormFailure,
  loadFromCatalog,
  requireCatalogEditor,
} from '$lib/server/catalog';
import { setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import { ITEM_FIELDS } from '../item-form';
import {
  definitionFromForm,
  findParent,
  ITEM_INTEGER_FIELDS,
  itemFieldOf,
  itemMessageFor,
  parentFailure,
  readItemForm,
} from '../item-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const departments = await loadFromCatalog(event, (api, ctx) => api.departments(station, ctx));
  return {
    departments: departments.map((d) => ({
      value: d.id,
      label: d.enabled ? d.name : `${d.name}（已停用）`,
    })),
  };
};

export const actions: Actions = {
  /** 新增事项: its first draft, without materials or business form (their own pages). */
  default: async (event) => {
    const { station } = requireCatalogEditor(event);
    const values = readItemForm(await event.request.formData());
    const ctx = callContext(event);
    let created;
    try {
      const api = catalogAdmin();
      const parent = await findParent(api, station, values.parentCode, null, ctx);
      if (!parent.ok) return parentFailure(values, parent.message);
      created = await api.createItem(
        station,
        definitionFromForm(values, parent.parentId, { materials: [], form: null }),
        ctx,
      );
    } catch (err) {
      return catalogFormFailure(err, values, ITEM_FIELDS, '/catalog/items/new', {
        fieldOf: itemFieldOf,
        integers: ITEM_INTEGER_FIELDS,
        messageFor: itemMessageFor(values),
      });
    }
    setFlash(
      event,
      `操作成功：已新增事项“${values.name.trim()}”（草稿），请继续填写材料清单和业务表单`,
    );
    redirect(303, `/catalog/items/${created.id}`);
  },
};
