import { formText } from '@hall/web/server';
import { fail, redirect } from '@sveltejs/kit';
import { catalogAdmin, catalogFormFailure, requireCatalogEditor } from '$lib/server/catalog';
import { setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import { loadDepartment } from '../../department.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  return { department: await loadDepartment(event, station) };
};

export const actions: Actions = {
  /** 停用 / 启用 after confirmation; the target state is posted, so a repeat changes nothing. */
  default: async (event) => {
    const { station } = requireCatalogEditor(event);
    const data = await event.request.formData();
    const enabled = formText(data, 'enabled');
    if (enabled !== 'true' && enabled !== 'false')
      return fail(400, { message: '请求无效，请重试' });
    let updated;
    try {
      updated = await catalogAdmin().updateDepartment(
        station,
        event.params.id,
        { enabled: enabled === 'true' },
        callContext(event),
      );
    } catch (err) {
      const { status, data: failed } = catalogFormFailure(
        err,
        {},
        [],
        `/catalog/departments/${event.params.id}/status`,
      );
      return fail(status, { message: failed.message });
    }
    setFlash(event, `操作成功：已${updated.enabled ? '启用' : '停用'}部门“${updated.name}”`);
    redirect(303, '/catalog/departments');
  },
};
