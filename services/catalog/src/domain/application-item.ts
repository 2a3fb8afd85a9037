import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { HallError, type Tx } from '@hall/platform';
import {
  GuideSchema,
  ItemVersionSchema,
  VersionState,
  type ItemSummary,
  type ItemVersion,
} from '@hall/proto/hall/catalog/v1/item_pb';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { departments, itemVersions, items } from '../db/schema';
import { itemSummary, materialMessage } from './events';
import { requireStation } from './stations';

/**
 * The version of an item an application needs: `version` 0 is the one published now (the item
 * must be listed and the station enabled); any other number is a published or superseded
 * version, whatever the item's state now, since applications keep the version they were filled
 * against.
 */
export async function itemForApplication(
  tx: Tx,
  station: string,
  itemId: string,
  version: number,
): Promise<ItemVersion> {
  let wanted = version;
  if (version === 0) {
    await requireStation(tx, station);
    const [head] = await tx
      .select({ status: items.status, publishedVersion: items.publishedVersion })
      .from(items)
      .where(and(eq(items.station, station), eq(items.id, itemId)));
    if (head?.status !== 'published' || head.publishedVersion === null)
      throw HallError.notFound('事项不存在或已下架');
    wanted = head.publishedVersion;
  }
  const [row] = await tx
    .select()
    .from(itemVersions)
    .where(
      and(
        eq(itemVersions.station, station),
        eq(itemVersions.itemId, itemId),
        eq(itemVersions.version, wanted),
        inArray(itemVersions.state, ['published', 'superseded']),
      ),
    );
  if (!row) throw HallError.notFound('事项版本不存在');
  const def = row.definition;
  const [department] = await tx
    .select({ name: departments.name })
    .from(departments)
    .where(and(eq(departments.station, station), eq(departments.id, def.departmentId)));
  return create(ItemVersionSchema, {
    summary: itemSummary(station, itemId, row.version, def, department?.name ?? ''),
    state: row.state === 'superseded' ? VersionState.SUPERSEDED : VersionState.PUBLISHED,
    materials: def.materials.map(materialMessage),
    formJson: def.form ? JSON.stringify(def.form) : '',
    notice: def.notice,
    guide: create(GuideSchema, {
      basis: def.basis,
      conditions: def.conditions,
      process: def.process,
      location: def.location,
      hours: def.hours,
      consultation: def.consultation,
      supervision: def.supervision,
      feeCharged: def.fee.charged,
      feeStandard: def.fee.standard,
      visits: def.visits,
    }),
    ...(row.publishedAt ? { publishedAt: timestampFromDate(row.publishedAt) } : {}),
  });
}

/**
 * A page of the station's published items in id order (sub-items too), as summaries of their
 * published versions: what a read model needs to resynchronise beyond the events' retention.
 */
export async function publishedItemsPage(
  tx: Tx,
  station: string,
  afterItemId: string,
  limit: number,
): Promise<{ items: ItemSummary[]; more: boolean }> {
  await requireStation(tx, station);
  const rows = await tx
    .select({
      itemId: itemVersions.itemId,
      version: itemVersions.version,
      def: itemVersions.definition,
    })
    .from(items)
    .innerJoin(
      itemVersions,
      and(
        eq(itemVersions.station, items.station),
        eq(itemVersions.itemId, items.id),
        eq(itemVersions.version, items.publishedVersion),
      ),
    )
    .where(
      and(
        eq(items.station, station),
        eq(items.status, 'published'),
        afterItemId ? gt(items.id, afterItemId) : undefined,
      ),
    )
    .orderBy(asc(items.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const departmentIds = [...new Set(page.map((r) => r.def.departmentId))];
  const names = new Map(
    departmentIds.length === 0
      ? []
      : (
          await tx
            .select({ id: departments.id, name: departments.name })
            .from(departments)
            .where(and(eq(departments.station, station), inArray(departments.id, departmentIds)))
        ).map((d) => [d.id, d.name]),
  );
  return {
    items: page.map((r) =>
      itemSummary(station, r.itemId, r.version, r.def, names.get(r.def.departmentId) ?? ''),
    ),
    more: rows.length > limit,
  };
}
