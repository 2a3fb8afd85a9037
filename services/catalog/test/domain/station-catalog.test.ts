import { words } from '@hall/platform/search';
import t from 'tap';
import { scaleCatalog } from '../../src/db/seed/scale';
import { listItems, type BrowseFilters } from '../../src/domain/browse';
import { powerTypes } from '../../src/domain/power-types';
import { loadStationCatalog } from '../../src/domain/station-catalog';
import { SEED_STATION_READ_MODEL, buildTestCatalog, ownerSql } from '../helper';

// The catalog in memory must answer exactly what the SQL answers: same items in the same order
// (ts_rank, then sort order, name, id), same totals and facet counts, for every kind of filter.

t.test('the station catalog in memory answers as listItems does', async (t) => {
  const { app, config, databaseUrl } = await buildTestCatalog(
    t,
    {},
    { stations: SEED_STATION_READ_MODEL },
  );
  // The realistic seed (parents with sub-items, real names) and 400 generated items of cq and
  // of yuzhong (many items sharing words, many ties of rank).
  await scaleCatalog(app.database, {
    namespace: config.BUS_NAMESPACE,
    perStation: 400,
    stations: ['cq', 'yuzhong'],
  });
  const sql = ownerSql(t, databaseUrl);
  // A disabled department's items leave both answers.
  const [disabled] = await sql<Array<{ id: string }>>`
    update departments set enabled = false
    where id = (select department_id from items where station = 'cq' and parent_id is null
                group by department_id order by count(*) desc, department_id limit 1 offset 3)
    returning id`;
  t.ok(disabled, 'a department of cq disabled');

  for (const station of ['cq', 'yuzhong']) {
    const names = await sql<Array<{ name: string; department_id: string }>>`
      select name, department_id from items where station = ${station} and status = 'published'`;
    const vocabulary = [...new Set(names.flatMap((n) => words(n.name)))].sort();
    const departmentIds = [...new Set(names.map((n) => n.department_id))].sort();
    const keywords = [
      ...vocabulary.filter((_, i) => i % 3 === 0),
      // Pairs, prefixes of words, a code, filler words only, nothing matching.
      ...vocabulary
        .slice(0, 40)
        .map((w, i) => `${w}${vocabulary[(i * 7 + 3) % vocabulary.length]}`),
      ...vocabulary
        .filter((w) => w.length > 1)
        .slice(0, 20)
        .map((w) => w.slice(0, 1)),
      '11500000',
      '教师资格',
      '交通运输事项',
      '办理事项',
      '不存在的关键字',
    ];
    const cases: Array<[BrowseFilters, { page: number; pageSize: number }]> = [];
    for (const q of keywords) cases.push([{ q }, { page: 1, pageSize: 20 }]);
    for (const q of keywords.slice(0, 30)) {
      cases.push([
        { q, online: true },
        { page: 2, pageSize: 5 },
      ]);
      cases.push([
        { q, serviceObject: 'legal' },
        { page: 1, pageSize: 10 },
      ]);
    }
    for (const department of [...departmentIds, '00000000-0000-7000-8000-000000000000'])
      for (const page of [1, 2, 3]) {
        cases.push([{ department }, { page, pageSize: 20 }]);
        cases.push([
          { department, online: true },
          { page, pageSize: 20 },
        ]);
      }
    for (const p of powerTypes) {
      cases.push([{ powerType: p.code }, { page: 1, pageSize: 50 }]);
      cases.push([
        { powerType: p.code, department: departmentIds[0] },
        { page: 1, pageSize: 20 },
      ]);
      cases.push([
        { powerType: p.code, q: vocabulary[5] },
        { page: 1, pageSize: 20 },
      ]);
    }
    cases.push([{}, { page: 1, pageSize: 100 }], [{}, { page: 40, pageSize: 100 }]);
    cases.push([
      { serviceObject: 'person', online: true },
      { page: 3, pageSize: 20 },
    ]);

    const catalog = await app.database.withStation(station, (tx) =>
      loadStationCatalog(tx, station),
    );
    let differing = 0;
    for (const [filters, paging] of cases) {
      const fromSql = await app.database.withStation(station, (tx) =>
        listItems(tx, station, filters, paging),
      );
      const fromMemory = catalog.list(filters, paging);
      if (JSON.stringify(fromMemory) !== JSON.stringify(fromSql)) {
        differing++;
        if (differing <= 3)
          t.same(
            fromMemory,
            fromSql,
            `${station} ${JSON.stringify(filters)} ${JSON.stringify(paging)}`,
          );
      }
    }
    t.equal(differing, 0, `${station}: ${cases.length} requests, none answered differently`);
  }
});
