import { timestampDate } from '@bufbuild/protobuf/wkt';
import { HallError, isStationKey, type Executor } from '@hall/platform';
import type { Station } from '@hall/proto/hall/identity/v1/station_pb';
import { eq, sql } from 'drizzle-orm';
import { stations } from '../db/schema';

/**
 * The station as the public sees it, with its registry name: unknown and disabled stations
 * answer 404, like identity. The read model has no row-level security, so any unit of work can
 * ask.
 */
export async function requireStation(tx: Executor, station: string): Promise<{ name: string }> {
  if (!isStationKey(station)) throw HallError.notFound('站点不存在');
  const [row] = await tx
    .select({ name: stations.name, enabled: stations.enabled })
    .from(stations)
    .where(eq(stations.key, station));
  if (!row?.enabled) throw HallError.notFound('站点不存在');
  return { name: row.name };
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
