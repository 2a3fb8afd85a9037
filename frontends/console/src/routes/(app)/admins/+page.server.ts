import { requireOperator } from '$lib/server/guards';
import { loadStaff, staffRow } from '$lib/server/staff';
import { loadAllStations } from '$lib/server/stations';
import { groupStations } from '$lib/stations';
import type { PageServerLoad } from './$types';

/** 站点管理员: pick a station (a GET form), see its station admins, add one. */
export const load: PageServerLoad = async (event) => {
  requireOperator(event);
  const stations = await loadAllStations(event);
  const key = event.url.searchParams.get('station') ?? '';
  const picked = stations.find((s) => s.key === key) ?? null;
  const admins = picked
    ? (await loadStaff(event, picked.key)).filter((m) => m.roles.includes('station_admin'))
    : [];
  return {
    picked: picked ? { key: picked.key, name: picked.name, enabled: picked.enabled } : null,
    unknown: key !== '' && !picked ? key : null,
    admins: admins.map(staffRow),
    stationGroups: groupStations(stations).map((g) => ({
      label: g.label,
      options: g.stations.map((s) => ({
        value: s.key,
        label: s.enabled ? s.name : `${s.name}（已停用）`,
      })),
    })),
  };
};
