import { formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { requireStationAdmin } from '$lib/server/guards';
import { callContext, identity } from '$lib/server/services';
import {
  checkedRoles,
  departmentOf,
  grantableRoles,
  loadMember,
  staffRow,
} from '$lib/server/staff';
import type { StaffPatch } from '@hall/web';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['name', 'departmentId', 'roles'] as const;

export const load: PageServerLoad = async (event) => {
  const { user, station } = requireStationAdmin(event);
  const member = await loadMember(event, station, event.params.id);
  const self = member.id === user.id;
  return {
    member: staffRow(member),
    self,
    // Another station admin's account is the operators' to manage.
    locked: member.roles.includes('station_admin') && !self,
    roleOptions: grantableRoles,
  };
};

export const actions: Actions = {
  /** 修改工作人员: only what changed is sent, so the audit log records what really changed. */
  default: async (event) => {
    const { user, station } = requireStationAdmin(event);
    const id = event.params.id;
    const member = await loadMember(event, station, id);
    const data = await event.request.formData();
    const roles = checkedRoles(data);
    // A station admin editing their own account keeps the role only operators hand out.
    if (
      id === user.id &&
      member.roles.includes('station_admin') &&
      !roles.includes('station_admin')
    )
      roles.push('station_admin');
    const values = {
      name: formText(data, 'name'),
      departmentId: formText(data, 'departmentId'),
      roles: roles as string[],
    };
    const patch: StaffPatch = {};
    if (values.name.trim() !== member.name) patch.name = values.name;
    const department = departmentOf(data);
    if (department !== member.departmentId) patch.departmentId = department;
    if ([...roles].sort().join() !== [...member.roles].sort().join()) patch.roles = roles;
    if (Object.keys(patch).length === 0) {
      setFlash(event, `${member.name}的信息没有变化，未作修改`);
      redirect(303, '/staff');
    }
    let updated;
    try {
      updated = await identity().updateStaff(station, id, patch, callContext(event));
    } catch (err) {
      return consoleFormFailure(err, values, FIELDS, `/staff/${id}`);
    }
    setFlash(event, `已保存${updated.name}（${updated.username}）的信息`);
    redirect(303, '/staff');
  },
};
