import { stationColumn, stationIsolation } from '@hall/platform';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export { outbox, processedEvents } from '@hall/platform';

// The robot's index: a read model of the published catalog and the public FAQs, fed by the
// catalog's and the letters service's events (never by reading their databases). Everything
// here can be rebuilt from the events stream and the catalog's RPCs.

/** A PostgreSQL tsvector, written from a quoted literal (ADR 7), never read back as a value. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const at = (name: string) => timestamp(name, { withTimezone: true });

export interface TimeLimit {
  value: number;
  unit: 'workday' | 'day';
}

/** One entry of an item's materials list, as the robot lists it. */
export interface IndexedMaterial {
  name: string;
  necessity: 'required' | 'deferrable' | 'optional';
  collection: 'upload' | 'window';
}

/** The guide texts (办事指南) people ask about. */
export interface IndexedGuide {
  conditions: string;
  process: string;
  location: string;
  hours: string;
  consultation: string;
  feeCharged: boolean;
  feeStandard: string;
  visits: number;
}

/**
 * The station registry as identity announces it (station_changed events, synced through
 * identity.list_stations at start). Public data: no row-level security. Questions to a station
 * that is missing here or disabled answer 404.
 */
export const stations = pgTable('stations', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  /** identity's time of the change; an older announcement never overwrites a newer one. */
  updatedAt: at('updated_at').notNull(),
});

/**
 * Departments (实施主体) of a station, for questions naming one (交委 → 市交通运输委). Learnt from
 * department_changed events, or from the items that name them when the events are gone.
 */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull(),
    /**
     * Stream sequence of the department_changed event applied last (0: learnt from an item), so
     * a replayed older event never overwrites a newer name.
     */
    eventSequence: bigint('event_sequence', { mode: 'number' }).notNull().default(0),
    /** The name's words with its synonyms (weight A). */
    search: tsvector('search').notNull(),
  },
  (t) => [
    index('departments_station_idx').on(t.station),
    index('departments_search_idx').using('gin', t.search),
    stationIsolation(),
  ],
);

/** The published version of each listed item (sub-items too), with what answers need of it. */
export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    implCode: text('impl_code').notNull(),
    parentId: uuid('parent_id'),
    departmentId: uuid('department_id').notNull(),
    departmentName: text('department_name').notNull(),
    powerType: text('power_type').notNull(),
    handlingType: text('handling_type', { enum: ['immediate', 'promised'] }).notNull(),
    online: boolean('online').notNull(),
    serviceObjects: text('service_objects').array().notNull(),
    materials: jsonb('materials').$type<IndexedMaterial[]>().notNull(),
    guide: jsonb('guide').$type<IndexedGuide>().notNull(),
    legalTimeLimit: jsonb('legal_time_limit').$type<TimeLimit | null>(),
    promisedTimeLimit: jsonb('promised_time_limit').$type<TimeLimit | null>(),
    /**
     * Quoted tsvector literal (ADR 7) with synonyms expanded: the name's words weigh A, the
     * sub-items' names B, the department's name C, the conditions (受理条件) D.
     */
    search: tsvector('search').notNull(),
    /** When this row was last written; a resync retires rows it did not see and that predate it. */
    indexedAt: at('indexed_at').notNull().defaultNow(),
  },
  (t) => [
    index('items_station_department_idx').on(t.station, t.departmentId),
    index('items_parent_idx').on(t.parentId),
    index('items_search_idx').using('gin', t.search),
    check('items_handling_type', sql`${t.handlingType} in ('immediate', 'promised')`),
    stationIsolation(),
  ],
);

/** FAQs (常见问题) the letters service published; the texts are public. */
export const faqs = pgTable(
  'faqs',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    departmentId: uuid('department_id'),
    departmentName: text('department_name').notNull(),
    /** Stream sequence of the faq_published event applied last. */
    eventSequence: bigint('event_sequence', { mode: 'number' }).notNull(),
    /** The question's words with synonyms (weight A). */
    search: tsvector('search').notNull(),
  },
  (t) => [
    index('faqs_station_idx').on(t.station),
    index('faqs_search_idx').using('gin', t.search),
    stationIsolation(),
  ],
);

/**
 * What was withdrawn, and as of when: an item up to `version`, a FAQ up to the event sequence
 * `version`. Events are handled in stream order, but a rebuild racing a live consumer, or a
 * resync followed by a replay, can bring an older publication after its withdrawal: it is
 * then recognised as older and ignored.
 */
export const retired = pgTable(
  'retired',
  {
    kind: text('kind', { enum: ['item', 'faq'] }).notNull(),
    id: uuid('id').notNull(),
    station: stationColumn(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.id] }),
    check('retired_kind', sql`${t.kind} in ('item', 'faq')`),
    stationIsolation(),
  ],
);
