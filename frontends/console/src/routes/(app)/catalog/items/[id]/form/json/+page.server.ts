import { formText } from '@hall/web/server';
import { requireCatalogEditor } from '$lib/server/catalog';
import { checkFormJson, formJson } from '../../../form-json';
import { saveBusinessForm, type FormEdit } from '../../../form-save.server';
import { itemHead, loadItem, working } from '../../../item.server';
import type { Actions, PageServerLoad } from './$types';

/** A form to start from when the item has none: one text field, to be edited. */
const STARTER = {
  type: 'object',
  title: '申请表',
  required: ['example'],
  properties: {
    example: { type: 'string', title: '示例字段', 'x-widget': 'text', maxLength: 60 },
  },
  'x-order': ['example'],
};

export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const item = await loadItem(event, station);
  const form = working(item).form;
  return {
    item: itemHead(item),
    form,
    json: formJson(form ?? STARTER),
  };
};

/** 保存 the whole schema as typed: refused with the checker's errors (paths and messages). */
const saveJson: FormEdit<{ schema: string }> = (_current, data) => {
  const values = { schema: formText(data, 'schema') };
  const checked = checkFormJson(values.schema);
  if (!checked.ok) {
    return {
      ok: false,
      status: 400,
      values,
      message: checked.message,
      fields: { schema: checked.errors[0]?.message ?? checked.message },
      other: checked.errors.map((e) => (e.path ? `${e.path}：${e.message}` : e.message)),
    };
  }
  return {
    ok: true,
    form: checked.form,
    values,
    done: `操作成功：已保存业务表单“${checked.form.title}”`,
  };
};

export const actions: Actions = {
  default: (event) =>
    saveBusinessForm(event, saveJson, {
      back: `/catalog/items/${event.params.id}/form`,
      action: 'json',
    }),
};
