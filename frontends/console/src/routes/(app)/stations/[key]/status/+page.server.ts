import { fail, redirect } from '@sveltejs/kit';
import { formText } from '@hall/web/server';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { requireOperator } from '$lib/server/guards';
import { callContext, forgetStations, identity } from '$lib/server/services';
import { loadStation, stationRow } from '$lib/server/stations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireOperator(event);
  return { managed: stationRow(await loadStation(event, event.params.key)) };
};

export const actions: Actions = {
  /** 停用 / 启用 a station, after confirmation. */
  default: async (event) => {
    requireOperator(event);
    const data = await event.request.formData();
    const enabled = formText(data, 'enabled');
    if (enabled !== 'true' && enabled !== 'false')
      return fail(400, { message: '请求无效，请重试' });
    let updated;
    try {
      updated = await identity().updateStation(
        event.params.key,
        { enabled: enabled === 'true' },
        callContext(event),
      );
    } catch (err) {
      const { status, data: failed } = consoleFormFailure(
        err,
        {},
        [],
        `/stations/${event.params.key}/status`,
      );
      return fail(status, { message: failed.message });
    }
    forgetStations();
    setFlash(
      event,
      `已${updated.enabled ? '启用' : '停用'}站点：${updated.name}（${updated.key}）`,
    );
    redirect(303, '/stations');
  },
};
