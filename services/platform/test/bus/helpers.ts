import { fileURLToPath } from 'node:url';
import { Database } from '../../src/db/database';
import { connectBus, type Bus, type BusLogger } from '../../src/bus';
import { createTestDatabase } from '../../src/testing/database';
import { testNamespace, testNatsUrl } from '../../src/testing/nats';

export const migrationsFolder = fileURLToPath(new URL('./fixtures/drizzle', import.meta.url));

export interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string | undefined;
  obj: Record<string, unknown>;
}

/** A logger that keeps what it was told (and prints it when BUS_TEST_LOG is set). */
export function captureLogger(): BusLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const log =
    (level: LogEntry['level']) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, msg, obj: obj as Record<string, unknown> });
      if (process.env.BUS_TEST_LOG) console.error(level, msg, obj);
    };
  return { entries, info: log('info'), warn: log('warn'), error: log('error') };
}

/** A fresh database with the outbox tables and the test consumers' tables. */
export async function openTestDatabase(t: Teardown): Promise<Database> {
  const testDb = await createTestDatabase('bus');
  const database = await Database.open({
    url: testDb.url,
    migrationsFolder,
    appRole: 'hall_app',
    maxConnections: 5,
  });
  t.teardown(async () => {
    await database.close();
    await testDb.drop();
  });
  return database;
}

/** A bus on a private namespace; its stream is deleted and the connection closed at teardown. */
export async function openTestBus(
  t: Teardown,
  options: { url?: string; namespace?: string; logger?: BusLogger; name?: string } = {},
): Promise<Bus> {
  const bus = await connectBus({
    url: options.url ?? testNatsUrl(),
    name: options.name ?? 'bus-test',
    namespace: options.namespace ?? testNamespace(),
    logger: options.logger ?? captureLogger(),
    reconnectTimeWaitMs: 250,
  });
  t.teardown(async () => {
    if (bus.isConnected()) await bus.jsm.streams.delete(bus.subjects.stream).catch(() => {});
    await bus.close();
  });
  return bus;
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
