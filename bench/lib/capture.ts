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

export interface CapturingDatabase {
  database: Database;
  /** Runs `work` and returns what it returned with the statements it issued (not the station setting). */
  capture<T>(work: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }>;
}

/** The service's database (migrated, as the application role) with statement capture. */
export async function openCapturingDatabase(
  url: string,
  migrationsFolder: string,
): Promise<CapturingDatabase> {
  let recording: CapturedStatement[] | null = null;
  // Statements logged in the same turn of the event loop were issued together (Promise.all):
  // the bare baseline issues them together too.
  let batch = 0;
  let batchClosing = false;
  const database = await Database.open({
    url,
    migrationsFolder,
    appRole: 'hall_app',
    maxConnections: 4,
    queryLogger: {
      logQuery(sql, params) {
        if (!recording || sql.startsWith('select set_config(')) return;
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
  });
  return {
    database,
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
