import type { Tx } from '@hall/platform';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { departments, items } from '../db/schema';
import type { ItemDefinition } from './definition';
import { searchVector } from './search';

/** The columns of `items` that mirror a version's definition, for browsing without item_versions. */
export function projectionOf(def: ItemDefinition) {
  return {
    departmentId: def.departmentId,
    parentId: def.parentId,
    implCode: def.implCode,
    basicCode: def.basicCode,
    name: def.name.trim(),
    powerType: def.powerType,
    handlingType: def.handlingType,
    serviceObjects: [...def.serviceObjects],
    online: def.online,
    onlineDepth: def.onlineDepth,
    promisedTimeLimit: def.promisedTimeLimit,
    sortOrder: def.sortOrder ?? 0,
  };
}

/**
 * Recompute the search vectors of `itemIds`: their name and codes, their department's name and
 * the names of their published sub-items. Call it after anything those depend on changed.
 */
export async function refreshSearch(tx: Tx, station: string, itemIds: string[]): Promise<void> {
  const ids = [...new Set(itemIds)];
  if (ids.length === 0) return;
  const heads = await tx
    .select({
      id: items.id,
      name: items.name,
      implCode: items.implCode,
      basicCode: items.basicCode,
      departmentName: departments.name,
    })
    .from(items)
    .innerJoin(departments, eq(departments.id, items.departmentId))
    .where(and(eq(items.station, station), inArray(items.id, ids)));
  const children = await tx
    .select({ parentId: items.parentId, name: items.name })
    .from(items)
    .where(
      and(eq(items.station, station), inArray(items.parentId, ids), eq(items.status, 'published')),
    );
  const vectors = heads.map((h) =>
    searchVector({
      station,
      ...h,
      subItemNames: children.filter((c) => c.parentId === h.id).map((c) => c.name),
    }),
  );
  if (heads.length === 0) return;
  const rows = sql.join(
    heads.map((h, i) => sql`(${h.id}::uuid, ${vectors[i]}::tsvector)`),
    sql`, `,
  );
  await tx.execute(
    sql`update items set search = v.search from (values ${rows}) as v(id, search) where items.id = v.id and items.station = ${station}`,
  );
}
