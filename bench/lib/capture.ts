/**
 * What the groups that replay a service's SQL on a bare server share: their database on the test
 * PostgreSQL (kept between runs), and the service's Database opened with a query logger that
 * captures the statements a piece of the service's own code issues.
 */
import { Database } from '@hall/platform';
import postgres from 'postgres';
import type { CapturedStatement } from './protocol';

/** `name` on the server of `serverUrl`, created when it does not exist yet. */
export async function benchDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 as one from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Records the statements a piece of a service's code issues, through a `Database`'s query
 * logger. Statements logged in the same turn of the event loop were issued together
 * (Promise.all): the bare baselines issue them together too.
 */
export interface StatementRecorder {
  queryLogger: { logQuery(sql: string, params: unknown[]): void };
  /** Runs `work` and returns what it returned with the statements it issued. */
  capture<T>(work: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }>;
}

/** `withStationSetting`: the `set_config` statements are kept too (they delimit units of work). */
export function statementRecorder(
  options: { withStationSetting?: boolean } = {},
): StatementRecorder {
  let recording: CapturedStatement[] | null = null;
  let batch = 0;
  let batchClosing = false;
  return {
    queryLogger: {
      logQuery(sql, params) {
        if (!recording) return;
        if (!options.withStationSetting && sql.startsWith('select set_config(')) return;
        recording.push({ sql, params, batch });
        if (!batchClosing) {
          batchClosing = true;
          setImmediate(() => {
            batch += 1;
            batchClosing = false;
          });
        }
      },
    },
    async capture(work) {
      recording = [];
      try {
        const result = await work();
        return { result, statements: recording };
      } finally {
        recording = null;
      }
    },
  };
}

export interface CapturingDatabase {
  database: Database;
  /** Runs `work` and returns what it returned with the statements it issued (not the station setting). */
  capture: StatementRecorder['capture'];
}

/** The service's database (migrated, as the application role) with statement capture. */
export async function openCapturingDatabase(
  url: string,
  migrationsFolder: string,
): Promise<CapturingDatabase> {
  const recorder = statementRecorder();
  const database = await Database.open({
    url,
    migrationsFolder,
    appRole: 'hall_app',
    maxConnections: 4,
    queryLogger: recorder.queryLogger,
  });
  return { database, capture: recorder.capture };
}
