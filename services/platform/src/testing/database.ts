import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** The PostgreSQL server that `tools/services up` starts for tests. */
export function testServerUrl(): string {
  const url = process.env.HALL_TEST_PG_URL;
  if (!url)
    throw new Error(
      'HALL_TEST_PG_URL is not set: run the tests through tools/test (it starts PostgreSQL and NATS)',
    );
  return url;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server, so test files never share state. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await c.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
