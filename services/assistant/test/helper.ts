import { create, type DescMessage } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { connectBus, type Bus, type HallApp } from '@hall/platform';
import { createTestDatabase, testNamespace } from '@hall/platform/testing';
import { buildTestCatalog, type TestCatalog } from '@hall/catalog/test/helper';
import {
  ListStationsRequestSchema,
  ListStationsResponseSchema,
} from '@hall/proto/hall/identity/v1/identity_rpc_pb';
import { StationKind, StationSchema } from '@hall/proto/hall/identity/v1/station_pb';
import type { LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import { feedCaughtUp, outboxEmpty, publishEvent, type EventInput } from '../eval/hall';
import { buildApp } from '../src/app';
import { assistantConfig, type AssistantConfig } from '../src/config';
import type { Answer } from '../src/domain/answers';

export { expectProblem, expectValidation } from '@hall/catalog/test/helper';
export { ownerSql, waitFor } from '@hall/platform/testing';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The stations of the tests; wansheng is disabled. */
export const TEST_STATIONS = [
  { key: 'cq', name: '重庆市', enabled: true, sortOrder: 10 },
  { key: 'yuzhong', name: '渝中区', enabled: true, sortOrder: 20 },
  { key: 'jiangbei', name: '江北区', enabled: true, sortOrder: 30 },
  { key: 'wansheng', name: '万盛经开区', enabled: false, sortOrder: 40 },
];

export interface TestAssistant {
  app: HallApp;
  config: AssistantConfig;
  databaseUrl: string;
  /** The real catalog on the same namespace (its admin API publishes what the robot indexes). */
  catalog: TestCatalog;
  /** A bus on the test's namespace. */
  bus: Bus;
  ask(station: string, question: string): Promise<LightMyRequestResponse>;
  /** The answer to a question that must be answered (200). */
  answer(station: string, question: string): Promise<Answer>;
  /** Publish an event as its producer would (the letters service's FAQs). */
  publish<S extends DescMessage>(input: EventInput<S>): Promise<string>;
  /** Resolves once the robot's consumers have handled every event in the stream. */
  caughtUp(): Promise<void>;
}

/**
 * The robot on a fresh database of the test PostgreSQL and a private NATS namespace, started
 * before a real catalog on the same namespace (so it learns the catalog from its events), with
 * identity's list_stations answered by the test; everything closed and dropped at the end.
 */
export async function buildTestAssistant(
  t: Test,
  options: {
    env?: Record<string, string>;
    /** Embedded PGlite in memory instead of the test PostgreSQL server (as tools/dev runs it). */
    pglite?: boolean;
  } = {},
): Promise<TestAssistant> {
  const namespace = testNamespace();
  const natsUrl = process.env.HALL_TEST_NATS_URL ?? '';
  const bus = await connectBus({ url: natsUrl, name: 'assistant-test', namespace, logger: quiet });
  let closeApp = async (): Promise<void> => {};
  // Registered first, so it runs last: the stream goes once every app has closed.
  t.teardown(async () => {
    await closeApp();
    await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
    await bus.close();
  });
  await bus.ensureStream();
  const identity = bus.serve(
    'identity',
    'list_stations',
    ListStationsRequestSchema,
    ListStationsResponseSchema,
    () => ({
      stations: TEST_STATIONS.map((s) =>
        create(StationSchema, {
          key: s.key,
          name: s.name,
          kind: s.key === 'cq' ? StationKind.MUNICIPALITY : StationKind.DISTRICT,
          enabled: s.enabled,
          sortOrder: s.sortOrder,
          updatedAt: timestampFromDate(new Date()),
        }),
      ),
    }),
  );
  t.teardown(() => identity.stop());

  const db = options.pglite
    ? { url: '', drop: async () => {} }
    : await createTestDatabase('assistant');
  const config = assistantConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(options.pglite ? { PGLITE_DATA_DIR: 'memory://' } : { DATABASE_URL: db.url }),
    DATABASE_MAX_CONNECTIONS: '5',
    NATS_URL: natsUrl,
    BUS_NAMESPACE: namespace,
    ...options.env,
  });
  let app: HallApp;
  try {
    app = await buildApp({ config });
  } catch (err) {
    await db.drop();
    throw err;
  }
  closeApp = async () => {
    await app.close();
    await db.drop();
  };
  await app.stationSync.synced;
  // The catalog syncs its stations from the same fake identity.
  const catalog = await buildTestCatalog(
    t,
    { BUS_NAMESPACE: namespace, NATS_URL: natsUrl },
    { stations: [] },
  );
  await catalog.app.stationSync.synced;

  const ask = (station: string, question: string) =>
    app.inject({ method: 'POST', url: `/stations/${station}/ask`, payload: { question } });
  return {
    app,
    config,
    databaseUrl: db.url,
    catalog,
    bus,
    ask,
    async answer(station, question) {
      const res = await ask(station, question);
      if (res.statusCode !== 200) throw new Error(`${question}: ${res.statusCode} ${res.body}`);
      return res.json<Answer>();
    },
    publish: (input) => publishEvent(bus, input),
    caughtUp: () => feedCaughtUp(bus, () => outboxEmpty(catalog.app)),
  };
}
