import { error, fail } from '@sveltejs/kit';
import { stationDepartments } from '$lib/server/letters';
import { act, loadForAction, text } from '../action.server';
import type { Actions, PageServerLoad } from './$types';

/** 转办: the station's departments to choose from (the catalog's enabled ones, in order). */
export const load: PageServerLoad = async (event) => {
  const { letter, head, content } = await loadForAction(event, 'assign');
  const departments = await stationDepartments(letter.station).catch(() =>
    error(503, '部门列表暂时无法读取，请稍后再试'),
  );
  return { head, content, departments, currentDepartment: letter.departmentId ?? '' };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = { departmentId: text(data, 'departmentId'), note: text(data, 'note') };
    // Nothing chosen is the form's own mistake: the service is not asked.
    if (!values.departmentId)
      return fail(400, {
        values,
        message: '请检查填写的内容',
        fields: { departmentId: '请选择转办部门' } as Record<string, string>,
      });
    return act(event, 'assign', data, {
      values,
      input: { departmentId: values.departmentId, ...(values.note ? { note: values.note } : {}) },
      formFields: ['departmentId', 'note'],
    });
  },
};
