import { error, fail, redirect } from '@sveltejs/kit';
import { formText } from '@hall/web/server';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { requireStationAdmin } from '$lib/server/guards';
import { callContext, identity } from '$lib/server/services';
import { loadMember, staffRow } from '$lib/server/staff';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { user, station } = requireStationAdmin(event);
  const member = await loadMember(event, station, event.params.id);
  if (member.id === user.id) error(403, '不能停用自己的账号');
  if (member.roles.includes('station_admin'))
    error(403, '站点管理员账号只能由平台运维人员停用或启用');
  return { member: staffRow(member) };
};

export const actions: Actions = {
  /** 停用 / 启用 after confirmation; identity ends a disabled account's sessions at once. */
  default: async (event) => {
    const { station } = requireStationAdmin(event);
    const data = await event.request.formData();
    const enabled = formText(data, 'enabled');
    if (enabled !== 'true' && enabled !== 'false')
      return fail(400, { message: '请求无效，请重试' });
    let updated;
    try {
      updated = await identity().updateStaff(
        station,
        event.params.id,
        { enabled: enabled === 'true' },
        callContext(event),
      );
    } catch (err) {
      const { status, data: failed } = consoleFormFailure(
        err,
        {},
        [],
        `/staff/${event.params.id}/status`,
      );
      return fail(status, { message: failed.message });
    }
    setFlash(
      event,
      `已${updated.enabled ? '启用' : '停用'}工作人员：${updated.name}（${updated.username}）`,
    );
    redirect(303, '/staff');
  },
};
