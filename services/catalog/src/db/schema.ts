import { stationColumn, stationIsolation } from '@hall/platform';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ItemDefinition, TimeLimit } from '../domain/definition';

export { outbox, processedEvents } from '@hall/platform';

/** A PostgreSQL tsvector; written with to_tsvector() in SQL, never read back as a value. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Binary content (attachments). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/**
 * The station registry as identity announces it (station_changed events, synced through
 * identity.list_stations at start). Public data: no row-level security. Public routes answer 404
 * for a station that is missing here or disabled.
 */
export const stations = pgTable('stations', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  /** identity's time of the change; an older announcement never overwrites a newer one. */
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** 部门 (实施主体) of a station, e.g. 市教委, 渝中区教委. */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    /** 统一社会信用代码 or an internal code. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('departments_station_code_key').on(t.station, t.code),
    index('departments_station_order_idx').on(t.station, t.sortOrder),
    stationIsolation(),
  ],
);

/**
 * A service item (事项): its identity and version pointers, plus the projection of its
 * published version that browsing and search read without touching item_versions.
 * `implCode` is the code of the latest saved version and is what uniqueness is checked on.
 */
export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    parentId: uuid('parent_id'),
    implCode: text('impl_code').notNull(),
    basicCode: text('basic_code').notNull(),
    status: text('status', { enum: ['draft', 'published', 'withdrawn'] }).notNull(),
    publishedVersion: integer('published_version'),
    draftVersion: integer('draft_version'),
    /** Highest version number handed out; discarded drafts never give theirs back. */
    lastVersion: integer('last_version').notNull(),
    /** Bumped by every change; editors send the revision they loaded (If-Match). */
    revision: integer('revision').notNull().default(1),
    // Projection of the published version (of the first draft until then).
    name: text('name').notNull(),
    powerType: text('power_type').notNull(),
    handlingType: text('handling_type').notNull(),
    serviceObjects: text('service_objects').array().notNull(),
    online: boolean('online').notNull(),
    onlineDepth: smallint('online_depth'),
    promisedTimeLimit: jsonb('promised_time_limit').$type<TimeLimit | null>(),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Intl.Segmenter words of the name, department name, codes and sub-items' names. */
    search: tsvector('search')
      .notNull()
      .default(sql`''::tsvector`),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('items_station_impl_code_key').on(t.station, t.implCode),
    // Browsing reads only listed (published, top-level) items: partial indexes in list order.
    index('items_listed_department_idx')
      .on(t.station, t.departmentId, t.sortOrder, t.name)
      .where(sql`${t.status} = 'published' and ${t.parentId} is null`),
    index('items_listed_power_type_idx')
      .on(t.station, t.powerType, t.sortOrder, t.name)
      .where(sql`${t.status} = 'published' and ${t.parentId} is null`),
    index('items_listed_idx')
      .on(t.station, t.sortOrder, t.name)
      .where(sql`${t.status} = 'published' and ${t.parentId} is null`),
    // The facet counts (per department × power type) of every list, read from the index alone.
    index('items_listed_facets_idx')
      .on(t.station, t.departmentId, t.powerType, t.online, t.serviceObjects)
      .where(sql`${t.status} = 'published' and ${t.parentId} is null`),
    index('items_parent_idx').on(t.parentId),
    index('items_station_updated_idx').on(t.station, t.updatedAt),
    index('items_search_idx').using('gin', t.search),
    check('items_status', sql`${t.status} in ('draft', 'published', 'withdrawn')`),
    stationIsolation(),
  ],
);

/**
 * The versions of an item. A published version never changes; at most one draft per item.
 * Applications record the version they were filled against and can always fetch it.
 */
export const itemVersions = pgTable(
  'item_versions',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    version: integer('version').notNull(),
    station: stationColumn(),
    state: text('state', { enum: ['draft', 'published', 'superseded'] }).notNull(),
    definition: jsonb('definition').$type<ItemDefinition>().notNull(),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    publishedBy: uuid('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.version] }),
    uniqueIndex('item_versions_one_draft_key')
      .on(t.itemId)
      .where(sql`${t.state} = 'draft'`),
    // A draft reserves its 实施编码: saving another item with it is refused.
    index('item_versions_draft_impl_code_idx')
      .on(t.station, sql`(${t.definition} ->> 'implCode')`)
      .where(sql`${t.state} = 'draft'`),
    check('item_versions_state', sql`${t.state} in ('draft', 'published', 'superseded')`),
    stationIsolation(),
  ],
);

/** Blank forms (空白表格) and samples (示例样表) referenced by materials; immutable. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_station_idx').on(t.station, t.createdAt), stationIsolation()],
);
