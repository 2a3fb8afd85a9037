import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { enqueueEvent, type Tx } from '@hall/platform';
import {
  DepartmentChangedSchema,
  ItemPublishedSchema,
  ItemWithdrawnSchema,
  type DepartmentChange,
} from '@hall/proto/hall/catalog/v1/catalog_events_pb';
import {
  Collection,
  DepartmentSchema,
  HandlingType,
  ItemSummarySchema,
  MaterialMedium,
  MaterialSchema,
  Necessity,
  ServiceObject,
  TimeLimitSchema,
  TimeUnit,
  type Department,
  type ItemSummary,
  type Material as MaterialMessage,
  type TimeLimit as TimeLimitMessage,
} from '@hall/proto/hall/catalog/v1/item_pb';
import type { departments } from '../db/schema';
import type { ItemDefinition, Material, TimeLimit } from './definition';
import type { ChangeContext } from './deps';

// Protobuf messages of the catalog, and its events enqueued in the caller's transaction.

export function timeLimitMessage(limit: TimeLimit | null): TimeLimitMessage | undefined {
  if (!limit) return undefined;
  return create(TimeLimitSchema, {
    value: limit.value,
    unit: limit.unit === 'workday' ? TimeUnit.WORKDAY : TimeUnit.DAY,
  });
}

export function itemSummary(
  station: string,
  itemId: string,
  version: number,
  def: ItemDefinition,
  departmentName: string,
): ItemSummary {
  const legal = timeLimitMessage(def.legalTimeLimit);
  const promised = timeLimitMessage(def.promisedTimeLimit);
  return create(ItemSummarySchema, {
    itemId,
    version,
    station,
    name: def.name,
    implCode: def.implCode,
    basicCode: def.basicCode,
    powerType: def.powerType,
    departmentId: def.departmentId,
    departmentName,
    ...(def.parentId ? { parentId: def.parentId } : {}),
    handlingType: def.handlingType === 'immediate' ? HandlingType.IMMEDIATE : HandlingType.PROMISED,
    ...(legal ? { legalTimeLimit: legal } : {}),
    ...(promised ? { promisedTimeLimit: promised } : {}),
    serviceObjects: def.serviceObjects.map((o) =>
      o === 'person' ? ServiceObject.PERSON : ServiceObject.LEGAL,
    ),
    online: def.online,
    ...(def.onlineDepth !== null ? { onlineDepth: def.onlineDepth } : {}),
  });
}

const necessities = {
  required: Necessity.REQUIRED,
  deferrable: Necessity.DEFERRABLE,
  optional: Necessity.OPTIONAL,
} as const;

export function materialMessage(m: Material): MaterialMessage {
  return create(MaterialSchema, {
    id: m.id,
    name: m.name,
    media: m.media.map((x) =>
      x === 'electronic' ? MaterialMedium.ELECTRONIC : MaterialMedium.PAPER,
    ),
    necessity: necessities[m.necessity],
    collection: m.collection === 'upload' ? Collection.UPLOAD : Collection.WINDOW,
    fileTypes: m.fileTypes,
    maxSizeMb: m.maxSizeMb,
    copies: m.copies,
    ...(m.blankFormId ? { blankFormId: m.blankFormId } : {}),
    ...(m.sampleId ? { sampleId: m.sampleId } : {}),
    notes: m.notes,
  });
}

export async function enqueueItemPublished(
  tx: Tx,
  ctx: ChangeContext,
  summary: ItemSummary,
  previousVersion: number | null,
): Promise<void> {
  await enqueueEvent(tx, ctx.namespace, {
    station: ctx.station,
    domain: 'catalog',
    event: 'item_published',
    schema: ItemPublishedSchema,
    message: {
      item: summary,
      ...(previousVersion !== null ? { previousVersion } : {}),
      publishedAt: timestampFromDate(ctx.now),
    },
  });
}

export async function enqueueItemWithdrawn(
  tx: Tx,
  ctx: ChangeContext,
  itemId: string,
  version: number,
): Promise<void> {
  await enqueueEvent(tx, ctx.namespace, {
    station: ctx.station,
    domain: 'catalog',
    event: 'item_withdrawn',
    schema: ItemWithdrawnSchema,
    message: { itemId, version, withdrawnAt: timestampFromDate(ctx.now) },
  });
}

export async function enqueueDepartmentChanged(
  tx: Tx,
  ctx: ChangeContext,
  row: typeof departments.$inferSelect,
  change: DepartmentChange,
): Promise<void> {
  await enqueueEvent(tx, ctx.namespace, {
    station: ctx.station,
    domain: 'catalog',
    event: 'department_changed',
    schema: DepartmentChangedSchema,
    message: {
      department: departmentMessage(row),
      change,
    },
  });
}

/** A department as events and RPC replies carry it. */
export function departmentMessage(row: typeof departments.$inferSelect): Department {
  return create(DepartmentSchema, {
    id: row.id,
    station: row.station,
    code: row.code,
    name: row.name,
    sortOrder: row.sortOrder,
    enabled: row.enabled,
  });
}
