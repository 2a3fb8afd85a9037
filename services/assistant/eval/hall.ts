/**
 * The robot as the evaluation (and the tests that need a real catalog) run it: the catalog and
 * the robot in this process, each on a fresh database of the test PostgreSQL, in a private
 * namespace of the test NATS, with identity's list_stations answered from the seed's station
 * registry. The robot starts first; the catalog is then seeded through its own domain functions,
 * so the robot learns everything from the events, as in production.
 */
import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { BusHeaders, connectBus, outbox, toMsgHdrs, type Bus, type HallApp } from '@hall/platform';
import { createTestDatabase, testNamespace, waitFor } from '@hall/platform/testing';
import { buildApp as buildCatalog } from '@hall/catalog/src/app';
import { catalogConfig } from '@hall/catalog/src/config';
import { seedCatalog } from '@hall/catalog/src/db/seed/catalog';
import { SEED_STATIONS, STATIONS_WITH_ITEMS, seedItemsFor } from '@hall/catalog/src/db/seed/data';
import {
  ListStationsRequestSchema,
  ListStationsResponseSchema,
} from '@hall/proto/hall/identity/v1/identity_rpc_pb';
import { StationKind, StationSchema } from '@hall/proto/hall/identity/v1/station_pb';
import { FaqPublishedSchema } from '@hall/proto/hall/letters/v1/letters_events_pb';
import { count, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/app';
import { assistantConfig } from '../src/config';
import { faqs, items } from '../src/db/schema';
import { FEEDS } from '../src/nats/feed';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

export interface EvalHall {
  assistant: HallApp;
  catalog: HallApp;
  /** A bus on the hall's namespace (publishing events, reading consumers). */
  bus: Bus;
  namespace: string;
  /** The assistant's database, as its owner. */
  assistantDatabaseUrl: string;
  /** Ask a question over HTTP (app.inject): status and body. */
  ask(station: string, question: string): Promise<{ status: number; body: unknown }>;
  /** Publish an event as its producer would (letters' FAQs, in tests also catalog events). */
  publish<S extends DescMessage>(input: EventInput<S>): Promise<string>;
  /** Publish a FAQ of a station as the letters service does; its id. */
  publishFaq(faq: {
    station: string;
    question: string;
    answer: string;
    departmentName: string;
  }): Promise<string>;
  /** Resolves once every feed consumer has handled everything in the stream. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export interface EvalHallOptions {
  /** Stations whose demo catalog is seeded (departments and items); the ones with items by default. */
  stations?: readonly string[];
  /** Extra settings of the robot. */
  env?: Record<string, string>;
}

export interface EventInput<S extends DescMessage> {
  station: string;
  domain: string;
  event: string;
  schema: S;
  message: MessageInitShape<S>;
}

/** Publish an event to the namespace's stream as its producer's outbox relay would; its id. */
export async function publishEvent<S extends DescMessage>(
  bus: Bus,
  input: EventInput<S>,
): Promise<string> {
  const id = uuidv7();
  await bus.js.publish(
    bus.subjects.event(input.station, input.domain, input.event),
    toBinary(input.schema, create(input.schema, input.message)),
    {
      msgID: id,
      headers: toMsgHdrs({
        [BusHeaders.eventType]: input.schema.typeName,
        [BusHeaders.station]: input.station,
        [BusHeaders.occurredAt]: new Date().toISOString(),
      }),
    },
  );
  return id;
}

/**
 * Resolves once the producer's outbox is empty (`outboxEmpty`, when given) and then every feed
 * consumer has handled everything in the stream.
 */
export async function feedCaughtUp(bus: Bus, outboxEmpty?: () => Promise<boolean>): Promise<void> {
  if (outboxEmpty) await waitFor('the producer’s outbox to be relayed', outboxEmpty);
  const pending = async (): Promise<number> => {
    let waiting = 0;
    for (const { durable } of FEEDS) {
      const info = await bus.jsm.consumers.info(bus.subjects.stream, durable).catch(() => null);
      // Not created yet: it has everything still to do.
      if (!info) return Number.POSITIVE_INFINITY;
      waiting += info.num_pending + info.num_ack_pending;
    }
    return waiting;
  };
  await waitFor('the index to handle every event', async () => (await pending()) === 0, 120_000);
}

/** Whether a service has relayed every event it enqueued. */
export async function outboxEmpty(app: HallApp): Promise<boolean> {
  const [row] = await app.database.transaction((tx) => tx.select({ n: count() }).from(outbox));
  return (row?.n ?? 0) === 0;
}

/** The station registry identity would answer with: every seed station, enabled. */
function registry() {
  return SEED_STATIONS.map((s, i) =>
    create(StationSchema, {
      key: s.key,
      name: s.name,
      kind: s.kind === 'municipality' ? StationKind.MUNICIPALITY : StationKind.DISTRICT,
      ...(s.divisionCode ? { divisionCode: s.divisionCode } : {}),
      ...(s.key === 'cq' ? {} : { parent: 'cq' }),
      enabled: true,
      sortOrder: i * 10,
      updatedAt: timestampFromDate(new Date()),
    }),
  );
}

export async function startEvalHall(options: EvalHallOptions = {}): Promise<EvalHall> {
  const stations = options.stations ?? STATIONS_WITH_ITEMS;
  const namespace = testNamespace();
  const natsUrl = process.env.HALL_TEST_NATS_URL ?? '';
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const bus = await connectBus({
      url: natsUrl,
      name: 'assistant-eval',
      namespace,
      logger: quiet,
    });
    cleanups.push(async () => {
      await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
      await bus.close();
    });
    await bus.ensureStream();
    const identity = bus.serve(
      'identity',
      'list_stations',
      ListStationsRequestSchema,
      ListStationsResponseSchema,
      () => ({ stations: registry() }),
    );
    cleanups.push(() => identity.stop());

    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      NATS_URL: natsUrl,
      BUS_NAMESPACE: namespace,
      DATABASE_MAX_CONNECTIONS: '5',
    } as const;

    const assistantDb = await createTestDatabase('assistant');
    cleanups.push(() => assistantDb.drop());
    const assistant = await buildApp({
      config: assistantConfig({
        ...env,
        DATABASE_URL: assistantDb.url,
        ASSISTANT_RATE_LIMIT_PER_MINUTE: '1000000',
        ...options.env,
      }),
    });
    cleanups.push(() => assistant.close());

    const catalogDb = await createTestDatabase('catalog');
    cleanups.push(() => catalogDb.drop());
    const catalog = await buildCatalog({
      config: catalogConfig({ ...env, DATABASE_URL: catalogDb.url }),
    });
    cleanups.push(() => catalog.close());
    await Promise.all([catalog.stationSync.synced, assistant.stationSync.synced]);

    const publish: EvalHall['publish'] = (input) => publishEvent(bus, input);
    const caughtUp = () => feedCaughtUp(bus, () => outboxEmpty(catalog));

    await seedCatalog(catalog.database, { namespace, stations });
    const expected = stations.reduce((n, s) => n + seedItemsFor(s).length, 0);
    const indexedItems = async () =>
      (await assistant.database.withAllStations((tx) => tx.select({ n: count() }).from(items)))[0]
        ?.n ?? 0;
    await waitFor(
      'the seeded items to be indexed',
      async () => (await indexedItems()) >= expected,
      180_000,
    );
    await caughtUp();

    return {
      assistant,
      catalog,
      bus,
      namespace,
      assistantDatabaseUrl: assistantDb.url,
      async ask(station, question) {
        const res = await assistant.inject({
          method: 'POST',
          url: `/stations/${station}/ask`,
          payload: { question },
        });
        return { status: res.statusCode, body: res.json() };
      },
      publish,
      async publishFaq(faq) {
        const faqId = uuidv7();
        await publish({
          station: faq.station,
          domain: 'letters',
          event: 'faq_published',
          schema: FaqPublishedSchema,
          message: {
            faqId,
            question: faq.question,
            answer: faq.answer,
            departmentName: faq.departmentName,
            publishedAt: timestampFromDate(new Date()),
          },
        });
        await waitFor('the FAQ to be indexed', async () => {
          const found = await assistant.database.withAllStations((tx) =>
            tx.select({ id: faqs.id }).from(faqs).where(eq(faqs.id, faqId)),
          );
          return found.length > 0;
        });
        return faqId;
      },
      caughtUp,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
