import { connectBus, type Bus, type HallApp, type StaffRole } from '@hall/platform';
import { createTestDatabase, testNamespace, testTokenSigner } from '@hall/platform/testing';

export { ownerSql, streamEvents, waitFor, type StreamEvent } from '@hall/platform/testing';
import type { LightMyRequestResponse } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import type { Test } from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/app';
import { catalogConfig, type CatalogConfig } from '../src/config';
import { stations } from '../src/db/schema';
import { SEED_STATIONS } from '../src/db/seed/data';

export interface TestCatalog {
  app: HallApp;
  config: CatalogConfig;
  databaseUrl: string;
  /** Signs access tokens the app accepts (a local Ed25519 key stands in for identity's). */
  tokens: TokenSigner;
}

export interface TokenSigner {
  sign(claims: Record<string, unknown>, ttlSeconds?: number): Promise<string>;
  /** `{ authorization }` of a staff member of `station` with `roles`. */
  staff(station: string, roles?: StaffRole[], id?: string): Promise<{ authorization: string }>;
  operator(): Promise<{ authorization: string }>;
  citizen(): Promise<{ authorization: string }>;
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

async function tokenSigner(): Promise<{ signer: TokenSigner; keys: JWTVerifyGetKey }> {
  const { keys, sign } = await testTokenSigner();
  const bearer = async (claims: Record<string, unknown>) => ({
    authorization: `Bearer ${await sign(claims)}`,
  });
  return {
    keys,
    signer: {
      sign,
      staff: (station, roles = ['editor'], id = uuidv7()) =>
        bearer({ sub: id, typ: 'staff', stn: station, roles }),
      operator: () => bearer({ sub: uuidv7(), typ: 'operator' }),
      citizen: () => bearer({ sub: uuidv7(), typ: 'person' }),
    },
  };
}

/** The stations most tests use; `wansheng` is disabled. */
export const TEST_STATIONS = [
  { key: 'cq', name: '重庆市', enabled: true, sortOrder: 10 },
  { key: 'yuzhong', name: '渝中区', enabled: true, sortOrder: 20 },
  { key: 'jiangbei', name: '江北区', enabled: true, sortOrder: 30 },
  { key: 'wansheng', name: '万盛经开区', enabled: false, sortOrder: 40 },
];

/** All 42 stations of the seed, enabled: for tests of the seed and the scale generator. */
export const SEED_STATION_READ_MODEL = SEED_STATIONS.map((s, i) => ({
  key: s.key,
  name: s.name,
  enabled: true,
  sortOrder: i,
}));

/**
 * The catalog on a fresh database of the test PostgreSQL and a private namespace on the test
 * NATS, with the stations read model filled directly (identity does not run here); closed and
 * dropped (database and the namespace's stream) when the test ends.
 */
export async function buildTestCatalog(
  t: Test,
  env: Record<string, string> = {},
  options: {
    stations?: typeof TEST_STATIONS;
    now?: () => Date;
    /** Embedded PGlite in memory instead of the test PostgreSQL server. */
    pglite?: boolean;
  } = {},
): Promise<TestCatalog> {
  const db = options.pglite
    ? { url: '', drop: async () => {} }
    : await createTestDatabase('catalog');
  const { signer, keys } = await tokenSigner();
  const config = catalogConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(options.pglite ? { PGLITE_DATA_DIR: 'memory://' } : { DATABASE_URL: db.url }),
    DATABASE_MAX_CONNECTIONS: '5',
    NATS_URL: process.env.HALL_TEST_NATS_URL,
    BUS_NAMESPACE: testNamespace(),
    // Far beyond any test's wait: a page shown after a change proves the change dropped it.
    CATALOG_CACHE_TTL_SECONDS: '3600',
    ...env,
  });
  let app: HallApp;
  try {
    app = await buildApp({ config, keys, ...(options.now ? { now: options.now } : {}) });
  } catch (err) {
    await db.drop();
    throw err;
  }
  t.teardown(async () => {
    await app.close();
    await db.drop();
    await dropStream(config);
  });
  const list = options.stations ?? TEST_STATIONS;
  if (list.length > 0)
    await app.database.transaction((tx) =>
      tx.insert(stations).values(list.map((s) => ({ ...s, updatedAt: new Date() }))),
    );
  return { app, config, databaseUrl: db.url, tokens: signer };
}

async function dropStream(config: CatalogConfig): Promise<void> {
  const bus = await connectBus({
    url: config.NATS_URL,
    name: 'catalog-test-cleanup',
    namespace: config.BUS_NAMESPACE,
    logger: quiet,
  });
  try {
    await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
  } finally {
    await bus.close();
  }
}

/** A bus on the app's namespace, closed at teardown. */
export async function testBus(t: Test, config: CatalogConfig, name = 'catalog-test'): Promise<Bus> {
  const bus = await connectBus({
    url: config.NATS_URL,
    name,
    namespace: config.BUS_NAMESPACE,
    logger: quiet,
  });
  t.teardown(() => bus.close());
  return bus;
}

// ---------------------------------------------------------------- HTTP assertions

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
}

/** Asserts an RFC 9457 problem+json response with the given status and code; returns the body. */
export function expectProblem(
  t: Test,
  res: LightMyRequestResponse,
  status: number,
  code: string,
): ProblemBody {
  t.equal(res.statusCode, status, `status ${status} (${res.body.slice(0, 500)})`);
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'problem+json');
  const body = res.json<ProblemBody>();
  t.equal(body.code, code, `code ${code}`);
  t.ok(/\p{Script=Han}/u.test(body.title), 'a Chinese title');
  return body;
}

/** Asserts a 400 validation_failed problem; returns its field errors. */
export function expectValidation(t: Test, res: LightMyRequestResponse): FieldError[] {
  const body = expectProblem(t, res, 400, 'validation_failed');
  t.ok(Array.isArray(body.errors) && body.errors.length > 0, 'field errors listed');
  for (const e of body.errors ?? [])
    t.ok(/\p{Script=Han}/u.test(e.message), `a Chinese message for ${e.field}`);
  return body.errors ?? [];
}
