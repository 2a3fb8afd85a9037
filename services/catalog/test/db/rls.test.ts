import { checkRlsConvention, PLATFORM_RLS_EXEMPTIONS } from '@hall/platform/testing';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { departments, items, itemVersions } from '../../src/db/schema';
import { addDepartment, addPublished, definition } from '../fixtures';
import { buildTestCatalog, ownerSql } from '../helper';

/** The cause chain's PostgreSQL error code (drizzle wraps driver errors). */
function pgCode(err: unknown): string | undefined {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

t.test('migrations follow the tenancy convention', async (t) => {
  const { databaseUrl, config } = await buildTestCatalog(t);
  const report = await checkRlsConvention({
    databaseUrl,
    appRole: config.DATABASE_APP_ROLE,
    exempt: PLATFORM_RLS_EXEMPTIONS,
  });
  t.same(report.violations, [], 'no violations');
  t.same(
    report.stationTables
      .filter((x) => x.rowSecurity)
      .map((x) => x.table)
      .sort(),
    ['public.attachments', 'public.departments', 'public.item_versions', 'public.items'],
    'every station-scoped table is isolated',
  );
  for (const table of report.stationTables.filter((x) => x.rowSecurity))
    t.ok(
      table.policies.some(
        (p) => p.name === 'station_isolation' && p.withCheck?.includes('app.station'),
      ),
      `${table.table} has station_isolation with a WITH CHECK`,
    );
});

t.test('row-level security is a second wall behind the WHERE clauses', async (t) => {
  const { app, tokens, databaseUrl } = await buildTestCatalog(t);
  for (const station of ['yuzhong', 'jiangbei']) {
    const auth = await tokens.staff(station, ['editor']);
    const d = await addDepartment(app, auth, station, { code: 'JW', name: `${station}教委` });
    await addPublished(app, auth, station, definition(d.id));
  }
  const database = app.database;
  const owner = ownerSql(t, databaseUrl);
  t.equal(
    (await owner`select count(*)::int as n from items`)[0]!.n,
    2,
    'both stations hold an item',
  );

  for (const table of [items, itemVersions, departments]) {
    const seen = await database.withStation('yuzhong', (tx) => tx.select().from(table));
    t.equal(seen.length, 1, 'one row without any WHERE');
    t.ok(
      seen.every((r) => r.station === 'yuzhong'),
      'and it is yuzhong’s',
    );
  }
  t.same(await database.transaction((tx) => tx.select().from(items)), [], 'no station: nothing');
  const updated = await database.withStation('yuzhong', (tx) =>
    tx.update(items).set({ name: 'x' }).returning({ station: items.station }),
  );
  t.same(updated, [{ station: 'yuzhong' }], 'an update without WHERE reaches only yuzhong');
  const planted = await database
    .withStation('yuzhong', (tx) =>
      tx.insert(departments).values({ id: uuidv7(), station: 'jiangbei', code: 'X', name: '植入' }),
    )
    .then(
      () => null,
      (e: unknown) => e,
    );
  t.equal(pgCode(planted), '42501', 'a row for another station is refused');
  const counted = (await database.withStation('jiangbei', (tx) =>
    tx.execute(sql`select count(*)::int as n from item_versions`),
  )) as unknown as Array<{ n: number }>;
  t.same(
    [...counted].map((r) => r.n),
    [1],
    'raw SQL is filtered too',
  );
});
