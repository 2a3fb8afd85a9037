import { checkRlsConvention, PLATFORM_RLS_EXEMPTIONS } from '@hall/platform/testing';
import t from 'tap';
import { buildTestPublicity, ownerSql, upload, PDF } from '../helper';

t.test('every station-scoped table has row-level security', async (t) => {
  const hall = await buildTestPublicity(t);
  const report = await checkRlsConvention({
    databaseUrl: hall.databaseUrl,
    exempt: PLATFORM_RLS_EXEMPTIONS,
  });
  t.same(report.violations, []);
  t.same(report.stationTables.map((s) => s.table).sort(), [
    'public.announcement_departments',
    'public.announcement_items',
    'public.announcement_versions',
    'public.announcements',
    'public.attachments',
    'public.daily_statistics',
    'public.notices',
    'public.outbox',
    'public.publicity_entries',
    'public.station_profiles',
  ]);
});

t.test('the application role sees only the station it acts for', async (t) => {
  const hall = await buildTestPublicity(t);
  const editor = await hall.tokens.staff('yuzhong', ['editor']);
  const file = await upload(hall.app, editor, 'yuzhong', '渝中.pdf', PDF);
  const seen = (station: string) =>
    hall.app.database.withStation(
      station,
      async (tx) =>
        (
          (await tx.execute(`select count(*)::int as n from attachments`)) as unknown as {
            n: number;
          }[]
        )[0]!.n,
    );
  t.equal(await seen('yuzhong'), 1);
  t.equal(await seen('jiangbei'), 0, 'even without a WHERE clause');
  const sql = ownerSql(t, hall.databaseUrl);
  const [row] = await sql`select station from attachments where id = ${file.id}`;
  t.equal(row!.station, 'yuzhong');
});
