import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  type ConsumerConfig,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { lt, sql } from 'drizzle-orm';
import type { Database, Executor, Tx } from '../db/database';
import { isStationKey } from '../db/tenancy';
import { isApiError, type Bus, type BusLogger } from './bus';
import { BusHeaders, extractTraceContext, fromMsgHdrs } from './headers';
import { processedEvents } from './outbox-schema';

const tracer = trace.getTracer('@hall/platform/bus');

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DURABLE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** An event as a consumer's handler sees it; decode `data` with `decodeEvent`. */
export interface BusEvent {
  /** The event id (UUIDv7) = Nats-Msg-Id. */
  id: string;
  /** Protobuf type name of `data`. */
  type: string;
  station: string;
  subject: string;
  data: Uint8Array;
  occurredAt: Date;
  headers: Record<string, string>;
  /** 1 on first delivery. */
  deliveryCount: number;
  streamSequence: number;
}

export type EventHandler = (event: BusEvent, tx: Tx) => Promise<void>;

export interface ConsumeEventsOptions {
  bus: Bus;
  database: Database;
  /** Durable consumer name, also the key in processed_events: e.g. `publicity-announcements`. */
  durable: string;
  /** Subject filter inside the namespace's events; every event by default. */
  filterSubject?: string;
  handler: EventHandler;
  /** Runs once the handler's transaction has committed (not for duplicates): tell others. */
  afterCommit?: (event: BusEvent) => void;
  logger: BusLogger;
  /**
   * Transaction the handler runs in: `station` (default) acts for the event's station, so
   * row-level security admits the handler's writes to station-scoped tables; `all-stations`
   * for cross-station read models; `none` for tables without RLS only.
   */
  scope?: 'station' | 'all-stations' | 'none';
  /** Deliveries before a failing event is given up (terminated and logged); 10 by default. */
  maxDeliver?: number;
  /** Redelivery when neither ack nor nak arrives in time; 30 s by default. */
  ackWaitMs?: number;
  /** First retry delay after a handler error, doubled each time; 2 s by default. */
  retryDelayMs?: number;
  /** Cap of the retry delay; 10 min by default (10 deliveries then span about 17 min). */
  maxRetryDelayMs?: number;
  /** Messages buffered per pull; 16 by default (kept small: they all age towards ack_wait). */
  batchSize?: number;
}

export interface EventConsumerStats {
  processed: number;
  duplicates: number;
  failures: number;
  terminated: number;
}

export interface EventConsumer {
  readonly durable: string;
  stats(): EventConsumerStats;
  /** Stop pulling; the event being handled finishes (and is acknowledged) first. */
  stop(): Promise<void>;
}

/** Decode an event's payload, checking it is the expected type. */
export function decodeEvent<S extends DescMessage>(event: BusEvent, schema: S): MessageShape<S> {
  if (event.type !== schema.typeName) {
    throw new Error(`event ${event.id} is ${event.type}, not ${schema.typeName}`);
  }
  return fromBinary(schema, event.data);
}

/**
 * Forget processed event ids older than the stream keeps events (30 days): those can no longer
 * be redelivered. Run it from a periodic job.
 */
export async function pruneProcessedEvents(
  executor: Executor,
  olderThanDays = 35,
): Promise<number> {
  const deleted = await executor
    .delete(processedEvents)
    .where(lt(processedEvents.processedAt, sql`now() - make_interval(days => ${olderThanDays})`))
    .returning({ id: processedEvents.eventId });
  return deleted.length;
}

/**
 * Consume events with a durable pull consumer, each exactly once in effect: the handler runs in a
 * database transaction that also records (consumer, event id) in processed_events, so a
 * redelivered event (lost ack, another replica, a re-publish) finds its id and is only
 * acknowledged. The ack follows the commit. A handler error rolls back and naks with a growing
 * delay; after `maxDeliver` deliveries the event is terminated and logged as an error.
 * Keeps consuming across NATS outages and restarts.
 */
export function consumeEvents(options: ConsumeEventsOptions): EventConsumer {
  const { bus, database, durable, handler, logger } = options;
  if (!DURABLE_PATTERN.test(durable)) throw new Error(`invalid durable consumer name '${durable}'`);
  const filterSubject = options.filterSubject ?? bus.subjects.allEvents;
  if (!filterSubject.startsWith(`${bus.namespace}.evt.`)) {
    throw new Error(
      `filter subject '${filterSubject}' is outside the events of namespace '${bus.namespace}'`,
    );
  }
  const scope = options.scope ?? 'station';
  const maxDeliver = options.maxDeliver ?? 10;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const retryDelayMs = options.retryDelayMs ?? 2000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 600_000;
  const batchSize = options.batchSize ?? 16;
  const stream = bus.subjects.stream;
  const counters: EventConsumerStats = { processed: 0, duplicates: 0, failures: 0, terminated: 0 };

  const config: Partial<ConsumerConfig> = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(ackWaitMs),
    max_deliver: maxDeliver,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filterSubject,
    max_ack_pending: 1000,
  };

  let stopping = false;
  let current: ConsumerMessages | null = null;
  let wakeSleep: (() => void) | null = null;

  async function ensureConsumer(): Promise<void> {
    try {
      const info = await bus.jsm.consumers.info(stream, durable);
      const c = info.config;
      if (
        c.ack_wait !== config.ack_wait ||
        c.max_deliver !== config.max_deliver ||
        c.filter_subject !== filterSubject
      ) {
        try {
          await bus.jsm.consumers.update(stream, durable, {
            ack_wait: config.ack_wait,
            max_deliver: maxDeliver,
            filter_subject: filterSubject,
          });
          logger.info({ durable }, 'event consumer updated');
        } catch (err) {
          // nats-server 2.9 refuses some changes (the filter subject); keep consuming as configured.
          logger.warn({ err, durable }, 'event consumer configuration could not be updated');
        }
      }
    } catch (err) {
      if (!isApiError(err, JetStreamApiCodes.ConsumerNotFound)) throw err;
      await bus.jsm.consumers.add(stream, config);
      logger.info({ durable, filterSubject }, 'event consumer created');
    }
  }

  function toEvent(m: JsMsg): BusEvent | null {
    const h = m.headers;
    const id = h?.get(BusHeaders.msgId) ?? '';
    if (!UUID_PATTERN.test(id)) return null;
    const occurred = h?.get(BusHeaders.occurredAt);
    const occurredAt = occurred ? new Date(occurred) : m.time;
    return {
      id,
      type: h?.get(BusHeaders.eventType) ?? '',
      station: h?.get(BusHeaders.station) ?? '',
      subject: m.subject,
      data: m.data,
      occurredAt: Number.isNaN(occurredAt.getTime()) ? m.time : occurredAt,
      headers: fromMsgHdrs(h),
      deliveryCount: m.info.deliveryCount,
      streamSequence: m.info.streamSequence,
    };
  }

  function unitOfWork<T>(event: BusEvent, work: (tx: Tx) => Promise<T>): Promise<T> {
    if (scope === 'all-stations') return database.withAllStations(work);
    if (scope === 'station' && isStationKey(event.station))
      return database.withStation(event.station, work);
    return database.transaction(work);
  }

  async function handleMessage(m: JsMsg): Promise<void> {
    const event = toEvent(m);
    if (!event) {
      // Without an id it cannot be made idempotent; nothing in the hall publishes such a message.
      logger.error(
        { durable, subject: m.subject, seq: m.seq },
        'event without a valid Nats-Msg-Id; terminated',
      );
      counters.terminated++;
      m.term();
      return;
    }
    const parent = extractTraceContext(m.headers, ROOT_CONTEXT);
    await tracer.startActiveSpan(
      `process ${m.subject}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': m.subject,
          'messaging.consumer.group.name': durable,
          'messaging.message.id': event.id,
          'messaging.message.delivery_count': event.deliveryCount,
        },
      },
      parent,
      async (span) => {
        try {
          const outcome = await unitOfWork(event, async (tx) => {
            const fresh = await tx
              .insert(processedEvents)
              .values({ consumer: durable, eventId: event.id })
              .onConflictDoNothing()
              .returning({ eventId: processedEvents.eventId });
            if (fresh.length === 0) return 'duplicate' as const;
            await handler(event, tx);
            return 'processed' as const;
          });
          // After the commit: if this ack is lost, the redelivery finds the id and is only acked.
          m.ack();
          if (outcome === 'duplicate') counters.duplicates++;
          else {
            counters.processed++;
            options.afterCommit?.(event);
          }
          span.setAttribute('hall.outcome', outcome);
        } catch (err) {
          counters.failures++;
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          const fields = {
            err,
            durable,
            eventId: event.id,
            subject: event.subject,
            type: event.type,
            deliveries: event.deliveryCount,
          };
          if (event.deliveryCount >= maxDeliver) {
            counters.terminated++;
            logger.error(fields, 'event handling failed for the last time; event given up');
            m.term();
          } else {
            const delay = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (event.deliveryCount - 1));
            logger.warn({ ...fields, retryInMs: delay }, 'event handling failed; will retry');
            m.nak(delay);
          }
        } finally {
          span.end();
        }
      },
    );
  }

  function watch(messages: ConsumerMessages): void {
    void (async () => {
      for await (const s of messages.status()) {
        // The client keeps pulling from a consumer that no longer exists; start over so it is
        // recreated (an operator deleted it, or the stream was recreated).
        if (s.type === 'consumer_deleted' || (s.type === 'consumer_not_found' && s.count >= 2)) {
          logger.warn({ durable, status: s.type }, 'event consumer is gone; recreating it');
          messages.stop();
        }
      }
    })().catch(() => {});
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        wakeSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeSleep = done;
    });
  }

  // The bus is shutting down: leave quietly instead of retrying against a closing connection.
  const closing = (): boolean => bus.nc.isClosed() || bus.nc.isDraining();

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopping && !closing()) {
      try {
        await bus.ensureStream();
        await ensureConsumer();
        const consumer = await bus.js.consumers.get(stream, durable);
        const messages = await consumer.consume({ max_messages: batchSize });
        current = messages;
        watch(messages);
        if (stopping) messages.stop();
        failures = 0;
        for await (const m of messages) {
          await handleMessage(m);
        }
      } catch (err) {
        if (stopping || closing()) break;
        failures++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures - 1, 10));
        // NATS being down is expected now and then: warn once, then quietly keep trying.
        if (failures === 1)
          logger.warn({ err, durable, retryInMs: delay }, 'event consumer interrupted; retrying');
        else
          logger.info(
            { err: (err as Error).message, durable, retryInMs: delay },
            'event consumer still interrupted',
          );
        await sleep(delay);
      } finally {
        current = null;
      }
    }
  }

  const loop = context.with(ROOT_CONTEXT, () => run());

  return {
    durable,
    stats: () => ({ ...counters }),
    async stop() {
      stopping = true;
      current?.stop();
      wakeSleep?.();
      await loop;
    },
  };
}
