import { randomBytes } from 'node:crypto';
import { connectBus, type HallApp } from '@hall/platform';
import { createTestDatabase, testNamespace } from '@hall/platform/testing';
import type { Test } from 'tap';
import { buildApp } from '../src/app';
import { identityConfig, type IdentityConfig } from '../src/config';
import { SigningKeys } from '../src/domain/signing-keys';

export interface TestIdentity {
  app: HallApp;
  config: IdentityConfig;
  keys: SigningKeys;
  databaseUrl: string;
}

export interface TestIdentityOptions {
  /** The app's clock (buildApp `now`), for tests that travel in time; the real clock when absent. */
  now?: () => Date;
}

export const OPERATOR = { username: 'operator1', password: 'Operator#2026' };

/**
 * identity on a fresh database of the test PostgreSQL and a private namespace on the test NATS,
 * closed and dropped (database and the namespace's events stream) when the test ends.
 */
export async function buildTestIdentity(
  t: Test,
  env: Record<string, string> = {},
  options: TestIdentityOptions = {},
): Promise<TestIdentity> {
  const db = await createTestDatabase('identity');
  const keys = await SigningKeys.fromJwks(await SigningKeys.generateJwks('test-key'));
  const config = identityConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.url,
    NATS_URL: process.env.HALL_TEST_NATS_URL,
    BUS_NAMESPACE: testNamespace(),
    IDENTITY_SIGNING_KEYS_FILE: '/dev/null',
    IDENTITY_DATA_KEY: randomBytes(32).toString('base64'),
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    BOOTSTRAP_OPERATOR_USERNAME: OPERATOR.username,
    BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password,
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
  return { app, config, keys, databaseUrl: db.url };
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The namespace's JetStream stream would otherwise outlive the test on the shared server. */
async function dropStream(config: IdentityConfig): Promise<void> {
  const bus = await connectBus({
    url: config.NATS_URL,
    name: 'identity-test-cleanup',
    namespace: config.BUS_NAMESPACE,
    logger: quiet,
  });
  try {
    await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
  } finally {
    await bus.close();
  }
}
