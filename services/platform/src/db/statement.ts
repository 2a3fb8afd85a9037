import { sql } from 'drizzle-orm';
import type { PgPreparedQuery, PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { Executor } from './database';

/** What drizzle's select, insert, update and delete builders offer: `prepare`. */
interface Preparable<R> {
  prepare(name: string): PgPreparedQuery<PreparedQueryConfig & { execute: R }>;
}

/** What a prepared query and a session of every driver we use (postgres.js, PGlite) carry. */
interface Bindable {
  client: unknown;
  logger: unknown;
}

/**
 * A statement drizzle builds once, run in any unit of work with the values of its placeholders
 * (`sql.placeholder('id')`; `slot('id')` in an update's `set`).
 *
 * Building a statement — walking drizzle's query tree into SQL text and a parameter list — costs
 * more than sending it: 170 µs for a select of an application's 40 columns, 140 µs for the update
 * of a submit, on this machine, every time it runs. drizzle's own prepared queries are built once
 * but stay bound to the client they were prepared on — the pool, never a transaction
 * (drizzle-orm#613, #2826) — so they cannot serve a unit of work. A Statement keeps the query
 * drizzle prepared on the first executor it met and runs a copy of it bound to the client (and
 * query logger) of the executor at hand: the same SQL text, parameters filled and encoded by the
 * columns as drizzle does, rows mapped as drizzle maps them. The copy replaces two fields that
 * drizzle 0.45's prepared queries and sessions share for every driver (`client`, `logger`); the
 * tests run it on PostgreSQL and PGlite, inside and outside transactions.
 */
export class Statement<R> {
  /** By the session's class: postgres.js and PGlite prepare queries of different classes. */
  private readonly prepared = new Map<unknown, PgPreparedQuery<PreparedQueryConfig>>();

  constructor(private readonly build: (executor: Executor) => Preparable<R>) {}

  /** Runs on `executor` (a transaction, or the pool); a placeholder without a value throws. */
  run(executor: Executor, values: Record<string, unknown>): Promise<R> {
    const session = executor._.session as unknown as Bindable;
    let prepared = this.prepared.get(session.constructor);
    if (!prepared) {
      prepared = this.build(executor).prepare('statement');
      this.prepared.set(session.constructor, prepared);
    }
    const bound = Object.create(prepared) as PgPreparedQuery<PreparedQueryConfig> & Bindable;
    bound.client = session.client;
    bound.logger = session.logger;
    return bound.execute(values) as Promise<R>;
  }
}

/**
 * A placeholder where a builder's types ask for a column's value (an update's `set`, which takes
 * no `sql.placeholder`): drizzle binds it to the column, as it binds an insert's placeholders, so
 * the value given at run time is encoded as the column encodes its values (an object as JSON).
 */
export function slot<T>(name: string): T {
  return sql.placeholder(name) as unknown as T;
}
