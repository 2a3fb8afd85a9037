import { formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { requireStationAdmin } from '$lib/server/guards';
import { callContext, identity } from '$lib/server/services';
import { checkedRoles, departmentOf, grantableRoles } from '$lib/server/staff';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['username', 'password', 'name', 'mobile', 'departmentId', 'roles'] as const;

export const load: PageServerLoad = (event) => {
  requireStationAdmin(event);
  return { roleOptions: grantableRoles };
};

export const actions: Actions = {
  /**
   * 新增工作人员 in the admin's own station: whatever the form says, the station is the token's.
   * station_admin is not offered here; were it posted, identity refuses it (operators only).
   */
  default: async (event) => {
    const { station } = requireStationAdmin(event);
    const data = await event.request.formData();
    const roles = checkedRoles(data);
    const values = {
      username: formText(data, 'username'),
      name: formText(data, 'name'),
      mobile: formText(data, 'mobile'),
      departmentId: formText(data, 'departmentId'),
      roles: roles as string[],
    };
    let created;
    try {
      created = await identity().createStaff(
        station,
        {
          username: values.username.trim(),
          password: formText(data, 'password'),
          name: values.name,
          ...(values.mobile.trim() ? { mobile: values.mobile.trim() } : {}),
          // Left out when blank: identity stores an explicit null as ''.
          ...(departmentOf(data) ? { departmentId: departmentOf(data) } : {}),
          roles,
        },
        callContext(event),
      );
    } catch (err) {
      return consoleFormFailure(err, values, FIELDS, '/staff/new');
    }
    setFlash(event, `已新增工作人员：${created.name}（${created.username}）`);
    redirect(303, '/staff');
  },
};
