/** The station registry as operators see it: every station, disabled ones included. */
import type { Station } from '@hall/web';
import { error } from '@sveltejs/kit';
import { stationKindLabel } from '$lib/stations';
import { pageProblem } from './forms';
import { callContext, identity } from './services';

type Event = Parameters<typeof callContext>[0] & { url: URL };

export async function loadAllStations(event: Event): Promise<Station[]> {
  try {
    return await identity().allStations(callContext(event));
  } catch (err) {
    pageProblem(err, event.url.pathname + event.url.search);
  }
}

export async function loadStation(event: Event, key: string): Promise<Station> {
  const station = (await loadAllStations(event)).find((s) => s.key === key);
  if (!station) error(404, `站点“${key}”不存在`);
  return station;
}

export interface StationRow {
  key: string;
  name: string;
  kind: string;
  kindLabel: string;
  divisionCode: string;
  enabled: boolean;
}

export const stationRow = (s: Station): StationRow => ({
  key: s.key,
  name: s.name,
  kind: s.kind,
  kindLabel: stationKindLabel(s.kind),
  divisionCode: s.divisionCode ?? '—',
  enabled: s.enabled,
});
