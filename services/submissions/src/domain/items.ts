import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { HallError, type Bus, type Executor } from '@hall/platform';
import type { BusinessForm } from '@hall/platform/forms';
import {
  GetItemRequestSchema,
  GetItemResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import {
  Collection,
  HandlingType,
  ItemVersionSchema,
  MaterialMedium,
  Necessity,
  ServiceObject,
  TimeUnit,
  type ItemVersion,
  type TimeLimit as TimeLimitMessage,
} from '@hall/proto/hall/catalog/v1/item_pb';
import { and, eq } from 'drizzle-orm';
import { itemVersions } from '../db/schema';
import type { TimeLimit } from '@hall/platform/calendar';

/** One material of an item version, as the application steps need it. */
export interface MaterialSpec {
  id: string;
  name: string;
  media: Array<'electronic' | 'paper'>;
  necessity: 'required' | 'deferrable' | 'optional';
  collection: 'upload' | 'window';
  fileTypes: string[];
  maxSizeMb: number;
  copies: number;
  blankFormId: string | null;
  sampleId: string | null;
  notes: string;
}

/** The version of an item an application is filled against (from the catalog, immutable). */
export interface ItemSnapshot {
  id: string;
  version: number;
  station: string;
  name: string;
  implCode: string;
  basicCode: string;
  powerType: string;
  departmentId: string;
  departmentName: string;
  handlingType: 'immediate' | 'promised';
  legalTimeLimit: TimeLimit | null;
  promisedTimeLimit: TimeLimit | null;
  serviceObjects: Array<'person' | 'legal'>;
  online: boolean;
  onlineDepth: number | null;
  notice: string;
  form: BusinessForm | null;
  materials: MaterialSpec[];
}

function timeLimit(limit: TimeLimitMessage | undefined): TimeLimit | null {
  if (!limit || limit.value <= 0) return null;
  return { value: limit.value, unit: limit.unit === TimeUnit.DAY ? 'day' : 'workday' };
}

export function snapshotOf(item: ItemVersion): ItemSnapshot {
  const s = item.summary;
  if (!s) throw new Error('item version without summary');
  return {
    id: s.itemId,
    version: s.version,
    station: s.station,
    name: s.name,
    implCode: s.implCode,
    basicCode: s.basicCode,
    powerType: s.powerType,
    departmentId: s.departmentId,
    departmentName: s.departmentName,
    handlingType: s.handlingType === HandlingType.IMMEDIATE ? 'immediate' : 'promised',
    legalTimeLimit: timeLimit(s.legalTimeLimit),
    promisedTimeLimit: timeLimit(s.promisedTimeLimit),
    serviceObjects: s.serviceObjects.flatMap((o) =>
      o === ServiceObject.PERSON
        ? ['person' as const]
        : o === ServiceObject.LEGAL
          ? ['legal' as const]
          : [],
    ),
    online: s.online,
    onlineDepth: s.onlineDepth ?? null,
    notice: item.notice,
    form: item.formJson ? (JSON.parse(item.formJson) as BusinessForm) : null,
    materials: item.materials.map((m) => ({
      id: m.id,
      name: m.name,
      media: m.media.flatMap((x) =>
        x === MaterialMedium.ELECTRONIC
          ? ['electronic' as const]
          : x === MaterialMedium.PAPER
            ? ['paper' as const]
            : [],
      ),
      necessity:
        m.necessity === Necessity.REQUIRED
          ? 'required'
          : m.necessity === Necessity.DEFERRABLE
            ? 'deferrable'
            : 'optional',
      collection: m.collection === Collection.WINDOW ? 'window' : 'upload',
      fileTypes: m.fileTypes.map((t) => t.toLowerCase()),
      maxSizeMb: m.maxSizeMb,
      copies: m.copies,
      blankFormId: m.blankFormId ?? null,
      sampleId: m.sampleId ?? null,
      notes: m.notes,
    })),
  };
}

/**
 * The version of an item published now, from the catalog (an RPC: call it outside any
 * transaction). Unknown, withdrawn or unpublished → 404 `item_not_found`.
 */
export async function fetchCurrentItem(
  bus: Bus,
  station: string,
  itemId: string,
): Promise<ItemVersion> {
  try {
    const reply = await bus.request(
      'catalog',
      'get_item',
      GetItemRequestSchema,
      { station, itemId, version: 0 },
      GetItemResponseSchema,
    );
    if (!reply.item?.summary) throw new Error('catalog replied without an item');
    return reply.item;
  } catch (err) {
    if (err instanceof HallError && err.status === 404)
      throw new HallError(404, 'item_not_found', '事项不存在或已下架');
    throw err;
  }
}

/** Item versions kept in memory at most: a few kilobytes each. */
const ITEM_VERSIONS_KEPT = 1000;

/**
 * The item versions applications are filled against, kept in memory once read. A published
 * version never changes (ADR 8), and every submit, save, view and receipt needs its
 * application's: kept, it is neither read again nor rebuilt from its JSON. The least recently
 * used goes first. A kept version is shared by every request: it is frozen.
 */
export class ItemVersions {
  readonly #kept = new Map<string, ItemSnapshot>();

  constructor(private readonly maxEntries = ITEM_VERSIONS_KEPT) {}

  /** Keep a version fetched from the catalog with the draft filled against it: once is enough. */
  async store(tx: Executor, item: ItemVersion): Promise<ItemSnapshot> {
    const snapshot = snapshotOf(item);
    await tx
      .insert(itemVersions)
      .values({
        itemId: snapshot.id,
        version: snapshot.version,
        station: snapshot.station,
        item: toJson(ItemVersionSchema, item) as Record<string, unknown>,
      })
      .onConflictDoNothing();
    return snapshot;
  }

  /** The version an application was filled against (stored with its draft). */
  async load(
    tx: Executor,
    station: string,
    itemId: string,
    version: number,
  ): Promise<ItemSnapshot> {
    const key = `${station}/${itemId}/${version}`;
    const kept = this.#kept.get(key);
    if (kept) {
      this.#kept.delete(key);
      this.#kept.set(key, kept);
      return kept;
    }
    const [row] = await tx
      .select({ item: itemVersions.item })
      .from(itemVersions)
      .where(
        and(
          eq(itemVersions.station, station),
          eq(itemVersions.itemId, itemId),
          eq(itemVersions.version, version),
        ),
      );
    // Written in the same transaction as the draft that refers to it: never missing.
    if (!row) throw new Error(`item version ${itemId}/${version} is not cached`);
    const snapshot = deepFreeze(snapshotOf(fromJson(ItemVersionSchema, row.item as JsonValue)));
    this.#kept.set(key, snapshot);
    if (this.#kept.size > this.maxEntries) this.#kept.delete(this.#kept.keys().next().value!);
    return snapshot;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
