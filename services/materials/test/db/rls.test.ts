import { checkRlsConvention, PLATFORM_RLS_EXEMPTIONS } from '@hall/platform/testing';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { fileGrants } from '../../src/db/schema';
import { pdf } from '../fixtures';
import { buildTestMaterials, ownerSql, uploaded } from '../helper';

t.test('migrations follow the tenancy convention; files carry no station', async (t) => {
  const { databaseUrl, config } = await buildTestMaterials(t);
  const report = await checkRlsConvention({
    databaseUrl,
    appRole: config.DATABASE_APP_ROLE,
    exempt: PLATFORM_RLS_EXEMPTIONS,
  });
  t.same(report.violations, [], 'no violations');
  t.same(
    report.stationTables.filter((x) => x.rowSecurity).map((x) => x.table),
    ['public.file_grants'],
    'the grants are station-scoped and isolated; files belong to city-wide accounts',
  );
});

t.test('grants of another station are invisible and cannot be written', async (t) => {
  const { app, tokens, databaseUrl } = await buildTestMaterials(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await tokens.person();
  const file = await uploaded(t, app, person, { filename: 'a.pdf', content: pdf() });
  for (const station of ['yuzhong', 'jiangbei'])
    await sql`insert into file_grants (file_id, application_id, station, applicant_kind, applicant_id)
              values (${file.id}, ${uuidv7()}, ${station}, 'person', ${person.id})`;

  const seen = await app.database.withStation('yuzhong', (tx) => tx.select().from(fileGrants));
  t.same(
    seen.map((g) => g.station),
    ['yuzhong'],
    'one station’s grants without any WHERE',
  );
  t.same(
    await app.database.transaction((tx) => tx.select().from(fileGrants)),
    [],
    'none without a station',
  );
  t.equal((await app.database.withAllStations((tx) => tx.select().from(fileGrants))).length, 2);

  await t.rejects(
    app.database.withStation('yuzhong', (tx) =>
      tx.insert(fileGrants).values({
        fileId: file.id,
        applicationId: uuidv7(),
        station: 'jiangbei',
        applicantKind: 'person',
        applicantId: person.id,
      }),
    ),
    'writing another station’s grant is refused',
  );
});
