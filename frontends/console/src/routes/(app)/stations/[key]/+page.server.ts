import { formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
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
  /** 修改站点名称. */
  default: async (event) => {
    requireOperator(event);
    const data = await event.request.formData();
    const values = { name: formText(data, 'name') };
    const key = event.params.key;
    let updated;
    try {
      updated = await identity().updateStation(key, { name: values.name }, callContext(event));
    } catch (err) {
      return consoleFormFailure(err, values, ['name'], `/stations/${key}`);
    }
    forgetStations();
    setFlash(event, `已将站点 ${updated.key} 的名称改为“${updated.name}”`);
    redirect(303, '/stations');
  },
};
