import { timestampDate } from '@bufbuild/protobuf/wkt';
import { HallError, isStationKey, type Executor } from '@hall/platform';
import type { Station } from '@hall/proto/hall/identity/v1/station_pb';
import { eq, sql } from 'drizzle-orm';
import { stations } from '../db/schema';

export interface StationInfo {
  key: string;
  name: string;
}

/** The station a question is asked at: unknown and disabled stations answer 404. */
export async function requireStation(tx: Executor, key: string): Promise<StationInfo> {
  if (!isStationKey(key)) throw HallError.notFound('站点不存在');
  const [row] = await tx
    .select({ key: stations.key, name: stations.name, enabled: stations.enabled })
    .from(stations)
    .where(eq(stations.key, key));
  if (!row?.enabled) throw HallError.notFound('站点不存在');
  return { key: row.key, name: row.name };
}

/** Keys of the enabled stations, in the registry's order. */
export async function enabledStations(tx: Executor): Promise<string[]> {
  const rows = await tx
    .select({ key: stations.key })
    .from(stations)
    .where(eq(stations.enabled, true))
    .orderBy(stations.sortOrder, stations.key);
  return rows.map((r) => r.key);
}

/** Store stations as identity announced them; an older announcement never overwrites a newer one. */
export async function upsertStations(tx: Executor, list: Station[]): Promise<void> {
  const valid = list.filter((s) => isStationKey(s.key));
  if (valid.length === 0) return;
  await tx
    .insert(stations)
    .values(
      valid.map((s) => ({
        key: s.key,
        name: s.name,
        enabled: s.enabled,
        sortOrder: s.sortOrder,
        updatedAt: s.updatedAt ? timestampDate(s.updatedAt) : new Date(0),
      })),
    )
    .onConflictDoUpdate({
      target: stations.key,
      set: {
        name: sql`excluded.name`,
        enabled: sql`excluded.enabled`,
        sortOrder: sql`excluded.sort_order`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: sql`${stations.updatedAt} <= excluded.updated_at`,
    });
}
