import { checkRlsConvention, PLATFORM_RLS_EXEMPTIONS } from '@hall/platform/testing';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { letters } from '../../src/db/schema';
import { letterBody, submitted } from '../fixtures';
import { buildTestLetters } from '../helper';

t.test('migrations follow the tenancy convention', async (t) => {
  const { databaseUrl, config } = await buildTestLetters(t);
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
      'public.code_counters',
      'public.departments',
      'public.faqs',
      'public.letter_steps',
      'public.letters',
    ],
    'every station-scoped table is isolated',
  );
});

t.test('row-level security is a second wall behind the WHERE clauses', async (t) => {
  const hall = await buildTestLetters(t);
  for (const station of ['yuzhong', 'jiangbei'])
    await submitted(hall, station, letterBody('complaint'));
  const database = hall.app.database;
  const seen = await database.withStation('yuzhong', (tx) => tx.select().from(letters));
  t.same(
    seen.map((r) => r.station),
    ['yuzhong'],
    'a query without WHERE sees its station only',
  );
  t.same(await database.transaction((tx) => tx.select().from(letters)), [], 'no station: none');
  const updated = await database.withStation('jiangbei', (tx) =>
    tx.update(letters).set({ subject: '改动' }).returning({ station: letters.station }),
  );
  t.same(updated, [{ station: 'jiangbei' }], 'an update reaches its station only');
  const counted = (await database.withStation('yuzhong', (tx) =>
    tx.execute(sql`select count(*)::int as n from letter_steps`),
  )) as unknown as Array<{ n: number }>;
  t.same(
    [...counted].map((r) => r.n),
    [1],
    'raw SQL is filtered too',
  );
  await t.rejects(
    database.withStation('yuzhong', (tx) =>
      tx.execute(
        sql`insert into code_counters (station, month, last) values ('jiangbei', '209901', 1)`,
      ),
    ),
    'another station’s row cannot be written',
  );
});
