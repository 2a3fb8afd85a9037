import { timestampDate } from '@bufbuild/protobuf/wkt';
import { HallError, Statement, isStationKey, type Executor } from '@hall/platform';
import type { Station } from '@hall/proto/hall/identity/v1/station_pb';
import { eq, inArray, like, sql } from 'drizzle-orm';
import { stations } from '../db/schema';

/** Serial prefixes of stations without a division code: 500901, 500902, … */
const ZONE_PREFIX_BASE = 500900;

export interface StationInfo {
  key: string;
  name: string;
  enabled: boolean;
  serialPrefix: string;
}

/** The station of a new application: unknown and disabled stations answer 404. */
export async function requireStation(tx: Executor, key: string): Promise<StationInfo> {
  const station = isStationKey(key) ? await findStation(tx, key) : null;
  if (!station?.enabled) throw HallError.notFound('站点不存在');
  return station;
}

const stationByKey = new Statement((executor) =>
  executor
    .select({
      key: stations.key,
      name: stations.name,
      enabled: stations.enabled,
      serialPrefix: stations.serialPrefix,
    })
    .from(stations)
    .where(eq(stations.key, sql.placeholder('key'))),
);

export async function findStation(tx: Executor, key: string): Promise<StationInfo | null> {
  const [row] = await stationByKey.run(tx, { key });
  return row ?? null;
}

/** Display names of stations by key (read model; no row-level security). */
export async function stationNames(tx: Executor, keys: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({ key: stations.key, name: stations.name })
    .from(stations)
    .where(inArray(stations.key, unique));
  return new Map(rows.map((r) => [r.key, r.name]));
}

/**
 * Store stations as identity announced them; an older announcement never overwrites a newer
 * one. A station's serial prefix is its division code; a special zone (no division code) keeps
 * the 5009xx prefix it was given when first seen, so its serials never change shape.
 */
export async function upsertStations(tx: Executor, list: Station[]): Promise<void> {
  if (list.length === 0) return;
  // Replicas syncing at once would race for the next zone prefix: take turns.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('submissions.stations'))`);
  const known = new Map(
    (
      await tx
        .select({ key: stations.key, serialPrefix: stations.serialPrefix })
        .from(stations)
        .where(
          inArray(
            stations.key,
            list.map((s) => s.key),
          ),
        )
    ).map((r) => [r.key, r.serialPrefix]),
  );
  const [{ max } = { max: null }] = await tx
    .select({ max: sql<string | null>`max(${stations.serialPrefix})` })
    .from(stations)
    .where(like(stations.serialPrefix, '5009%'));
  let nextZone = Math.max(ZONE_PREFIX_BASE, max ? Number(max) : ZONE_PREFIX_BASE) + 1;

  for (const s of list) {
    if (!isStationKey(s.key)) continue;
    const division = s.divisionCode && /^\d{6}$/.test(s.divisionCode) ? s.divisionCode : null;
    let prefix = division ?? known.get(s.key);
    if (!prefix || (!division && !prefix.startsWith('5009'))) prefix = String(nextZone++);
    await tx
      .insert(stations)
      .values({
        key: s.key,
        name: s.name,
        enabled: s.enabled,
        sortOrder: s.sortOrder,
        divisionCode: division,
        serialPrefix: prefix,
        updatedAt: s.updatedAt ? timestampDate(s.updatedAt) : new Date(0),
      })
      .onConflictDoUpdate({
        target: stations.key,
        set: {
          name: sql`excluded.name`,
          enabled: sql`excluded.enabled`,
          sortOrder: sql`excluded.sort_order`,
          divisionCode: sql`excluded.division_code`,
          serialPrefix: sql`excluded.serial_prefix`,
          updatedAt: sql`excluded.updated_at`,
        },
        setWhere: sql`${stations.updatedAt} <= excluded.updated_at`,
      });
  }
}
