import { timestampDate } from '@bufbuild/protobuf/wkt';
import { HallError, isStationKey, type Executor } from '@hall/platform';
import type { Station } from '@hall/proto/hall/identity/v1/station_pb';
import { eq, sql } from 'drizzle-orm';
import { stations } from '../db/schema';

/** A station that takes letters: unknown and disabled stations answer 404. */
export async function requireStation(tx: Executor, key: string): Promise<void> {
  const [row] = isStationKey(key)
    ? await tx.select({ enabled: stations.enabled }).from(stations).where(eq(stations.key, key))
    : [];
  if (!row?.enabled) throw HallError.notFound('站点不存在');
}

/** Store stations as identity announced them; an older announcement never overwrites a newer one. */
export async function upsertStations(tx: Executor, list: Station[]): Promise<void> {
  const rows = list
    .filter((s) => isStationKey(s.key))
    .map((s) => ({
      key: s.key,
      name: s.name,
      enabled: s.enabled,
      sortOrder: s.sortOrder,
      updatedAt: s.updatedAt ? timestampDate(s.updatedAt) : new Date(0),
    }));
  if (rows.length === 0) return;
  await tx
    .insert(stations)
    .values(rows)
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
