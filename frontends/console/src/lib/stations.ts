import type { StationKind } from '@hall/web';

/** Station groups, in the order the hall lists them (as the portal's 【站点切换】). */
export const stationGroups: ReadonlyArray<{ kind: StationKind; label: string }> = [
  { kind: 'municipality', label: '市级' },
  { kind: 'district', label: '区' },
  { kind: 'county', label: '县' },
  { kind: 'autonomous-county', label: '自治县' },
  { kind: 'special-zone', label: '特区' },
];

export const stationKindLabel = (kind: string): string =>
  stationGroups.find((g) => g.kind === kind)?.label ?? kind;

/** Stations grouped by kind, empty groups left out, each group in registry order. */
export function groupStations<S extends { kind: string }>(
  stations: readonly S[],
): Array<{ kind: StationKind; label: string; stations: S[] }> {
  return stationGroups
    .map((g) => ({ ...g, stations: stations.filter((s) => s.kind === g.kind) }))
    .filter((g) => g.stations.length > 0);
}
