import { checkRlsConvention, PLATFORM_RLS_EXEMPTIONS } from '@hall/platform/testing';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { applications } from '../../src/db/schema';
import { completeDraft, seedItem } from '../fixtures';
import { buildTestHall } from '../helper';

t.test('migrations follow the tenancy convention', async (t) => {
  const { databaseUrl, config } = await buildTestHall(t);
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
    [
      'public.applications',
      'public.evaluations',
      'public.follow_ups',
      'public.item_versions',
      'public.serial_counters',
      'public.transitions',
    ],
    'every station-scoped table is isolated',
  );
});

t.test('row-level security is a second wall behind the WHERE clauses', async (t) => {
  const hall = await buildTestHall(t);
  const person = await hall.tokens.person();
  for (const station of ['yuzhong', 'jiangbei']) {
    const item = await seedItem(hall, station);
    await completeDraft(hall, person, station, item);
  }
  const database = hall.app.database;
  const seen = await database.withStation('yuzhong', (tx) => tx.select().from(applications));
  t.same(
    seen.map((r) => r.station),
    ['yuzhong'],
    'a query without WHERE sees its station only',
  );
  t.same(
    await database.transaction((tx) => tx.select().from(applications)),
    [],
    'no station: none',
  );
  const updated = await database.withStation('jiangbei', (tx) =>
    tx.update(applications).set({ step: 'form' }).returning({ station: applications.station }),
  );
  t.same(updated, [{ station: 'jiangbei' }], 'an update reaches its station only');
  const counted = (await database.withStation('yuzhong', (tx) =>
    tx.execute(sql`select count(*)::int as n from item_versions`),
  )) as unknown as Array<{ n: number }>;
  t.same(
    [...counted].map((r) => r.n),
    [1],
    'raw SQL is filtered too',
  );
});
