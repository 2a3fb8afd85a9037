import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { sql, type ExtractTablesWithRelations, type Logger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { HallError } from '../errors';
import { ALL_STATIONS, STATION_SETTING, isStationKey } from './tenancy';

export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface DatabaseOptions {
  /** postgres:// URL of a real server; when absent, embedded PGlite in `dataDir`. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** Folder of the service's committed drizzle migrations. */
  migrationsFolder: string;
  /** Role queries run as; it does not own the tables, so row-level security applies. */
  appRole: string;
  /** Pool size for a real server. */
  maxConnections?: number;
  /**
   * Sees every statement after the migrations, with its parameters (drizzle's Logger). Not for
   * production logs — parameters may carry personal data; the bench uses it to replay exactly
   * the statements a service runs.
   */
  queryLogger?: Logger;
}

const tracer = trace.getTracer('@hall/platform/db');

/**
 * A service's database. Migrations run as the connecting (owner) role; every query afterwards
 * runs as the application role, so row-level security is a second wall behind the WHERE clauses
 * of the data functions, never the only one.
 */
export class Database {
  private constructor(
    readonly db: Db,
    readonly kind: 'postgres' | 'pglite',
    private readonly closeClient: () => Promise<void>,
  ) {}

  static async open(options: DatabaseOptions): Promise<Database> {
    const role = options.appRole;
    if (options.url) {
      await migrateServer(options.url, options.migrationsFolder, role);
      const client = postgres(options.url, {
        max: options.maxConnections ?? 10,
        onnotice: () => {},
        // Every pooled session starts as the application role (a startup parameter), so even
        // a query outside withStation cannot read station-scoped rows. No parallel query: the
        // services' statements are short and run many at once, where starting workers costs
        // more than it saves (a page count of 10,001 index entries: 8 ms with two workers,
        // 2.5 ms without). Prepared statements are planned for their parameters every time,
        // as unnamed ones were (ADR 22): a generic plan may suit one station and not another.
        connection: {
          role,
          application_name: 'hall',
          max_parallel_workers_per_gather: '0',
          plan_cache_mode: 'force_custom_plan',
        },
      });
      return new Database(
        drizzlePostgres({
          client: preparingStatements(client),
          logger: options.queryLogger ?? false,
        }) as unknown as Db,
        'postgres',
        () => client.end({ timeout: 5 }),
      );
    }
    const dataDir = options.dataDir ?? 'memory://';
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    const client = new PGlite(dataDir);
    const db = drizzlePglite({ client, logger: options.queryLogger ?? false });
    await client.exec(prepareRoleSql(role));
    await migratePglite(db, { migrationsFolder: options.migrationsFolder });
    await client.exec(grantSql(role));
    // PGlite is one session: switch it to the application role for good.
    await client.exec(`set role ${role}`);
    return new Database(db as unknown as Db, 'pglite', () => client.close());
  }

  /** Run `work` in one transaction acting for `station`; RLS admits only its rows. */
  withStation<T>(station: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    // Reject rather than throw, so callers chaining .catch() or awaiting later see it too.
    if (!isStationKey(station)) return Promise.reject(HallError.notFound('站点不存在'));
    return this.unitOfWork(station, work);
  }

  /**
   * Run `work` in one transaction acting for the station of the record `locate` finds — a
   * record reached by an address without a station (a citizen's application). `locate` runs
   * first, in the same transaction, across every station: it must filter on whatever bounds the
   * caller's reach (the applicant); finding nothing rejects with `notFound()`. One transaction
   * instead of a look-up and then the work: fewer round trips, and what `locate` read (and
   * locked) is what `work` works on.
   */
  withLocatedStation<R extends { station: string }, T>(
    locate: (tx: Tx) => Promise<R | undefined>,
    notFound: () => Error,
    work: (tx: Tx, found: R) => Promise<T>,
  ): Promise<T> {
    return this.unitOfWork(ALL_STATIONS, async (tx) => {
      const found = await locate(tx);
      if (!found || !isStationKey(found.station)) throw notFound();
      return actingFor(tx, found.station, () => work(tx, found));
    });
  }

  /** Run `work` in one transaction that may touch every station (operators, background jobs). */
  withAllStations<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.unitOfWork(ALL_STATIONS, work);
  }

  /** Run `work` in one transaction with no station: only tables without RLS are visible. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.unitOfWork('', work);
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  close(): Promise<void> {
    return this.closeClient();
  }

  private unitOfWork<T>(station: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(
      'db.transaction',
      { attributes: { 'db.system': 'postgresql', 'hall.station': station || '(none)' } },
      async (span) => {
        try {
          return await this.db.transaction((tx) =>
            actingFor(tx as Tx, station, () => work(tx as Tx)),
          );
        } catch (err) {
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }
}

/**
 * Runs `work` with the transaction acting for `station`. The setting is sent, not waited for: it
 * reaches the server with the first statement of `work`, in the same write, and runs before it —
 * a connection runs its statements in the order they were sent, and the setting, started first,
 * is sent first. One round trip fewer for every unit of work, two for a located one. Should it
 * fail, the transaction is aborted and every statement after it fails too.
 */
async function actingFor<T>(tx: Tx, station: string, work: () => Promise<T>): Promise<T> {
  // `then` starts drizzle's query now; awaiting it would start it a step later.
  const setting = tx
    .execute(sql`select set_config(${STATION_SETTING}, ${station}, true)`)
    .then(() => undefined);
  const [, result] = await Promise.all([setting, work()]);
  return result;
}

/**
 * The client as drizzle should use it: every statement prepared, as postgres.js prepares its own
 * tagged queries. drizzle-orm 0.45 sends its statements through `unsafe(…, { prepare: false })`
 * (drizzle-orm#6096), and postgres.js sends an unprepared statement with parameters in two round
 * trips — parse and describe, wait, then bind and execute — every time. Prepared, a statement is
 * parsed and described once per connection and then costs one round trip. Transactions and
 * savepoints hand drizzle a client of their own: those are wrapped too.
 */
function preparingStatements<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, key, receiver) {
      switch (key) {
        case 'unsafe':
          return (query: string, params?: never[], options?: postgres.UnsafeQueryOptions) =>
            target.unsafe(query, params, { ...options, prepare: true });
        case 'begin':
        case 'savepoint':
          return (...args: unknown[]) => {
            const work = args.pop() as (scoped: postgres.TransactionSql) => unknown;
            const open = Reflect.get(target, key) as (...a: unknown[]) => unknown;
            return open.call(target, ...args, (scoped: postgres.TransactionSql) =>
              work(preparingStatements(scoped)),
            );
          };
        default:
          return Reflect.get(target, key, receiver);
      }
    },
  });
}

function prepareRoleSql(role: string): string {
  // Roles are cluster-wide; services and parallel test databases may race to create it.
  return `
    do $$ begin
      create role ${role} nologin;
    exception when duplicate_object or unique_violation then null;
    end $$;
    grant ${role} to current_user;
    grant usage on schema public to ${role};
    alter default privileges in schema public grant select, insert, update, delete on tables to ${role};
    alter default privileges in schema public grant usage, select on sequences to ${role};
  `;
}

function grantSql(role: string): string {
  return `
    grant select, insert, update, delete on all tables in schema public to ${role};
    grant usage, select on all sequences in schema public to ${role};
  `;
}

/** Migrate a real server under an advisory lock, so replicas starting together take turns. */
export async function migrateServer(
  url: string,
  migrationsFolder: string,
  role: string,
): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(hashtext('hall.migrations'))`;
    await client.unsafe(prepareRoleSql(role));
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
    await client.unsafe(grantSql(role));
    await client`select pg_advisory_unlock(hashtext('hall.migrations'))`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
