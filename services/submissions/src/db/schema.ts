import { stationColumn, stationIsolation } from '@hall/platform';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
import type {
  ApplicationResult,
  StoredBasic,
  StoredProvision,
  SupplementRequest,
} from '../domain/model';

export { outbox, processedEvents } from '@hall/platform';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The station registry as identity announces it (station_changed events, synced through
 * identity.list_stations at start). Public data: no row-level security. `serialPrefix` starts
 * every 申办流水号 of the station: its division code, or a 5009xx code allocated once for a
 * special zone, which has none.
 */
export const stations = pgTable(
  'stations',
  {
    key: text('key').primaryKey(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    divisionCode: text('division_code'),
    serialPrefix: text('serial_prefix').notNull(),
    /** identity's time of the change; an older announcement never overwrites a newer one. */
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [uniqueIndex('stations_serial_prefix_key').on(t.serialPrefix)],
);

/**
 * Item versions applications were filled against, as the catalog returned them
 * (`hall.catalog.v1.ItemVersion` as protobuf JSON). Published versions never change, so a row
 * is written once and read by every later check, without asking the catalog again.
 */
export const itemVersions = pgTable(
  'item_versions',
  {
    itemId: uuid('item_id').notNull(),
    version: integer('version').notNull(),
    station: stationColumn(),
    item: jsonb('item').$type<Record<string, unknown>>().notNull(),
    fetchedAt: at('fetched_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.version] }), stationIsolation()],
);

export const applicationStates = [
  'draft',
  'submitted',
  'prereviewed',
  'supplement',
  'accepted',
  'not_accepted',
  'rejected',
  'completed',
] as const;

/** 办件: one application of one applicant for one version of an item. */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    itemId: uuid('item_id').notNull(),
    itemVersion: integer('item_version').notNull(),
    itemName: text('item_name').notNull(),
    departmentId: uuid('department_id').notNull(),
    departmentName: text('department_name').notNull(),
    applicantKind: text('applicant_kind', { enum: ['person', 'unit'] }).notNull(),
    applicantId: uuid('applicant_id').notNull(),
    /** 申请人 / 申请单位 as entered, for the worklist search and the progress query. */
    applicantName: text('applicant_name'),
    state: text('state', { enum: applicationStates }).notNull(),
    step: text('step', { enum: ['notice', 'basic', 'form', 'materials'] })
      .notNull()
      .default('notice'),
    /** 基本信息; idNumber and mobile sealed (AES-256-GCM). */
    basic: jsonb('basic').$type<StoredBasic>().notNull().default({}),
    /** 业务表单 answers; id-number and phone fields sealed. */
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    materials: jsonb('materials').$type<StoredProvision[]>().notNull().default([]),
    serial: text('serial'),
    /** 查询密码, sealed: the receipt shows it again. */
    queryPassword: text('query_password'),
    revision: integer('revision').notNull().default(1),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    submittedAt: at('submitted_at'),
    prereviewDueAt: at('prereview_due_at'),
    acceptedAt: at('accepted_at'),
    dueAt: at('due_at'),
    /** The due time of the current state (预审/受理 or 办结); null when nothing is due. */
    currentDueAt: at('current_due_at'),
    completedAt: at('completed_at'),
    outcome: text('outcome', { enum: ['approved', 'not_approved'] }),
    result: jsonb('result').$type<ApplicationResult>(),
    supplement: jsonb('supplement').$type<SupplementRequest>(),
    reapplicationOf: uuid('reapplication_of'),
  },
  (t) => [
    uniqueIndex('applications_serial_key').on(t.serial),
    index('applications_applicant_idx').on(t.applicantKind, t.applicantId, t.updatedAt),
    index('applications_worklist_idx')
      .on(t.station, t.state, t.currentDueAt)
      .where(sql`${t.state} <> 'draft'`),
    // One 重新申报 per rejected application: a double click finds the first one.
    uniqueIndex('applications_reapplication_key').on(t.reapplicationOf),
    check(
      'applications_state',
      sql`${t.state} in ('draft', 'submitted', 'prereviewed', 'supplement', 'accepted', 'not_accepted', 'rejected', 'completed')`,
    ),
    check(
      'applications_serial_when_submitted',
      sql`(${t.state} = 'draft') = (${t.serial} is null)`,
    ),
    stationIsolation(),
  ],
);

/** Every state change of an application: the timeline (办理进度). */
export const transitions = pgTable(
  'transitions',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    action: text('action').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    /** The staff role the action was taken in (clerk, approver, station_admin). */
    actorRole: text('actor_role'),
    opinion: text('opinion'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: at('at').notNull(),
  },
  (t) => [index('transitions_application_idx').on(t.applicationId, t.at), stationIsolation()],
);

/** 好差评: one per completed application. */
export const evaluations = pgTable(
  'evaluations',
  {
    applicationId: uuid('application_id')
      .primaryKey()
      .references(() => applications.id),
    station: stationColumn(),
    level: smallint('level').notNull(),
    overall: smallint('overall').notNull(),
    efficiency: smallint('efficiency').notNull(),
    guideAccuracy: smallint('guide_accuracy').notNull(),
    convenience: smallint('convenience').notNull(),
    usability: smallint('usability').notNull(),
    comment: text('comment'),
    anonymous: boolean('anonymous').notNull(),
    at: at('at').notNull(),
  },
  (t) => [
    check('evaluations_level', sql`${t.level} between 1 and 5`),
    index('evaluations_station_idx').on(t.station, t.at),
    stationIsolation(),
  ],
);

/** A 差评 (level ≤ 2) the station must answer. */
export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    departmentId: uuid('department_id').notNull(),
    level: smallint('level').notNull(),
    state: text('state', { enum: ['open', 'responded'] }).notNull(),
    response: text('response'),
    respondedBy: uuid('responded_by'),
    respondedAt: at('responded_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('follow_ups_application_key').on(t.applicationId),
    index('follow_ups_station_state_idx').on(t.station, t.state, t.createdAt),
    check('follow_ups_state', sql`${t.state} in ('open', 'responded')`),
    stationIsolation(),
  ],
);

/** The last 申办流水号 sequence handed out per station and day (yyyymmdd, Asia/Shanghai). */
export const serialCounters = pgTable(
  'serial_counters',
  {
    station: stationColumn(),
    day: text('day').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.station, t.day] }), stationIsolation()],
);
