import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { count, inArray, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Executor } from '../db/database';
import { Statement } from '../db/statement';
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

const insertEvent = new Statement((executor) =>
  executor.insert(outbox).values({
    id: sql.placeholder('id'),
    subject: sql.placeholder('subject'),
    type: sql.placeholder('type'),
    station: sql.placeholder('station'),
    payload: sql.placeholder('payload'),
    headers: sql.placeholder('headers'),
  }),
);

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
    await insertEvent.run(tx, {
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
  /**
   * Shortest time from one batch to the next when woken; 20 ms by default. An event waits at
   * most this long behind the previous batch, and a busy service publishes a batch per interval
   * rather than a transaction and a round trip per commit.
   */
  coalesceMs?: number;
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
 * Moves outbox rows to JetStream. Each batch is taken `for update skip locked`, so replicas relay
 * side by side without publishing the same row twice in normal operation; when a row is published
 * twice anyway (a commit lost after the PubAck), JetStream's duplicate window drops the copy.
 * A batch's rows leave the outbox in the transaction that publishes them: what JetStream does not
 * acknowledge is put back (the refused row with attempts and last_error) before the commit, and
 * the relay backs off and retries until JetStream accepts it. Rows are sent in id (time) order;
 * from a refused row on, every row is sent again (those that had landed are dropped as
 * duplicates), so only a row refused while a later one landed — a refusal of that row alone —
 * reaches the stream after its successor. Consumers never relied on more: two relays interleave.
 */
export class OutboxRelay {
  private readonly database: Database;
  private readonly bus: Bus;
  private readonly logger: BusLogger;
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly maxBackoffMs: number;
  private readonly publishTimeoutMs: number;
  private readonly coalesceMs: number;

  private running = false;
  private loop: Promise<void> | null = null;
  private woken = false;
  private backingOff = false;
  private interrupt: (() => void) | null = null;
  private removeReconnectListener: (() => void) | null = null;
  private streamReady: Promise<void> | null = null;
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
    this.coalesceMs = options.coalesceMs ?? 20;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Back online: retry now rather than at the end of the current back-off.
    this.removeReconnectListener = this.bus.onReconnect(() => {
      this.counters.consecutiveFailures = 0;
      this.streamReady = null;
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

  /**
   * One batch: the oldest rows taken off the outbox, published together, and whatever JetStream
   * did not acknowledge put back — all in one transaction, so a crash mid-batch loses nothing.
   * `probe: false` skips the cheap look for work first (a commit has just enqueued some).
   */
  async relayOnce({ probe = true }: { probe?: boolean } = {}): Promise<RelayResult> {
    // A cheap probe outside a transaction keeps an idle relay to one indexed read per poll.
    if (
      probe &&
      (await this.database.db.select({ id: outbox.id }).from(outbox).limit(1)).length === 0
    )
      return { published: 0, failed: false, more: false };
    return this.database.transaction(async (tx) => {
      const oldest = tx
        .select({ id: outbox.id })
        .from(outbox)
        .orderBy(outbox.id)
        .limit(this.batchSize)
        .for('update', { skipLocked: true });
      const rows = (await tx.delete(outbox).where(inArray(outbox.id, oldest)).returning()).sort(
        (a, b) => (a.id < b.id ? -1 : 1),
      );
      // Sent one after another on one connection, so the stream stores them in this order; the
      // acknowledgements are awaited together rather than one round trip per event.
      const outcomes = await Promise.allSettled(rows.map((row) => this.publish(row)));
      const failedAt = outcomes.findIndex((o) => o.status === 'rejected');
      if (failedAt === -1)
        return { published: rows.length, failed: false, more: rows.length === this.batchSize };
      // The first row JetStream refused goes back with the failure, and every row after it, so
      // order is kept; a later row that did land is dropped as a duplicate when it is sent again.
      const reason = (outcomes[failedAt] as PromiseRejectedResult).reason as unknown;
      const message = reason instanceof Error ? reason.message : String(reason);
      const [refused, ...after] = rows.slice(failedAt);
      await tx
        .insert(outbox)
        .values([
          { ...refused!, attempts: refused!.attempts + 1, lastError: message.slice(0, 1000) },
          ...after,
        ]);
      this.counters.lastError = message;
      return { published: failedAt, failed: true, more: false };
    });
  }

  private async publish(row: OutboxRow): Promise<void> {
    if (!this.bus.isConnected()) throw new Error('nats disconnected');
    // One check of the stream for all the batch's rows; checked again after a failure.
    this.streamReady ??= this.bus.ensureStream().catch((err: unknown) => {
      this.streamReady = null;
      throw err;
    });
    await this.streamReady;
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
          this.streamReady = null;
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  private async run(): Promise<void> {
    // Set when a wake() ended the last wait: a commit has enqueued rows, no need to look first.
    let woken = false;
    while (this.running) {
      const started = Date.now();
      let result: RelayResult;
      try {
        result = await this.relayOnce({ probe: !woken });
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
        woken = false;
        continue;
      }
      if (this.counters.consecutiveFailures > 0) {
        this.logger.info(
          { afterFailures: this.counters.consecutiveFailures },
          'outbox relay publishing again',
        );
        this.counters.consecutiveFailures = 0;
      }
      if (result.more) {
        woken = true;
        continue;
      }
      woken = await this.sleep(this.idleMs, false);
      // Commits close together go out in one batch: a wake waits out the rest of coalesceMs
      // since this batch began (under load, one batch per coalesceMs instead of one per commit).
      const rest = started + this.coalesceMs - Date.now();
      if (woken && rest > 0 && this.running)
        await new Promise((resolve) => setTimeout(resolve, rest));
    }
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.maxBackoffMs, 250 * 2 ** Math.min(attempt - 1, 20));
    // Jitter, so replicas that failed together do not retry in lockstep.
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  /**
   * Wait `ms`; wake() cuts an idle wait short but not a back-off (NATS is likely still down).
   * True when a wake ended it.
   */
  private sleep(ms: number, backingOff: boolean): Promise<boolean> {
    if (!backingOff && this.woken) {
      this.woken = false;
      return Promise.resolve(true);
    }
    this.backingOff = backingOff;
    return new Promise((resolve) => {
      const done = (woken: boolean): void => {
        clearTimeout(timer);
        this.interrupt = null;
        this.backingOff = false;
        this.woken = false;
        resolve(woken);
      };
      const timer = setTimeout(() => done(false), ms);
      this.interrupt = () => done(true);
    });
  }

  private wakeUp(force: boolean): void {
    if (!force && this.backingOff) return;
    this.woken = true;
    this.interrupt?.();
  }
}
