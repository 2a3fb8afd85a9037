import { stationIsolation } from '@hall/platform';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  inet,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export { outbox, processedEvents } from '@hall/platform';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** The station registry (tenants). Public data: no row-level security. */
export const stations = pgTable('stations', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  divisionCode: text('division_code'),
  parent: text('parent'),
  enabled: boolean('enabled').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  ...timestamps,
});

/**
 * Citizen (个人) and unit (单位) accounts: city-wide, one account for every station, so not
 * station-scoped. ID and phone numbers are stored encrypted; their `_index` columns hold keyed
 * hashes for uniqueness and look-up without decrypting.
 */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: ['person', 'unit'] }).notNull(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Person: the citizen's real name. Unit: the operator (经办人) name. */
    realName: text('real_name').notNull(),
    /** Person only: encrypted 居民身份证号. */
    idNumber: text('id_number'),
    idNumberIndex: text('id_number_index'),
    mobile: text('mobile').notNull(),
    email: text('email'),
    address: text('address'),
    unitName: text('unit_name'),
    creditCode: text('credit_code'),
    legalRepName: text('legal_rep_name'),
    legalRepIdNumber: text('legal_rep_id_number'),
    failedLogins: smallint('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    resetFailures: smallint('reset_failures').notNull().default(0),
    resetLockedUntil: timestamp('reset_locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true })
      .notNull()
      .defaultNow(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('accounts_username_key').on(sql`lower(${t.username})`),
    uniqueIndex('accounts_person_id_number_key')
      .on(t.idNumberIndex)
      .where(sql`${t.kind} = 'person'`),
    uniqueIndex('accounts_unit_credit_code_key')
      .on(t.creditCode)
      .where(sql`${t.kind} = 'unit'`),
    check(
      'accounts_kind_fields',
      sql`(${t.kind} = 'person' and ${t.idNumber} is not null) or (${t.kind} = 'unit' and ${t.unitName} is not null and ${t.creditCode} is not null and ${t.legalRepName} is not null and ${t.legalRepIdNumber} is not null)`,
    ),
  ],
);

/** 密保问题: three per account, answers normalised then hashed like passwords. */
export const securityQuestions = pgTable(
  'security_questions',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    question: text('question').notNull(),
    answerHash: text('answer_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.position] })],
);

/**
 * Staff of a station, and platform operators (station null: visible only when acting for all
 * stations). Station-scoped with row-level security.
 */
export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey(),
    station: text('station'),
    kind: text('kind', { enum: ['staff', 'operator'] }).notNull(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    name: text('name').notNull(),
    mobile: text('mobile'),
    departmentId: text('department_id'),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    failedLogins: smallint('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdBy: uuid('created_by'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('staff_username_key').on(sql`lower(${t.username})`),
    index('staff_station_idx').on(t.station),
    check('staff_station_by_kind', sql`(${t.kind} = 'operator') = (${t.station} is null)`),
    stationIsolation(),
  ],
);

/**
 * Refresh tokens, stored as SHA-256 hashes. Each use rotates the token within its family; a
 * reused (already rotated) token revokes the whole family, since it means the token leaked.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    familyId: uuid('family_id').notNull(),
    subjectId: uuid('subject_id').notNull(),
    subjectKind: text('subject_kind', { enum: ['person', 'unit', 'staff', 'operator'] }).notNull(),
    station: text('station'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    index('refresh_tokens_subject_idx').on(t.subjectId),
    index('refresh_tokens_family_idx').on(t.familyId),
  ],
);

/**
 * Security audit log (等保 2.0: time, actor, event, outcome; kept at least six months — the
 * application never deletes from it). Station null marks platform-level events (citizen
 * sign-ins, operator actions on stations), visible to operators only.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    station: text('station'),
    event: text('event').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    actorKind: text('actor_kind'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    targetKind: text('target_kind'),
    targetId: text('target_id'),
    ip: inet('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_log_station_at_idx').on(t.station, t.at),
    index('audit_log_at_idx').on(t.at),
    stationIsolation(),
    // Any unit of work may record a platform-level event; only operators (all stations) read them.
    pgPolicy('platform_events_insert', {
      as: 'permissive',
      for: 'insert',
      withCheck: sql`${t.station} is null`,
    }),
  ],
);
