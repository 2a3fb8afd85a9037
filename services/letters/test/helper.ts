import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { connectBus, type Bus, type HallApp } from '@hall/platform';
import {
  createTestDatabase,
  testNamespace,
  testTokens,
  TestClock,
  type TestTokens,
} from '@hall/platform/testing';
import { FakeMaterials } from '@hall/materials/test/fake';
import { StationKind, StationSchema } from '@hall/proto/hall/identity/v1/station_pb';
import { buildTestCatalog, type TestCatalog } from '@hall/catalog/test/helper';
import type { Test } from 'tap';
import { buildApp } from '../src/app';
import { lettersConfig, type LettersConfig } from '../src/config';
import { upsertStations } from '../src/domain/stations';

export { expectProblem, expectValidation } from '@hall/catalog/test/helper';
export { ownerSql, streamEvents, waitFor } from '@hall/platform/testing';
export { FakeMaterials, TestClock };
export type {
  TestAuth as Auth,
  TestCitizen as Writer,
  TestStaff as Staff,
  TestTokens as Tokens,
} from '@hall/platform/testing';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The stations of the tests: wansheng is disabled. */
export const TEST_STATIONS = [
  { key: 'cq', name: '重庆市', enabled: true },
  { key: 'yuzhong', name: '渝中区', enabled: true },
  { key: 'jiangbei', name: '江北区', enabled: true },
  { key: 'wansheng', name: '万盛经开区', enabled: false },
];

export interface TestLetters {
  app: HallApp;
  config: LettersConfig;
  databaseUrl: string;
  tokens: TestTokens;
  catalog: TestCatalog;
  materials: FakeMaterials;
  clock: TestClock;
  /** A bus on the namespace of the test, for reading the stream. */
  bus: Bus;
  /** Every log line the app wrote (at debug level when `logs` was asked for), as written. */
  logs: string[];
}

export interface BuildOptions {
  env?: Record<string, string>;
  /** Another NATS server (fault tests start their own). */
  natsUrl?: string;
  /** The bus namespace (a private one by default). */
  namespace?: string;
  /** The test runs the real materials service on the namespace: serve no fake. */
  realMaterials?: boolean;
  /** Embedded PGlite in memory instead of the test PostgreSQL server. */
  pglite?: boolean;
  /** Log at debug level into `logs`. */
  logs?: boolean;
}

export const TEST_DATA_KEY = randomBytes(32).toString('base64');

/**
 * The letters service on a fresh database of the test PostgreSQL and a private NATS namespace,
 * next to a real catalog on the same namespace (departments) and a fake materials RPC; the
 * stations read model filled directly (identity does not run here). Everything closed and
 * dropped when the test ends.
 */
export async function buildTestLetters(t: Test, options: BuildOptions = {}): Promise<TestLetters> {
  const namespace = options.namespace ?? testNamespace();
  const natsUrl = options.natsUrl ?? process.env.HALL_TEST_NATS_URL ?? '';
  // Registered before the catalog's teardown, so the namespace's stream goes last.
  let close = async (): Promise<void> => {};
  t.teardown(() => close());
  const catalog = await buildTestCatalog(
    t,
    { BUS_NAMESPACE: namespace, NATS_URL: natsUrl },
    {
      stations: TEST_STATIONS.map((s, i) => ({ ...s, sortOrder: i * 10 })),
    },
  );
  const db = options.pglite
    ? { url: '', drop: async () => {} }
    : await createTestDatabase('letters');
  const { tokens, keys } = await testTokens();
  const clock = new TestClock();
  const config = lettersConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: options.logs ? 'debug' : (process.env.TEST_LOG_LEVEL ?? 'silent'),
    ...(options.pglite ? { PGLITE_DATA_DIR: 'memory://' } : { DATABASE_URL: db.url }),
    DATABASE_MAX_CONNECTIONS: '8',
    NATS_URL: natsUrl,
    BUS_NAMESPACE: namespace,
    LETTERS_DATA_KEY: TEST_DATA_KEY,
    LETTERS_SUBMIT_RATE_LIMIT_PER_MINUTE: '1000',
    LETTERS_LOOKUP_RATE_LIMIT_PER_MINUTE: '1000',
    ...options.env,
  });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let app: HallApp;
  try {
    app = await buildApp({ config, keys, now: clock.now, ...(options.logs ? { logStream } : {}) });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const bus = await connectBus({
    url: natsUrl,
    name: 'letters-test',
    namespace,
    logger: quiet,
    reconnectTimeWaitMs: 200,
  });
  const materials = new FakeMaterials(bus);
  const server = options.realMaterials ? { stop: async () => {} } : materials.serve();
  close = async () => {
    await server.stop();
    await app.close();
    await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
    await bus.close();
    await db.drop();
  };
  await app.database.transaction((tx) =>
    upsertStations(
      tx,
      TEST_STATIONS.map((s) =>
        create(StationSchema, {
          key: s.key,
          name: s.name,
          kind: s.key === 'cq' ? StationKind.MUNICIPALITY : StationKind.DISTRICT,
          enabled: s.enabled,
          updatedAt: timestampFromDate(new Date()),
        }),
      ),
    ),
  );
  return { app, config, databaseUrl: db.url, tokens, catalog, materials, clock, bus, logs };
}
