import { formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import {
  catalogAdmin,
  catalogFormFailure,
  requireCatalogEditor,
  wholeNumber,
  type DepartmentPatch,
} from '$lib/server/catalog';
import { setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import { loadDepartment } from '../department.server';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['name', 'code', 'sortOrder'] as const;

export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  return { department: await loadDepartment(event, station) };
};

export const actions: Actions = {
  /** 编辑部门: only what changed is sent, so the audit log records what really changed. */
  default: async (event) => {
    const { station } = requireCatalogEditor(event);
    const department = await loadDepartment(event, station);
    const data = await event.request.formData();
    const values = {
      name: formText(data, 'name'),
      code: formText(data, 'code'),
      sortOrder: formText(data, 'sortOrder'),
    };
    const patch: DepartmentPatch = {};
    if (values.name.trim() !== department.name) patch.name = values.name.trim();
    if (values.code.trim() !== department.code) patch.code = values.code.trim();
    // Blank leaves the order as it is; a number typed wrongly goes as typed (catalog refuses it).
    const sortOrder = wholeNumber(values.sortOrder);
    if (sortOrder !== null && sortOrder !== department.sortOrder)
      patch.sortOrder = sortOrder as number;
    if (Object.keys(patch).length === 0) {
      setFlash(event, `部门“${department.name}”没有变化，未作修改`);
      redirect(303, '/catalog/departments');
    }
    let updated;
    try {
      updated = await catalogAdmin().updateDepartment(
        station,
        department.id,
        patch,
        callContext(event),
      );
    } catch (err) {
      return catalogFormFailure(err, values, FIELDS, `/catalog/departments/${department.id}`, {
        integers: ['sortOrder'],
      });
    }
    setFlash(event, `操作成功：已保存部门“${updated.name}”`);
    redirect(303, '/catalog/departments');
  },
};
