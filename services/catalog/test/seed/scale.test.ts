import t from 'tap';
import { generateStationItems, scaleCatalog } from '../../src/db/seed/scale';
import { SEED_STATION_READ_MODEL, buildTestCatalog, ownerSql } from '../helper';

t.test('the generator is deterministic, varied and ~5 % parents', async (t) => {
  const departments = [
    {
      id: '01890a5d-ac96-774b-bcce-b302099a8057',
      code: '11500103MB1030020X',
      name: '渝中区教委',
      key: 'education' as const,
    },
    {
      id: '01890a5d-ac96-774b-bcce-b302099a8058',
      code: '11500103MB1030150Y',
      name: '渝中区交通局',
      key: 'transport' as const,
    },
  ];
  const a = generateStationItems('yuzhong', departments, 2000);
  const b = generateStationItems('yuzhong', departments, 2000);
  t.equal(a.length, 2000);
  t.same(
    a.map((g) => [g.definition.implCode, g.definition.name]),
    b.map((g) => [g.definition.implCode, g.definition.name]),
  );
  t.equal(new Set(a.map((g) => g.definition.implCode)).size, 2000, 'unique 实施编码');
  t.equal(new Set(a.map((g) => g.definition.name)).size, 2000, 'unique names');
  const parents = a.filter((g) => g.subItemNames.length > 0).length;
  const topLevel = a.filter((g) => g.parentImplCode === null).length;
  t.ok(
    parents / topLevel > 0.02 && parents / topLevel < 0.09,
    `${parents} of ${topLevel} have sub-items`,
  );
  t.ok(new Set(a.map((g) => g.definition.powerType)).size >= 8, 'many power types');
  t.ok(
    a.some((g) => g.definition.name.includes('运输')),
    'transport subjects for the transport bureau',
  );
});

t.test('a small scale run fills every station with searchable items, once', async (t) => {
  const { app, config, databaseUrl } = await buildTestCatalog(
    t,
    {},
    { stations: SEED_STATION_READ_MODEL },
  );
  const sql = ownerSql(t, databaseUrl);
  const seen: string[] = [];
  const result = await scaleCatalog(app.database, {
    namespace: config.BUS_NAMESPACE,
    perStation: 50,
    realistic: false,
    validate: true,
    batchSize: 40,
    onStation: (r) => seen.push(r.station),
  });
  t.equal(result.inserted, 50 * 42);
  t.equal(seen.length, 42);

  const perStation = await sql<
    Array<{ station: string; n: number; subs: number; unsearchable: number }>
  >`
    select station, count(*)::int as n,
      count(*) filter (where parent_id is not null)::int as subs,
      count(*) filter (where search = ''::tsvector)::int as unsearchable
    from items group by station`;
  t.equal(perStation.length, 42);
  t.ok(
    perStation.every((r) => r.n === 50 && r.unsearchable === 0),
    'each station: 50 items, all with words',
  );
  const [versions] = await sql`
    select count(*)::int as n from item_versions v join items i on i.id = v.item_id
    where v.state = 'published' and i.published_version = v.version and i.status = 'published'`;
  t.equal(versions?.n, 50 * 42, 'each item has its published version');
  const [orphans] = await sql`
    select count(*)::int as n from items c left join items p on p.id = c.parent_id
    where c.parent_id is not null and (p.id is null or p.station <> c.station or p.parent_id is not null)`;
  t.equal(orphans?.n, 0, 'sub-items point at top-level parents of their station');

  const places = await sql<Array<{ location: string; consultation: string }>>`
    select definition->>'location' as location, definition->>'consultation' as consultation
    from item_versions where station = 'wanzhou'`;
  t.ok(
    places.every((p) => p.location.includes('万州区政务服务中心')),
    'handled at the station’s own hall',
  );
  t.ok(
    places.every((p) => /023-\d{8}/.test(p.consultation)),
    'with a local phone number',
  );

  // The service finds them: keyword search and department listing through HTTP.
  const [sample] = await sql<Array<{ id: string; name: string; station: string }>>`
    select id, name, station from items where station = 'wanzhou' and parent_id is null
    order by sort_order limit 1`;
  if (!sample) throw new Error('no generated item');
  const res = await app.inject({
    method: 'GET',
    url: `/stations/wanzhou/items?q=${encodeURIComponent(sample.name)}&pageSize=100`,
  });
  t.equal(res.statusCode, 200);
  t.ok(
    res.json<{ items: Array<{ id: string }> }>().items.some((i) => i.id === sample.id),
    `searching ${sample.name} finds it`,
  );
  const departments = await app.inject({ method: 'GET', url: '/stations/liangjiang/departments' });
  t.equal(departments.statusCode, 200);
  const listed = departments.json<{ departments: Array<{ name: string; itemCount: number }> }>()
    .departments;
  const topLevel = perStation.find((r) => r.station === 'liangjiang');
  t.equal(
    listed.reduce((n, d) => n + d.itemCount, 0),
    (topLevel?.n ?? 0) - (topLevel?.subs ?? 0),
    'department counts add up to the top-level items',
  );
  t.ok(listed.some((d) => d.name === '两江新区社会保障局'));

  const again = await scaleCatalog(app.database, {
    namespace: config.BUS_NAMESPACE,
    perStation: 50,
    realistic: false,
  });
  t.equal(again.inserted, 0, 'a second run adds nothing');
  t.equal(again.existing, 50 * 42);
});
