import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import t from 'tap';
import { Database, type Executor } from '../../src/db/database';
import { HallError } from '../../src/errors';
import { createTestDatabase } from '../../src/testing/database';
import { appRole, drivers, migrationsFolder, openOnPostgres, rowsOf } from './fixtures/databases';
import { notes, shared } from './fixtures/schema';

async function stationsIn(executor: Executor): Promise<string[]> {
  return (await executor.select({ station: notes.station }).from(notes).orderBy(notes.seq)).map(
    (r) => r.station,
  );
}

const seedRows = [
  { station: 'yuzhong', value: '渝中 1' },
  { station: 'yuzhong', value: '渝中 2' },
  { station: 'jiangbei', value: '江北 1' },
  { station: 'jiangbei', value: '江北 2' },
  { station: 'cq', value: '市级 1' },
];

async function reseed(database: Database): Promise<void> {
  await database.withAllStations(async (tx) => {
    await tx.delete(notes);
    await tx.delete(shared);
    await tx.insert(notes).values(seedRows);
    await tx.insert(shared).values({ key: 'hotline', value: '12345' });
  });
}

function rlsViolation(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code === '42501' && /row-level security/.test(cause.message ?? '');
}

for (const driver of drivers) {
  t.test(driver.name, async (t) => {
    const database = await driver.open(t);
    t.equal(database.kind, driver.name);

    t.test('queries run as the application role, which does not own the tables', async (t) => {
      const [row] = rowsOf<{ user: string; owner: string }>(
        await database.db.execute(
          sql`select current_user as "user", (select tableowner from pg_tables where tablename = 'notes') as owner`,
        ),
      );
      t.equal(row?.user, appRole);
      t.not(row?.owner, appRole, `the tables belong to ${row?.owner}`);
      await database.ping();
    });

    t.test('withStation sees only its station, even without a WHERE', async (t) => {
      await reseed(database);
      t.same(await database.withStation('yuzhong', stationsIn), ['yuzhong', 'yuzhong']);
      t.same(await database.withStation('jiangbei', stationsIn), ['jiangbei', 'jiangbei']);
      t.same(
        await database.withStation('wansheng', stationsIn),
        [],
        'a station without rows sees none',
      );
      const [count] = await database.withStation('cq', (tx) =>
        tx.select({ n: sql<number>`count(*)::int` }).from(notes),
      );
      t.equal(count?.n, 1, 'aggregates too');
      t.same(
        await database.withStation('yuzhong', (tx) => tx.select().from(shared)),
        [{ key: 'hotline', value: '12345' }],
        'tables without RLS stay visible',
      );
    });

    t.test('withStation updates and deletes only its own rows', async (t) => {
      await reseed(database);
      const updated = await database.withStation('yuzhong', (tx) =>
        tx.update(notes).set({ value: 'changed' }).returning({ station: notes.station }),
      );
      t.same(
        updated.map((r) => r.station),
        ['yuzhong', 'yuzhong'],
        'an UPDATE without WHERE touched only yuzhong',
      );
      const deleted = await database.withStation('jiangbei', (tx) =>
        tx.delete(notes).returning({ station: notes.station }),
      );
      t.same(
        deleted.map((r) => r.station),
        ['jiangbei', 'jiangbei'],
        'a DELETE without WHERE removed only jiangbei',
      );
      const all = await database.withAllStations((tx) =>
        tx.select({ station: notes.station, value: notes.value }).from(notes).orderBy(notes.seq),
      );
      t.same(all, [
        { station: 'yuzhong', value: 'changed' },
        { station: 'yuzhong', value: 'changed' },
        { station: 'cq', value: '市级 1' },
      ]);
      const crossUpdate = await database.withStation('yuzhong', (tx) =>
        tx.update(notes).set({ value: 'hijacked' }).where(eq(notes.station, 'cq')).returning(),
      );
      t.same(crossUpdate, [], 'an UPDATE aimed at another station finds nothing');
    });

    t.test('writing another station’s row is refused by row-level security', async (t) => {
      await reseed(database);
      const insert = await database
        .withStation('yuzhong', (tx) =>
          tx.insert(notes).values({ station: 'jiangbei', value: 'planted' }),
        )
        .then(
          () => null,
          (err: unknown) => err,
        );
      t.ok(insert, 'the insert failed');
      t.ok(
        rlsViolation(insert),
        `with an RLS violation: ${String((insert as { cause?: unknown } | null)?.cause)}`,
      );

      const move = await database
        .withStation('yuzhong', (tx) => tx.update(notes).set({ station: 'jiangbei' }))
        .then(
          () => null,
          (err: unknown) => err,
        );
      t.ok(rlsViolation(move), 'moving an own row to another station is refused too');

      t.same(
        await database.withAllStations(stationsIn),
        ['yuzhong', 'yuzhong', 'jiangbei', 'jiangbei', 'cq'],
        'nothing changed',
      );
      await database.withStation('yuzhong', (tx) =>
        tx.insert(notes).values({ station: 'yuzhong', value: 'own' }),
      );
      t.same(
        await database.withStation('yuzhong', stationsIn),
        ['yuzhong', 'yuzhong', 'yuzhong'],
        'an own row inserts',
      );
    });

    t.test('transaction() sees no station rows; withAllStations sees all', async (t) => {
      await reseed(database);
      t.same(await database.transaction(stationsIn), []);
      t.same(await database.transaction((tx) => tx.select().from(shared)), [
        { key: 'hotline', value: '12345' },
      ]);
      const insert = await database
        .transaction((tx) => tx.insert(notes).values({ station: 'yuzhong', value: 'x' }))
        .then(
          () => null,
          (err: unknown) => err,
        );
      t.ok(rlsViolation(insert), 'and cannot write them');
      t.same(await database.withAllStations(stationsIn), [
        'yuzhong',
        'yuzhong',
        'jiangbei',
        'jiangbei',
        'cq',
      ]);
    });

    t.test('an invalid station key is a 404 HallError and runs nothing', async (t) => {
      let ran = 0;
      for (const bad of ['*', '', 'YUZHONG', 'x', "yuzhong' or '1'='1", 'a'.repeat(40)]) {
        await t.rejects(
          database.withStation(bad, async () => {
            ran++;
          }),
          { name: 'HallError', status: 404, code: 'not_found' },
          `"${bad}" is refused`,
        );
      }
      const err = await database.withStation('*', async () => {}).catch((e: unknown) => e);
      t.type(err, HallError);
      t.equal(ran, 0, 'the work never ran');
    });

    t.test('a query straight on .db, outside a unit of work, sees no station rows', async (t) => {
      await reseed(database);
      t.same(await stationsIn(database.db), []);
      t.same(await database.db.select().from(shared), [{ key: 'hotline', value: '12345' }]);
      const insert = await database.db
        .insert(notes)
        .values({ station: 'cq', value: 'x' })
        .then(
          () => null,
          (err: unknown) => err,
        );
      t.ok(rlsViolation(insert), 'nor write them');
    });

    t.test('the station setting does not leak between pooled transactions', async (t) => {
      await reseed(database);
      const stations = ['yuzhong', 'jiangbei', 'cq', 'wansheng'];
      const expected: Record<string, number> = { yuzhong: 2, jiangbei: 2, cq: 1, wansheng: 0 };
      const runs = Array.from({ length: 60 }, (_, i) => stations[i % stations.length]!);
      const results = await Promise.all(
        runs.map((station, i) =>
          database
            .withStation(station, async (tx) => {
              const before = await stationsIn(tx);
              // Let other transactions interleave on the pool before looking again.
              await tx.execute(sql`select pg_sleep(0.005)`);
              const after = await stationsIn(tx);
              if (i % 7 === 3) throw new Error('rolled back on purpose');
              return { station, before, after };
            })
            .catch((err: Error) => ({ station, failed: err.message })),
        ),
      );
      let checked = 0;
      for (const r of results) {
        if ('failed' in r) {
          t.equal(r.failed, 'rolled back on purpose');
          continue;
        }
        checked++;
        const own = Array<string>(expected[r.station]!).fill(r.station);
        if (
          JSON.stringify(r.before) !== JSON.stringify(own) ||
          JSON.stringify(r.after) !== JSON.stringify(own)
        ) {
          t.fail(`${r.station} saw ${JSON.stringify(r)}`);
        }
      }
      t.ok(checked >= 50, `${checked} transactions each saw exactly their own station's rows`);
      t.equal(results.filter((r) => 'failed' in r).length, 60 - checked);

      const outside = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const [row] = rowsOf<{ setting: string | null }>(
            await database.db.execute(sql`select current_setting('app.station', true) as setting`),
          );
          return { setting: row?.setting ?? null, rows: await stationsIn(database.db) };
        }),
      );
      t.ok(
        outside.every((o) => (o.setting === null || o.setting === '') && o.rows.length === 0),
        `afterwards no pooled session keeps a station: ${JSON.stringify(outside.map((o) => o.setting))}`,
      );
    });
  });
}

t.test('postgres: migrations are idempotent and racing opens both succeed', async (t) => {
  const testDb = await createTestDatabase('platform_db');
  t.teardown(() => testDb.drop());
  const owner = postgres(testDb.url, { max: 1, onnotice: () => {} });
  t.teardown(() => owner.end({ timeout: 5 }));

  const [a, b] = await Promise.all([
    Database.open({ url: testDb.url, migrationsFolder, appRole, maxConnections: 2 }),
    Database.open({ url: testDb.url, migrationsFolder, appRole, maxConnections: 2 }),
  ]);
  t.teardown(() => Promise.all([a.close(), b.close()]));
  const [applied] = await owner`select count(*)::int as n from drizzle.__drizzle_migrations`;
  t.equal(applied?.n, 1, 'the migration was applied once');

  await a.withStation('yuzhong', (tx) =>
    tx.insert(notes).values({ station: 'yuzhong', value: 'from a' }),
  );
  t.same(await b.withStation('yuzhong', stationsIn), ['yuzhong'], 'both work on the same schema');

  const [parallel] = rowsOf<{ workers: string }>(
    await a.db.execute(sql`select current_setting('max_parallel_workers_per_gather') as workers`),
  );
  t.equal(parallel?.workers, '0', 'the pooled sessions plan no parallel query');

  const c = await Database.open({ url: testDb.url, migrationsFolder, appRole, maxConnections: 2 });
  t.teardown(() => c.close());
  const [again] = await owner`select count(*)::int as n from drizzle.__drizzle_migrations`;
  t.equal(again?.n, 1, 'opening again applies nothing');
  t.same(await c.withStation('yuzhong', stationsIn), ['yuzhong'], 'and keeps the data');
  const [{ locks } = { locks: -1 }] =
    await owner`select count(*)::int as locks from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;
  t.equal(locks, 0, 'no advisory lock is left held');
});

t.test(
  'postgres: statements are prepared — in and out of transactions and savepoints — and planned for their parameters',
  async (t) => {
    // One connection: every statement below runs in the session whose prepared statements it reads.
    const database = await openOnPostgres(t, { maxConnections: 1 });
    const preparedNotes = async (executor: Executor, marker: string): Promise<number> => {
      const [row] = rowsOf<{ n: number }>(
        await executor.execute(
          sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`}`,
        ),
      );
      return row?.n ?? -1;
    };

    await database.withStation('yuzhong', async (tx) => {
      await tx.insert(notes).values({ station: 'yuzhong', value: 'a' });
      await tx.select().from(notes).where(eq(notes.value, 'a'));
      t.equal(await preparedNotes(tx, 'insert into "notes"'), 1, 'an insert in a transaction');
      t.equal(
        await preparedNotes(tx, 'where "notes"."value" = $1'),
        1,
        'a select in a transaction',
      );
      await tx.transaction(async (inner) => {
        await inner.update(notes).set({ value: 'b' }).where(eq(notes.value, 'a'));
        t.equal(await preparedNotes(inner, 'update "notes"'), 1, 'an update in a savepoint');
      });
    });
    await database.db.select().from(shared).where(eq(shared.key, 'x'));
    t.equal(await preparedNotes(database.db, 'from "shared"'), 1, 'a statement outside one');

    for (let i = 0; i < 3; i++)
      await database.withStation('yuzhong', (tx) =>
        tx
          .select()
          .from(notes)
          .where(eq(notes.value, `v${i}`)),
      );
    t.equal(
      await preparedNotes(database.db, 'where "notes"."value" = $1'),
      1,
      'a statement run again reuses its preparation',
    );
    t.same(
      await database.withStation('yuzhong', (tx) => tx.select({ value: notes.value }).from(notes)),
      [{ value: 'b' }],
      'and answers as before',
    );
    const [mode] = rowsOf<{ mode: string }>(
      await database.db.execute(sql`select current_setting('plan_cache_mode') as mode`),
    );
    t.equal(mode?.mode, 'force_custom_plan', 'each execution is planned for its parameters');
  },
);

t.test('pglite: migrations are idempotent across reopenings of a data dir', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hall-pglite-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

  const first = await Database.open({ dataDir, migrationsFolder, appRole });
  await first.withStation('jiangbei', (tx) =>
    tx.insert(notes).values({ station: 'jiangbei', value: 'kept' }),
  );
  await first.close();

  const second = await Database.open({ dataDir, migrationsFolder, appRole });
  t.teardown(() => second.close());
  t.same(
    await second.withStation('jiangbei', (tx) => tx.select({ value: notes.value }).from(notes)),
    [{ value: 'kept' }],
  );
  t.same(await stationsIn(second.db), [], 'reopened, it still runs as the application role');
});
