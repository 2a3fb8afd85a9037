import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { count, inArray, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Executor, Tx } from '../db/database';
import type { Bus, BusLogger } from './bus';
import { BusHeaders, extractTraceContextFromRecord, toMsgHdrs, traceHeaders } from './headers';
import { outbox, type OutboxRow } from './outbox-schema';
import { busSubjects } from './subjects';

const tracer = trace.getTracer('@hall/platform/bus');

export interface EventInput<S extends DescMessage> {
  station: string;
  /** The producing domain: `identity`, `submissions`, … */
  domain: string;
  /** snake_case event name: `staff_changed`. */
  event: string;
  schema: S;
  message: MessageInitShape<S>;
}

/**
 * Record an event in the outbox, inside the caller's transaction: the change and its event
 * commit or roll back together. Needs no NATS connection (only the namespace, for the subject),
 * so it works while NATS is down. Returns the event id. Call `relay.wake()` after the commit to
 * publish at once rather than at the next poll.
 */
export async function enqueueEvent<S extends DescMessage>(
  tx: Executor,
  busOrNamespace: Bus | string,
  input: EventInput<S>,
): Promise<string> {
  const namespace = typeof busOrNamespace === 'string' ? busOrNamespace : busOrNamespace.namespace;
  const subject = busSubjects(namespace).event(input.station, input.domain, input.event);
  const payload = toBinary(input.schema, create(input.schema, input.message));
  const id = uuidv7();
  // A short producer span marks where the event was created; its context travels in the
  // headers, so the consumer's span joins the trace of the request that caused the event.
  const span = tracer.startSpan(`create ${subject}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'nats',
      'messaging.operation.type': 'create',
      'messaging.destination.name': subject,
      'messaging.message.id': id,
    },
  });
  try {
    const headers: Record<string, string> = {
      [BusHeaders.eventType]: input.schema.typeName,
      [BusHeaders.station]: input.station,
      [BusHeaders.occurredAt]: new Date().toISOString(),
      ...traceHeaders(trace.setSpan(context.active(), span)),
    };
    await tx.insert(outbox).values({
      id,
      subject,
      type: input.schema.typeName,
      station: input.station,
      payload,
      headers,
    });
    return id;
  } finally {
    span.end();
  }
}

export interface OutboxRelayOptions {
  database: Database;
  bus: Bus;
  logger: BusLogger;
  /** Rows published per transaction; 100 by default. */
  batchSize?: number;
  /** Poll interval when idle (wake() short-cuts it); 1 s by default. */
  idleMs?: number;
  /** Cap of the exponential back-off after a failure; 30 s by default. */
  maxBackoffMs?: number;
  /** How long to wait for JetStream's PubAck; 5 s by default. */
  publishTimeoutMs?: number;
}

export interface OutboxRelayStats {
  published: number;
  /** PubAcks that reported a duplicate: an earlier attempt had landed after all. */
  duplicates: number;
  failures: number;
  consecutiveFailures: number;
  lastError: string | null;
}

export interface RelayResult {
  published: number;
  failed: boolean;
  /** The batch was full: more rows are probably waiting. */
  more: boolean;
}

/**
 * Moves outbox rows to JetStream. Each batch is locked `for update skip locked`, so replicas relay
 * side by side without publishing the same row twice in normal operation; when a row is published
 * twice anyway (a commit lost after the PubAck), JetStream's duplicate window drops the copy.
 * A row is deleted only after its PubAck; on failure it stays, with attempts and last_error, and
 * the relay backs off and retries until JetStream accepts it. Rows go out in id (time) order and a
 * batch stops at the first failure, so order is kept per relay.
 */
export class OutboxRelay {
  private readonly database: Database;
  private readonly bus: Bus;
  private readonly logger: BusLogger;
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly maxBackoffMs: number;
  private readonly publishTimeoutMs: number;

  private running = false;
  private loop: Promise<void> | null = null;
  private woken = false;
  private backingOff = false;
  private interrupt: (() => void) | null = null;
  private removeReconnectListener: (() => void) | null = null;
  private streamReady = false;
  private readonly counters: OutboxRelayStats = {
    published: 0,
    duplicates: 0,
    failures: 0,
    consecutiveFailures: 0,
    lastError: null,
  };

  constructor(options: OutboxRelayOptions) {
    this.database = options.database;
    this.bus = options.bus;
    this.logger = options.logger;
    this.batchSize = options.batchSize ?? 100;
    this.idleMs = options.idleMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Back online: retry now rather than at the end of the current back-off.
    this.removeReconnectListener = this.bus.onReconnect(() => {
      this.counters.consecutiveFailures = 0;
      this.streamReady = false;
      this.wakeUp(true);
    });
    // The relay's own work belongs to no request's trace.
    this.loop = context.with(ROOT_CONTEXT, () => this.run());
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.removeReconnectListener?.();
    this.removeReconnectListener = null;
    this.wakeUp(true);
    await this.loop;
    this.loop = null;
  }

  /** Publish soon: call after committing a transaction that enqueued events. */
  wake(): void {
    this.wakeUp(false);
  }

  /** Events not yet acknowledged by JetStream. */
  async pending(): Promise<number> {
    const [row] = await this.database.db.select({ n: count() }).from(outbox);
    return row?.n ?? 0;
  }

  stats(): OutboxRelayStats {
    return { ...this.counters };
  }

  /** One batch: lock, publish in order, delete what JetStream acknowledged. */
  async relayOnce(): Promise<RelayResult> {
    // A cheap probe outside a transaction keeps an idle relay to one indexed read per poll.
    const probe = await this.database.db.select({ id: outbox.id }).from(outbox).limit(1);
    if (probe.length === 0) return { published: 0, failed: false, more: false };
    return this.database.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(outbox)
        .orderBy(outbox.id)
        .limit(this.batchSize)
        .for('update', { skipLocked: true });
      const done: string[] = [];
      let failed = false;
      for (const row of rows) {
        try {
          await this.publish(row);
          done.push(row.id);
        } catch (err) {
          failed = true;
          await this.recordFailure(tx, row, err);
          break;
        }
      }
      if (done.length > 0) await tx.delete(outbox).where(inArray(outbox.id, done));
      return { published: done.length, failed, more: !failed && rows.length === this.batchSize };
    });
  }

  private async publish(row: OutboxRow): Promise<void> {
    if (!this.bus.isConnected()) throw new Error('nats disconnected');
    if (!this.streamReady) {
      await this.bus.ensureStream();
      this.streamReady = true;
    }
    const parent = extractTraceContextFromRecord(row.headers, ROOT_CONTEXT);
    await tracer.startActiveSpan(
      `send ${row.subject}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'send',
          'messaging.destination.name': row.subject,
          'messaging.message.id': row.id,
        },
      },
      parent,
      async (span) => {
        try {
          const ack = await this.bus.js.publish(row.subject, row.payload, {
            msgID: row.id,
            headers: toMsgHdrs(row.headers),
            timeout: this.publishTimeoutMs,
            expect: { streamName: this.bus.subjects.stream },
          });
          if (ack.duplicate) this.counters.duplicates++;
          this.counters.published++;
        } catch (err) {
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          // The stream may have been removed; check it again before the next attempt.
          this.streamReady = false;
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  private async recordFailure(tx: Tx, row: OutboxRow, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    await tx
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, lastError: message.slice(0, 1000) })
      .where(inArray(outbox.id, [row.id]));
    this.counters.lastError = message;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let result: RelayResult;
      try {
        result = await this.relayOnce();
      } catch (err) {
        // The database itself failed (down, lock timeout): same back-off as a NATS failure.
        this.counters.lastError = err instanceof Error ? err.message : String(err);
        this.logger.error({ err }, 'outbox relay failed');
        result = { published: 0, failed: true, more: false };
      }
      if (!this.running) break;
      if (result.failed) {
        this.counters.failures++;
        this.counters.consecutiveFailures++;
        const delay = this.backoff(this.counters.consecutiveFailures);
        const fields = {
          lastError: this.counters.lastError,
          attempt: this.counters.consecutiveFailures,
          retryInMs: delay,
        };
        // Warn once per outage, not once per retry.
        if (this.counters.consecutiveFailures === 1)
          this.logger.warn(fields, 'outbox relay could not publish; retrying');
        else this.logger.info(fields, 'outbox relay still cannot publish');
        await this.sleep(delay, true);
        continue;
      }
      if (this.counters.consecutiveFailures > 0) {
        this.logger.info(
          { afterFailures: this.counters.consecutiveFailures },
          'outbox relay publishing again',
        );
        this.counters.consecutiveFailures = 0;
      }
      if (result.more) continue;
      await this.sleep(this.idleMs, false);
    }
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.maxBackoffMs, 250 * 2 ** Math.min(attempt - 1, 20));
    // Jitter, so replicas that failed together do not retry in lockstep.
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  /** Wait `ms`; wake() cuts an idle wait short but not a back-off (NATS is likely still down). */
  private sleep(ms: number, backingOff: boolean): Promise<void> {
    if (!backingOff && this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    this.backingOff = backingOff;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.interrupt = null;
        this.backingOff = false;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
    });
  }

  private wakeUp(force: boolean): void {
    if (!force && this.backingOff) return;
    this.woken = true;
    this.interrupt?.();
  }
}
