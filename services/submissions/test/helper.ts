import { randomBytes } from 'node:crypto';
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
import { StationKind, StationSchema, type Station } from '@hall/proto/hall/identity/v1/station_pb';
import { buildTestCatalog, type TestCatalog } from '@hall/catalog/test/helper';
import type { Test } from 'tap';
import { buildApp } from '../src/app';
import { submissionsConfig, type SubmissionsConfig } from '../src/config';
import { upsertStations } from '../src/domain/stations';

export { expectProblem, expectValidation } from '@hall/catalog/test/helper';
export { ownerSql, streamEvents, waitFor } from '@hall/platform/testing';
export { FakeMaterials, TestClock };
export type {
  TestAuth as Auth,
  TestCitizen as Citizen,
  TestStaff as Staff,
  TestTokens as Tokens,
} from '@hall/platform/testing';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The stations of the tests: wansheng is disabled; liangjiang and wansheng have no division code. */
export const TEST_STATIONS: Array<{
  key: string;
  name: string;
  enabled: boolean;
  divisionCode?: string;
}> = [
  { key: 'cq', name: '重庆市', enabled: true, divisionCode: '500000' },
  { key: 'yuzhong', name: '渝中区', enabled: true, divisionCode: '500103' },
  { key: 'jiangbei', name: '江北区', enabled: true, divisionCode: '500105' },
  { key: 'liangjiang', name: '两江新区', enabled: true },
  { key: 'wansheng', name: '万盛经开区', enabled: false },
];

export function stationMessage(s: (typeof TEST_STATIONS)[number], updatedAt = new Date()): Station {
  return create(StationSchema, {
    key: s.key,
    name: s.name,
    kind: s.divisionCode ? StationKind.DISTRICT : StationKind.SPECIAL_ZONE,
    ...(s.divisionCode ? { divisionCode: s.divisionCode } : {}),
    ...(s.key === 'cq' ? {} : { parent: 'cq' }),
    enabled: s.enabled,
    sortOrder: 10,
    updatedAt: timestampFromDate(updatedAt),
  });
}

export interface TestHall {
  app: HallApp;
  config: SubmissionsConfig;
  databaseUrl: string;
  tokens: TestTokens;
  catalog: TestCatalog;
  materials: FakeMaterials;
  clock: TestClock;
  /** A bus on the namespace of the test, for reading the stream. */
  bus: Bus;
}

export interface BuildOptions {
  env?: Record<string, string>;
  /** Another NATS server (fault tests start their own). */
  natsUrl?: string;
  /** Leave the stations read model empty. */
  noStations?: boolean;
  /** The test runs the real materials service on the namespace: serve no fake. */
  realMaterials?: boolean;
  /** Embedded PGlite in memory instead of the test PostgreSQL server. */
  pglite?: boolean;
}

export const TEST_DATA_KEY = randomBytes(32).toString('base64');

/**
 * The submissions service on a fresh database of the test PostgreSQL and a private NATS
 * namespace, next to a real catalog on the same namespace and a fake materials RPC; everything
 * closed and dropped when the test ends.
 */
export async function buildTestHall(t: Test, options: BuildOptions = {}): Promise<TestHall> {
  const namespace = testNamespace();
  const natsUrl = options.natsUrl ?? process.env.HALL_TEST_NATS_URL ?? '';
  // Registered before the catalog's teardown, and dropping the stream itself at the end, so the
  // namespace's stream is gone afterwards whichever order teardowns run in.
  let close = async (): Promise<void> => {};
  t.teardown(() => close());
  const catalog = await buildTestCatalog(
    t,
    { BUS_NAMESPACE: namespace, NATS_URL: natsUrl },
    {
      stations: TEST_STATIONS.map((s, i) => ({
        key: s.key,
        name: s.name,
        enabled: s.enabled,
        sortOrder: i * 10,
      })),
    },
  );
  const db = options.pglite
    ? { url: '', drop: async () => {} }
    : await createTestDatabase('submissions');
  const { tokens, keys } = await testTokens();
  const clock = new TestClock();
  const config = submissionsConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(options.pglite ? { PGLITE_DATA_DIR: 'memory://' } : { DATABASE_URL: db.url }),
    DATABASE_MAX_CONNECTIONS: '8',
    NATS_URL: natsUrl,
    BUS_NAMESPACE: namespace,
    SUBMISSIONS_DATA_KEY: TEST_DATA_KEY,
    PORTAL_PUBLIC_URL: 'https://hall.example.cn',
    ...options.env,
  });
  let app: HallApp;
  try {
    app = await buildApp({ config, keys, now: clock.now });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const bus = await connectBus({
    url: natsUrl,
    name: 'submissions-test',
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
  if (!options.noStations)
    await app.database.transaction((tx) =>
      upsertStations(
        tx,
        TEST_STATIONS.map((s) => stationMessage(s)),
      ),
    );
  return { app, config, databaseUrl: db.url, tokens, catalog, materials, clock, bus };
}
