import { checkRlsConvention, PLATFORM_RLS_EXEMPTIONS } from '@hall/platform/testing';
import { addDepartment, addPublished, definition } from '@hall/catalog/test/fixtures';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { items } from '../../src/db/schema';
import { buildTestAssistant } from '../helper';

t.test('migrations follow the tenancy convention', async (t) => {
  const hall = await buildTestAssistant(t);
  const report = await checkRlsConvention({
    databaseUrl: hall.databaseUrl,
    appRole: hall.config.DATABASE_APP_ROLE,
    exempt: PLATFORM_RLS_EXEMPTIONS,
  });
  t.same(report.violations, [], 'no violations');
  t.same(
    report.stationTables
      .filter((x) => x.rowSecurity)
      .map((x) => x.table)
      .sort(),
    ['public.departments', 'public.faqs', 'public.items', 'public.retired'],
    'every station-scoped table is isolated',
  );
});

t.test('row-level security is a second wall behind the WHERE clauses', async (t) => {
  const hall = await buildTestAssistant(t);
  const { app: catalog, tokens } = hall.catalog;
  for (const station of ['yuzhong', 'jiangbei']) {
    const editor = await tokens.staff(station, ['editor']);
    const department = await addDepartment(catalog, editor, station, {
      code: 'MZ',
      name: '民政局',
    });
    await addPublished(catalog, editor, station, definition(department.id, { name: '婚姻登记' }));
  }
  await hall.caughtUp();
  const database = hall.app.database;
  t.same(
    (await database.withStation('yuzhong', (tx) => tx.select().from(items))).map((r) => r.station),
    ['yuzhong'],
    'a query without WHERE sees its station only',
  );
  t.same(await database.transaction((tx) => tx.select().from(items)), [], 'no station: none');
  const counted = (await database.withStation('jiangbei', (tx) =>
    tx.execute(sql`select count(*)::int as n from departments`),
  )) as unknown as Array<{ n: number }>;
  t.same(
    [...counted].map((r) => r.n),
    [1],
    'raw SQL is filtered too',
  );
});
