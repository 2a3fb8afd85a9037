import {
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

/**
 * bytea as Uint8Array. postgres.js hands back a Buffer and PGlite a Uint8Array (both are
 * Uint8Arrays); a driver that returns the text form (`\x0a0b…`) is decoded too.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | string }>({
  dataType() {
    return 'bytea';
  },
  toDriver(value) {
    // A Buffer makes postgres.js infer bytea; PGlite accepts any Uint8Array, Buffer included.
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  },
  fromDriver(value) {
    if (typeof value === 'string') {
      return new Uint8Array(Buffer.from(value.startsWith('\\x') ? value.slice(2) : value, 'hex'));
    }
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  },
});

/**
 * Events waiting to be relayed to JetStream. A row is written in the same transaction as the
 * change it announces and deleted once JetStream has acknowledged it, so the table holds only
 * what is not yet published. Not station-scoped (no RLS): the relay reads every station's rows.
 * Every service that produces events includes this table in its drizzle schema.
 */
export const outbox = pgTable(
  'outbox',
  {
    /** The event id (UUIDv7), also JetStream's Nats-Msg-Id. */
    id: uuid('id').primaryKey(),
    subject: text('subject').notNull(),
    /** Protobuf type name of the payload, e.g. `hall.identity.v1.StaffChanged`. */
    type: text('type').notNull(),
    station: text('station').notNull(),
    payload: bytea('payload').notNull(),
    /** Headers to publish with: event type, station, occurred-at and the trace context. */
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  // For the age of the oldest pending event (a lag metric); the relay itself walks the primary key.
  (t) => [index('outbox_created_at_idx').on(t.createdAt)],
);

/** Events a durable consumer has handled, so a redelivered event is acknowledged, not re-applied. */
export const processedEvents = pgTable(
  'processed_events',
  {
    /** The durable consumer name. */
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.consumer, t.eventId] }),
    index('processed_events_processed_at_idx').on(t.processedAt),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
