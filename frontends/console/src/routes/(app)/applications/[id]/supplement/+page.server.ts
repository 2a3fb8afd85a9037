import type { ActionInput } from '@hall/web/server';
import { fieldLabels } from '../application.server';
import { decide, loadForAction, text } from '../action.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * 补齐补正: the clerk ticks exactly the materials and the fields the applicant must supply again
 * and says why; the applicant can then change only those. 窗口提交 materials are collected at the
 * window and are not offered.
 */
export const load: PageServerLoad = async (event) => {
  const { app, head } = await loadForAction(event, 'request_supplement');
  const provided = new Map(app.materials.map((m) => [m.materialId, m]));
  return {
    head,
    materialOptions: app.item.materials
      .filter((m) => m.collection === 'upload')
      .map((m) => {
        const p = provided.get(m.id);
        const files = p?.files.length ?? 0;
        return {
          value: m.id,
          label: m.name,
          hint: files ? `已上传 ${files} 个文件` : (p?.provisionLabel ?? '未提供'),
        };
      }),
    fieldOptions: [...fieldLabels(app)].map(([value, label]) => ({
      value,
      label,
      hint: value.startsWith('basic/') ? '基本信息' : '表单信息',
    })),
  };
};

/** The service's field paths on this form: the lists fold onto their checkbox groups. */
function fieldOf(path: string): string {
  if (path === 'supplement' || path.startsWith('supplement/materials')) return 'materials';
  if (path.startsWith('supplement/fields')) return 'fields';
  if (path === 'supplement/note') return 'note';
  return path;
}

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const strings = (name: string) =>
      data.getAll(name).filter((v): v is string => typeof v === 'string');
    const values = {
      materials: strings('materials'),
      fields: strings('fields'),
      note: text(data, 'note'),
    };
    const input: ActionInput = { supplement: values };
    return decide(event, 'request_supplement', data, {
      values,
      input,
      formFields: ['materials', 'fields', 'note'],
      fieldOf,
    });
  },
};
