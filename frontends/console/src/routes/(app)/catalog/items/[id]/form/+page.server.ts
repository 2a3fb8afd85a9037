import { formText } from '@hall/web/server';
import { checkBusinessForm, type BusinessForm } from '@hall/platform/forms';
import { requireCatalogEditor } from '$lib/server/catalog';
import { formFieldList } from '../../../form-fields';
import {
  applyField,
  checkCandidate,
  emptyFieldForm,
  fieldFormValues,
  moveField,
  readFieldForm,
  removeField,
  type FieldFormValues,
} from '../../form-designer';
import { saveBusinessForm, type FormEdit } from '../../form-save.server';
import { itemHead, loadItem, working } from '../../item.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * 业务表单 designer: the draft's form (fields with 上移 / 下移 / 删除), the add/edit-field form
 * (`?edit=<key>` edits one), and the citizen's view beside it.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const item = await loadItem(event, station);
  const form = (working(item).form as BusinessForm | null) ?? null;
  const editKey = event.url.searchParams.get('edit') ?? '';
  const editing = form && editKey ? fieldFormValues(form, editKey) : null;
  return {
    item: itemHead(item),
    form,
    rows: formFieldList(form),
    editing: editing ? editKey : null,
    editMissing: editKey !== '' && !editing,
    fieldValues: editing ?? { ...emptyFieldForm(), formTitle: form?.title ?? '' },
  };
};

const back = (id: string) => `/catalog/items/${id}/form`;

/** 添加字段 / 保存字段: the field put into the form, checked by the checker before saving. */
const saveField: FormEdit<FieldFormValues> = (current, data) => {
  const values = readFieldForm(data);
  const checked = checkCandidate(applyField(current, values), values.key);
  if (!checked.ok) {
    return {
      ok: false,
      status: 400,
      values,
      message: '业务表单有误，未保存',
      fields: checked.fields,
      other: checked.other,
    };
  }
  const title = values.fieldTitle.trim();
  return {
    ok: true,
    form: checked.form,
    values,
    done: values.originalKey
      ? `操作成功：已保存字段“${title}”`
      : current
        ? `操作成功：已添加字段“${title}”`
        : `操作成功：已创建业务表单“${checked.form.title}”并添加字段“${title}”`,
  };
};

type Plain = Record<string, string>;

/** One field of the list: 上移 / 下移 / 删除. */
const listEdit =
  (kind: 'move' | 'remove'): FormEdit<Plain> =>
  (current, data) => {
    const key = formText(data, 'key');
    const values = { key };
    const missing = {
      ok: false as const,
      status: 404,
      values,
      message: '该字段不存在或已被删除，页面已更新',
      fields: {},
    };
    if (!current || !(key in current.properties)) return missing;
    const title = current.properties[key]!.title;
    if (kind === 'remove') {
      const next = removeField(current, key);
      return {
        ok: true,
        form: next,
        values,
        done: next
          ? `操作成功：已删除字段“${title}”`
          : `操作成功：已删除字段“${title}”；表单已没有字段，业务表单已移除`,
      };
    }
    const up = formText(data, 'direction') === 'up';
    const next = moveField(current, key, up);
    if (!next) return missing;
    return {
      ok: true,
      form: next,
      values,
      done: `操作成功：已将字段“${title}”${up ? '上移' : '下移'}`,
    };
  };

/** 表单标题和说明. */
const settings: FormEdit<Plain> = (current, data) => {
  const values = {
    formTitle: formText(data, 'formTitle'),
    formDescription: formText(data, 'formDescription'),
  };
  if (!current)
    return { ok: false, status: 409, values, message: '请先添加字段以创建业务表单', fields: {} };
  const next: Record<string, unknown> = { ...current, title: values.formTitle.trim() };
  if (values.formDescription.trim()) next.description = values.formDescription.trim();
  else delete next.description;
  const result = checkBusinessForm(next);
  if (!result.ok) {
    const fields: Record<string, string> = {};
    for (const e of result.errors)
      fields[e.field === 'description' ? 'formDescription' : 'formTitle'] ??= e.message;
    return { ok: false, status: 400, values, message: '业务表单有误，未保存', fields };
  }
  return { ok: true, form: result.form, values, done: '操作成功：已保存表单标题和说明' };
};

/** 删除业务表单: the item has none (applications then ask for no form). */
const removeForm: FormEdit<Plain> = (current) => ({
  ok: true,
  form: null,
  values: {},
  done: current ? `操作成功：已删除业务表单“${current.title}”` : '该事项没有业务表单',
});

export const actions: Actions = {
  field: (event) =>
    saveBusinessForm(event, saveField, {
      back: back(event.params.id),
      action: 'field',
      errorKey: (v) => v.key,
    }),
  move: (event) =>
    saveBusinessForm(event, listEdit('move'), { back: back(event.params.id), action: 'move' }),
  remove: (event) =>
    saveBusinessForm(event, listEdit('remove'), { back: back(event.params.id), action: 'remove' }),
  settings: (event) =>
    saveBusinessForm(event, settings, { back: back(event.params.id), action: 'settings' }),
  removeForm: (event) =>
    saveBusinessForm(event, removeForm, { back: back(event.params.id), action: 'removeForm' }),
};
