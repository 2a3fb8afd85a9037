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
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export { outbox, processedEvents } from '@hall/platform';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The station registry as identity announces it (station_changed events, synced through
 * identity.list_stations at start). Public data: no row-level security.
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
 * The catalog's departments as its department_changed events (and get_department answers)
 * describe them, so a letter to a known department is accepted while NATS is away.
 */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull(),
    /** When the catalog's state was observed; an older observation never overwrites a newer one. */
    observedAt: at('observed_at').notNull(),
  },
  () => [stationIsolation()],
);

export const letterKinds = ['consultation', 'complaint', 'suggestion'] as const;
export const letterStates = ['received', 'assigned', 'replied', 'closed', 'out_of_scope'] as const;
export const ratings = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

export interface Attachment {
  fileId: string;
  name: string;
  size: number;
  mediaType: string;
}

/** 信件: one 咨询, 投诉 or 建议 to a station. */
export const letters = pgTable(
  'letters',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    /** 受理编码: yyyy + mm + 14-digit sequence of the station and month. */
    code: text('code').notNull(),
    kind: text('kind', { enum: letterKinds }).notNull(),
    /** The department addressed (咨询, 建议), complained about or assigned (投诉); copied. */
    departmentId: uuid('department_id'),
    departmentName: text('department_name'),
    subject: text('subject').notNull(),
    content: text('content').notNull(),
    /** 投诉 only: the 申办流水号 and the staff member the complaint is about. */
    relatedSerial: text('related_serial'),
    staffName: text('staff_name'),
    /** Sealed (AES-256-GCM). */
    contactName: text('contact_name').notNull(),
    /** Sealed (AES-256-GCM). */
    mobile: text('mobile').notNull(),
    /** HMAC-SHA-256 of the normalised mobile number: what look-ups compare. */
    mobileHash: text('mobile_hash').notNull(),
    publicConsent: boolean('public_consent').notNull(),
    writerKind: text('writer_kind', { enum: ['person', 'unit'] }),
    writerId: uuid('writer_id'),
    attachments: jsonb('attachments').$type<Attachment[]>().notNull().default([]),
    /** The `Idempotency-Key` of the request that made it: a retry finds this letter. */
    idempotencyKey: uuid('idempotency_key'),
    state: text('state', { enum: letterStates }).notNull(),
    receivedAt: at('received_at').notNull(),
    dueAt: at('due_at').notNull(),
    replyText: text('reply_text'),
    replyDepartmentName: text('reply_department_name'),
    repliedBy: uuid('replied_by'),
    repliedAt: at('replied_at'),
    replyOnTime: boolean('reply_on_time'),
    outOfScopeExplanation: text('out_of_scope_explanation'),
    outOfScopeAt: at('out_of_scope_at'),
    closedAt: at('closed_at'),
    rating: text('rating', { enum: ratings }),
    ratingComment: text('rating_comment'),
    ratedAt: at('rated_at'),
    revision: integer('revision').notNull().default(1),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('letters_station_code_key').on(t.station, t.code),
    uniqueIndex('letters_station_idempotency_key')
      .on(t.station, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index('letters_queue_idx').on(t.station, t.state, t.dueAt),
    index('letters_writer_idx').on(t.writerKind, t.writerId, t.receivedAt),
    check(
      'letters_state',
      sql`${t.state} in ('received', 'assigned', 'replied', 'closed', 'out_of_scope')`,
    ),
    check('letters_kind', sql`${t.kind} in ('consultation', 'complaint', 'suggestion')`),
    check(
      'letters_department_when_addressed',
      sql`${t.kind} = 'complaint' or ${t.departmentId} is not null`,
    ),
    check('letters_writer', sql`(${t.writerKind} is null) = (${t.writerId} is null)`),
    stationIsolation(),
  ],
);

/**
 * Every step of a letter: the timeline. Staff steps keep the staff member's id (never shown to
 * the writer); `note` holds an assignment note, a follow-up note or a closing note.
 */
export const letterSteps = pgTable(
  'letter_steps',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    letterId: uuid('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    note: text('note'),
    at: at('at').notNull(),
  },
  (t) => [index('letter_steps_letter_idx').on(t.letterId, t.at), stationIsolation()],
);

/** The last 受理编码 sequence handed out per station and month (yyyymm, Asia/Shanghai). */
export const codeCounters = pgTable(
  'code_counters',
  {
    station: stationColumn(),
    month: text('month').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.station, t.month] }), stationIsolation()],
);

/** 常见问题: a question and answer staff published from a letter whose writer consented. */
export const faqs = pgTable(
  'faqs',
  {
    id: uuid('id').primaryKey(),
    station: stationColumn(),
    letterId: uuid('letter_id')
      .notNull()
      .references(() => letters.id),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    departmentId: uuid('department_id'),
    departmentName: text('department_name'),
    state: text('state', { enum: ['published', 'withdrawn'] }).notNull(),
    publishedAt: at('published_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    withdrawnAt: at('withdrawn_at'),
  },
  (t) => [
    uniqueIndex('faqs_letter_key').on(t.letterId),
    index('faqs_station_state_idx').on(t.station, t.state, t.publishedAt),
    check('faqs_state', sql`${t.state} in ('published', 'withdrawn')`),
    stationIsolation(),
  ],
);
