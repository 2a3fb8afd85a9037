import { error, fail, redirect } from '@sveltejs/kit';
import { formText } from '@hall/web/server';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { requireOperator } from '$lib/server/guards';
import { callContext, identity } from '$lib/server/services';
import { loadMember, staffRow } from '$lib/server/staff';
import type { Actions, PageServerLoad } from './$types';

/** The station the operator picked on 站点管理员 (operators may manage any station). */
function stationOf(url: URL): string {
  const station = url.searchParams.get('station') ?? '';
  if (!/^[a-z][a-z0-9-]{1,31}$/.test(station)) error(404, '请先在“站点管理员”中选择站点');
  return station;
}

export const load: PageServerLoad = async (event) => {
  requireOperator(event);
  const station = stationOf(event.url);
  const member = await loadMember(event, station, event.params.id);
  if (!member.roles.includes('station_admin')) error(404, '该账号不是站点管理员');
  return { member: staffRow(member), stationKey: station };
};

export const actions: Actions = {
  /** 停用 / 启用 a station admin, after confirmation. */
  default: async (event) => {
    requireOperator(event);
    const station = stationOf(event.url);
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
      const { status, data: failed } = consoleFormFailure(err, {}, [], '/admins');
      return fail(status, { message: failed.message });
    }
    setFlash(
      event,
      `已${updated.enabled ? '启用' : '停用'}站点管理员：${updated.name}（${updated.username}）`,
    );
    redirect(303, `/admins?station=${encodeURIComponent(station)}`);
  },
};
