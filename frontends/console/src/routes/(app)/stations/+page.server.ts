import { requireOperator } from '$lib/server/guards';
import { loadAllStations, stationRow } from '$lib/server/stations';
import { groupStations } from '$lib/stations';
import type { PageServerLoad } from './$types';

/** 站点管理: every station, disabled ones included, grouped by kind. */
export const load: PageServerLoad = async (event) => {
  requireOperator(event);
  const stations = await loadAllStations(event);
  return {
    groups: groupStations(stations.map(stationRow)),
    total: stations.length,
    disabled: stations.filter((s) => !s.enabled).length,
  };
};
