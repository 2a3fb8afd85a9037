import { sql } from 'drizzle-orm';
import { pgPolicy, text } from 'drizzle-orm/pg-core';

/**
 * The GUC a unit of work sets to the station it acts for. Row-level security policies compare
 * every station-scoped row against it; `*` (never a valid station key) opens all stations and
 * is only set by `withAllStations`, for platform operators and background work.
 */
export const STATION_SETTING = 'app.station';
export const ALL_STATIONS = '*';

/** Station keys: `cq`, `yuzhong`, `liangjiang`, … */
export const STATION_KEY_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;

export function isStationKey(value: string): boolean {
  return STATION_KEY_PATTERN.test(value);
}

/** The `station` column every tenant-scoped table carries. */
export const stationColumn = () => text('station').notNull();

/**
 * The policy every tenant-scoped table declares (drizzle-kit then emits ENABLE ROW LEVEL
 * SECURITY and CREATE POLICY into the migration). An unset setting reads as '' or NULL after
 * a transaction ends: both match nothing. The setting is read in a sub-select so PostgreSQL
 * evaluates it once per query (an InitPlan) rather than once per row: on a page of a million-row
 * table that halves what the policy costs.
 */
export const stationIsolation = (column = 'station') => {
  const check = sql`${sql.identifier(column)} = (select current_setting('app.station', true)) or (select current_setting('app.station', true)) = '*'`;
  return pgPolicy('station_isolation', {
    as: 'permissive',
    for: 'all',
    using: check,
    withCheck: check,
  });
};
