import { bytea, stationColumn, stationIsolation } from '@hall/platform';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export { outbox, processedEvents } from '@hall/platform';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A PostgreSQL tsvector, written as a quoted literal (ADR 7), never read back as a value. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

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
  updatedAt: at('updated_at').notNull(),
});

/**
 * Files staff upload for notices (attachments and images in the body) and for 办件公示 (the
 * details file). The public may download one only while a published notice or a visible entry
 * refers to it.
 */
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
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('attachments_station_idx').on(t.station, t.createdAt), stationIsolation()],
);

export const publicationStates = ['draft', 'published'] as const;
export type PublicationState = (typeof publicationStates)[number];

/** 通知公告: a rich-text notice, sanitised on write. */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    title: text('title').notNull(),
    /** Sanitised HTML (domain/rich-text.ts): safe to render as it is. */
    body: text('body').notNull(),
    /** The body's text, for the excerpt. */
    bodyText: text('body_text').notNull(),
    status: text('status', { enum: publicationStates }).notNull(),
    pinned: boolean('pinned').notNull().default(false),
    attachmentIds: uuid('attachment_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Attachments the body shows as images. */
    imageIds: uuid('image_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Words of the title (A) and the body (B). */
    search: tsvector('search')
      .notNull()
      .default(sql`''::tsvector`),
    revision: integer('revision').notNull().default(1),
    publishedAt: at('published_at'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    createdBy: uuid('created_by').notNull(),
    updatedBy: uuid('updated_by').notNull(),
  },
  (t) => [
    index('notices_public_idx').on(t.station, t.status, t.pinned, t.publishedAt),
    index('notices_search_idx').using('gin', t.search),
    check('notices_status', sql`${t.status} in ('draft', 'published')`),
    stationIsolation(),
  ],
);

/** 办件公示: a result staff put up for public notice during a period, with a details file. */
export const publicityEntries = pgTable(
  'publicity_entries',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    title: text('title').notNull(),
    itemName: text('item_name').notNull(),
    departmentId: uuid('department_id').notNull(),
    departmentName: text('department_name').notNull(),
    summary: text('summary').notNull(),
    /** 公示期, Asia/Shanghai dates, both inclusive. */
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    fileId: uuid('file_id').notNull(),
    status: text('status', { enum: publicationStates }).notNull(),
    /** Words of the title (A), item and department (B) and summary (C). */
    search: tsvector('search')
      .notNull()
      .default(sql`''::tsvector`),
    revision: integer('revision').notNull().default(1),
    publishedAt: at('published_at'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    createdBy: uuid('created_by').notNull(),
    updatedBy: uuid('updated_by').notNull(),
  },
  (t) => [
    index('publicity_entries_public_idx').on(t.station, t.status, t.periodStart),
    index('publicity_entries_search_idx').using('gin', t.search),
    check('publicity_entries_status', sql`${t.status} in ('draft', 'published')`),
    check('publicity_entries_period', sql`${t.periodStart} <= ${t.periodEnd}`),
    stationIsolation(),
  ],
);

export const applicationStates = [
  'submitted',
  'prereviewed',
  'supplement',
  'accepted',
  'not_accepted',
  'rejected',
  'completed',
] as const;
export type AnnouncementState = (typeof applicationStates)[number];

/**
 * 办件公告: one row per application, folded from submissions' events (domain/announcements.ts).
 * `state`, the reference fields and `version_*` come from the newest state event (by its
 * occurred time, then its stream sequence); the dated facts are written once. A row whose
 * state no event has told yet (only an evaluation seen) is not listed.
 */
export const announcements = pgTable(
  'announcements',
  {
    applicationId: uuid('application_id').primaryKey(),
    station: stationColumn(),
    serial: text('serial').notNull(),
    itemId: uuid('item_id').notNull(),
    itemName: text('item_name').notNull(),
    departmentId: uuid('department_id').notNull(),
    departmentName: text('department_name').notNull(),
    applicantType: text('applicant_type', { enum: ['person', 'unit'] }).notNull(),
    /** Masked again on write (张*, 重庆某某有限公司): never a full name. */
    applicantMasked: text('applicant_masked').notNull(),
    state: text('state', { enum: applicationStates }),
    /** First submission (a resubmission after 补齐补正 keeps it). */
    submittedAt: at('submitted_at'),
    /** 受理日期. */
    acceptedAt: at('accepted_at'),
    completedAt: at('completed_at'),
    outcome: text('outcome', { enum: ['approved', 'not_approved'] }),
    onTime: boolean('on_time'),
    evaluationLevel: smallint('evaluation_level'),
    evaluatedAt: at('evaluated_at'),
    /** The state event the state and reference fields come from: occurred time, stream sequence. */
    versionAt: at('version_at'),
    versionSeq: bigint('version_seq', { mode: 'number' }),
  },
  (t) => [
    // One index per order and filter of the public list (announcement-list.ts), each holding
    // the listed rows only: newest submission first, or newest 受理日期 first when a range of it
    // is asked for; by station, by station and 受理部门, by station and item (keyword search).
    // The item is the last key only so that a keyword's walk and a page's offset read the
    // index alone, never the table, until the page's own rows.
    index('announcements_list_idx')
      .on(t.station, t.submittedAt.desc().nullsLast(), t.applicationId.desc().nullsLast(), t.itemId)
      .where(sql`${t.state} is not null`),
    index('announcements_department_idx')
      .on(
        t.station,
        t.departmentId,
        t.submittedAt.desc().nullsLast(),
        t.applicationId.desc().nullsLast(),
      )
      .where(sql`${t.state} is not null`),
    index('announcements_accepted_idx')
      .on(t.station, t.acceptedAt.desc().nullsLast(), t.applicationId.desc().nullsLast())
      .where(sql`${t.state} is not null`),
    index('announcements_department_accepted_idx')
      .on(
        t.station,
        t.departmentId,
        t.acceptedAt.desc().nullsLast(),
        t.applicationId.desc().nullsLast(),
      )
      .where(sql`${t.state} is not null`),
    index('announcements_item_idx')
      .on(t.station, t.itemId, t.submittedAt.desc().nullsLast(), t.applicationId.desc().nullsLast())
      .where(sql`${t.state} is not null`),
    index('announcements_serial_idx').using('btree', t.serial.op('text_pattern_ops')),
    check('announcements_level', sql`${t.evaluationLevel} between 1 and 5`),
    stationIsolation(),
  ],
);

/**
 * The items of each station's announcements, under the name of the newest state event that
 * named them: the keyword search finds the items here (a station has dozens, not millions),
 * then their announcements through `announcements_item_idx`.
 */
export const announcementItems = pgTable(
  'announcement_items',
  {
    station: stationColumn(),
    itemId: uuid('item_id').notNull(),
    itemName: text('item_name').notNull(),
    /** Words of the item name (ADR 7). */
    search: tsvector('search').notNull(),
    versionAt: at('version_at').notNull(),
    versionSeq: bigint('version_seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.station, t.itemId] }), stationIsolation()],
);

/**
 * A counter per station that every change of its 办件公告 moves — of the announcements, their
 * items, the station row — kept by triggers (migration 0002), whoever writes: what the public
 * pages are checked against once past their time limit (ADR 21).
 */
export const announcementVersions = pgTable(
  'announcement_versions',
  {
    station: stationColumn().primaryKey(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  () => [stationIsolation()],
);

/** 受理部门 of each station's announcements, for the filter; the name of the newest event. */
export const announcementDepartments = pgTable(
  'announcement_departments',
  {
    station: stationColumn(),
    departmentId: uuid('department_id').notNull(),
    departmentName: text('department_name').notNull(),
    versionAt: at('version_at').notNull(),
    versionSeq: bigint('version_seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.station, t.departmentId] }), stationIsolation()],
);

/**
 * Statistics per station and day (Asia/Shanghai): counted when an announcement first gains the
 * fact (submitted, completed, evaluated), so they always equal an aggregate of `announcements`.
 */
export const dailyStatistics = pgTable(
  'daily_statistics',
  {
    station: stationColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    received: integer('received').notNull().default(0),
    completed: integer('completed').notNull().default(0),
    completedOnTime: integer('completed_on_time').notNull().default(0),
    evaluations: integer('evaluations').notNull().default(0),
    evaluationLevelSum: integer('evaluation_level_sum').notNull().default(0),
    /** Evaluations of 满意 (4) or 非常满意 (5). */
    satisfied: integer('satisfied').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.station, t.day] }), stationIsolation()],
);

/** 站点个性化: what a station admin sets for the station's portal. */
export const stationProfiles = pgTable(
  'station_profiles',
  {
    station: stationColumn().primaryKey(),
    displayName: text('display_name'),
    bannerTitle: text('banner_title'),
    bannerSubtitle: text('banner_subtitle'),
    address: text('address'),
    phone: text('phone'),
    hours: text('hours'),
    email: text('email'),
    revision: integer('revision').notNull().default(1),
    updatedAt: at('updated_at').notNull(),
    updatedBy: uuid('updated_by').notNull(),
  },
  () => [stationIsolation()],
);
