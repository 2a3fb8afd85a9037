import { weightedVector } from '@hall/platform/search';
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { addDepartment, addPublished, definition } from '../fixtures';
import { buildTestCatalog, ownerSql } from '../helper';

// A migration that rewrites data is checked against what the code now writes.

t.test(
  '0003 makes every item’s words its station’s own, as searchVector writes them',
  async (t) => {
    const { app, tokens, databaseUrl } = await buildTestCatalog(t);
    const ids: Record<string, string> = {};
    for (const station of ['yuzhong', 'jiangbei']) {
      const auth = await tokens.staff(station, ['editor']);
      const d = await addDepartment(app, auth, station, { code: 'JW', name: `${station}教委` });
      ids[station] = (await addPublished(app, auth, station, definition(d.id))).id;
    }
    // Words as the migration finds them: unscoped, with a quote, a backslash, every weight.
    const lists = [
      [['教师', "o'k", 'a\\b'], 'A'],
      [['中学'], 'B'],
      [['教委'], 'C'],
      [['附件'], 'D'],
    ] as const;
    const owner = ownerSql(t, databaseUrl);
    await owner`update items set search = ${weightedVector(lists)}::tsvector where id = ${ids.yuzhong!}`;
    await owner`update items set search = ''::tsvector where id = ${ids.jiangbei!}`;

    const migration = await readFile(
      new URL('../../src/db/migrations/0003_station_scoped_search.sql', import.meta.url),
      'utf8',
    );
    await owner.unsafe(migration);

    const [yuzhong] = await owner`
    select search::text as search, ${weightedVector(lists, { scope: 'yuzhong' })}::tsvector::text as expected
    from items where id = ${ids.yuzhong!}`;
    t.equal(yuzhong!.search, yuzhong!.expected, 'positions, weights and quoting kept');
    t.match(yuzhong!.search, /'yuzhong:教师':1A/);
    const [jiangbei] =
      await owner`select search::text as search from items where id = ${ids.jiangbei!}`;
    t.equal(jiangbei!.search, '', 'an empty vector stays empty');
  },
);
