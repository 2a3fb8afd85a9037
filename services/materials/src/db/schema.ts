import { stationColumn, stationIsolation } from '@hall/platform';
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export { outbox, processedEvents } from '@hall/platform';

export const ownerKinds = ['person', 'unit', 'staff'] as const;
export type OwnerKind = (typeof ownerKinds)[number];

export const fileStates = ['pending', 'stored', 'purging'] as const;
export type FileState = (typeof fileStates)[number];

/**
 * Uploaded files. They belong to accounts, which are city-wide (一网通办), not to a station: no
 * station column and no row-level security. Every query filters on the owner, or reaches a file
 * through a grant after the access check (src/domain/access.ts). The bytes live in the storage
 * backend under the file id, never here.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    ownerKind: text('owner_kind', { enum: ownerKinds }).notNull(),
    ownerId: uuid('owner_id').notNull(),
    /** Display name; always ends with `.<extension>`. Personal data: never logged. */
    name: text('name').notNull(),
    /** Claimed while pending, the sniffed (and agreeing) one once stored. */
    extension: text('extension').notNull(),
    /** Sniffed media type; set when stored. */
    mediaType: text('media_type'),
    size: bigint('size', { mode: 'number' }).notNull().default(0),
    /** Hex SHA-256 of the content; set when stored. */
    sha256: text('sha256'),
    /** pending while streaming, stored, purging while the blob is being removed. */
    state: text('state', { enum: fileStates }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }),
    /** Deleted from the library (资料库): hidden; purged after the retention unless granted. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    // The library, newest first; also what the quota sums.
    index('files_library_idx')
      .on(t.ownerKind, t.ownerId, t.uploadedAt.desc(), t.id.desc())
      .where(sql`${t.state} = 'stored' and ${t.deletedAt} is null`),
    // What the sweep looks for: unfinished uploads, purge candidates, interrupted purges.
    index('files_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.state} = 'pending'`),
    index('files_deleted_idx')
      .on(t.deletedAt)
      .where(sql`${t.state} = 'stored' and ${t.deletedAt} is not null`),
    index('files_staff_idx')
      .on(t.uploadedAt)
      .where(sql`${t.state} = 'stored' and ${t.ownerKind} = 'staff'`),
    index('files_purging_idx')
      .on(t.id)
      .where(sql`${t.state} = 'purging'`),
    check('files_owner_kind', sql`${t.ownerKind} in ('person', 'unit', 'staff')`),
    check('files_state', sql`${t.state} in ('pending', 'stored', 'purging')`),
    check(
      'files_stored_complete',
      sql`${t.state} <> 'stored' or (${t.mediaType} is not null and ${t.sha256} is not null and ${t.uploadedAt} is not null)`,
    ),
  ],
);

/**
 * Access to a file through an application (办件): written from submissions' FilesAttached
 * events. Station-scoped: staff see their station's grants only (row-level security); the
 * applicant's grants are read across stations, filtered on the applicant.
 */
/** What a file grant is for: staff of the station read an application's or a letter's files. */
export const caseKinds = ['application', 'letter'] as const;
export type CaseKind = (typeof caseKinds)[number];

export const fileGrants = pgTable(
  'file_grants',
  {
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    /** The case the file is part of: an application, or a letter (its id in application_id). */
    caseKind: text('case_kind', { enum: caseKinds }).notNull().default('application'),
    applicationId: uuid('application_id').notNull(),
    station: stationColumn(),
    applicantKind: text('applicant_kind', { enum: ['person', 'unit'] }).notNull(),
    applicantId: uuid('applicant_id').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.fileId, t.applicationId] }),
    index('file_grants_applicant_idx').on(t.applicantKind, t.applicantId, t.fileId),
    index('file_grants_station_file_idx').on(t.station, t.fileId),
    check('file_grants_applicant_kind', sql`${t.applicantKind} in ('person', 'unit')`),
    check('file_grants_case_kind', sql`${t.caseKind} in ('application', 'letter')`),
    stationIsolation(),
  ],
);

export type FileRow = typeof files.$inferSelect;
