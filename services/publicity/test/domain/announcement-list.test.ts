import { HallError } from '@hall/platform';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { v4 as uuidv4 } from 'uuid';
import { announcements } from '../../src/db/schema';
import {
  ANNOUNCEMENT_ROWS_PER_READ,
  COUNT_LIMIT,
  announcementsByIds,
  listAnnouncements,
  matchAnnouncements,
  pageOfMatches,
  type AnnouncementFilters,
  type AnnouncementItem,
  type AnnouncementPage,
} from '../../src/domain/announcement-list';
import { BatchedReads } from '../../src/domain/batched-reads';
import { recomputeDerived } from '../../src/domain/announcement-store';
import { buildTestPublicity } from '../helper';

// Item names sharing words, so a keyword matches one item, several, or most of them.
const ITEMS = [
  '建设工程规划许可证核发',
  '建设用地规划许可证核发',
  '乡村建设规划许可证核发',
  '中等及中等以上学校教师资格认定',
  '幼儿园教师资格认定',
  '食品经营许可',
  '道路货物运输经营许可',
  '出租汽车经营许可',
  '户外广告设施设置审批',
  '城市建筑垃圾处置核准',
  '排水许可',
  '不动产首次登记',
].map((name, i) => ({ id: uuidv4(), name, department: i % 4 }));
const DEPARTMENTS = ['规划自然资源局', '教育委员会', '交通局', '城市管理局'].map((name) => ({
  id: uuidv4(),
  name,
}));

/** Deterministic numbers in [0, 1). */
function numbers(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2 ** 31;
    return a / 2 ** 31;
  };
}

/**
 * `count` rows of `station`: submitted over 2026 (some on the same millisecond, so the id breaks
 * ties; a few never submitted), most accepted, a few not yet told by any state event (unlisted).
 */
function rowsOf(station: string, count: number, seed: number) {
  const next = numbers(seed);
  const year = Date.UTC(2026, 0, 1) - 8 * 3600_000;
  return Array.from({ length: count }, (_, i) => {
    const item = ITEMS[Math.floor(next() * next() * ITEMS.length)]!;
    const department = DEPARTMENTS[item.department]!;
    const submitted = next() < 0.01 ? null : year + Math.floor(next() * 340) * 86_400_000;
    const accepted =
      submitted !== null && next() < 0.85
        ? submitted + Math.floor(1 + next() * 4) * 86_400_000 + (i % 7) * 1000
        : null;
    const state = next() < 0.02 ? null : accepted ? 'accepted' : 'submitted';
    return {
      applicationId: uuidv4(),
      station,
      serial: `50010320260${String(i).padStart(9, '0')}`,
      itemId: item.id,
      itemName: item.name,
      departmentId: department.id,
      departmentName: department.name,
      applicantType: 'person' as const,
      applicantMasked: '张*',
      state: state as 'accepted' | 'submitted' | null,
      submittedAt: submitted === null ? null : new Date(submitted),
      acceptedAt: accepted === null ? null : new Date(accepted),
      versionAt: state ? new Date(accepted ?? submitted ?? year) : null,
      versionSeq: state ? i + 1 : null,
    };
  });
}

t.test('a page cut from its filter’s matches is the page listAnnouncements reads', async (t) => {
  const { app } = await buildTestPublicity(t);
  const db = app.database;
  // yuzhong has more listed rows than anyone may page through; cq a few of the same items.
  const rows = [...rowsOf('yuzhong', COUNT_LIMIT + 700, 7), ...rowsOf('cq', 300, 11)];
  await db.withAllStations(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000)
      await tx.insert(announcements).values(rows.slice(i, i + 1000));
    await recomputeDerived(tx);
  });
  await db.withAllStations((tx) => tx.execute(sql`analyze announcements`));

  const direct = (station: string, filters: AnnouncementFilters, page: number) =>
    db.withStation(station, (tx) =>
      listAnnouncements(tx, station, filters, { page, pageSize: 20 }),
    );
  const cut = (station: string, filters: AnnouncementFilters, page: number) =>
    pageOfMatches(
      { page, pageSize: 20 },
      () => db.withStation(station, (tx) => matchAnnouncements(tx, station, filters)),
      (ids) => app.publicity.announcementRows.rows(station, ids),
    );

  const month = (m: number) => ({
    from: `2026-${String(m).padStart(2, '0')}-01`,
    to: `2026-${String(m).padStart(2, '0')}-28`,
  });
  const filterSets: AnnouncementFilters[] = [
    {},
    { q: '许可' },
    { q: '规划 许可' },
    { q: '教师' },
    { q: '排水' },
    { q: '登记' },
    { q: '不存在的事项' },
    { q: '500103202600000' },
    { department: DEPARTMENTS[0]!.id },
    { department: DEPARTMENTS[2]!.id, q: '经营' },
    month(3),
    { ...month(6), department: DEPARTMENTS[1]!.id },
    { from: '2026-11-20' },
    { to: '2026-01-31', q: '许可' },
  ];
  const pages = [1, 2, 3, 17, 120, 499, 500];
  let compared = 0;
  let nonEmpty = 0;
  for (const station of ['yuzhong', 'cq'])
    for (const filters of filterSets)
      for (const page of pages) {
        const expected: AnnouncementPage = await direct(station, filters, page);
        const actual = await cut(station, filters, page);
        t.same(actual, expected, `${station} ${JSON.stringify(filters)} page ${page}`, {
          diagnostic: false,
        });
        compared++;
        if (expected.items.length) nonEmpty++;
      }
  t.equal(compared, 2 * filterSets.length * pages.length);

  // Asked all at once, the pages' rows are read together, a few statements for many pages, and
  // every page is still its own.
  const statements: number[] = [];
  const gathered = new BatchedReads<AnnouncementItem>({
    read: (station, ids) => {
      statements.push(ids.length);
      return db.withStation(station, (tx) => announcementsByIds(tx, station, ids));
    },
    concurrency: 1,
    maxIds: ANNOUNCEMENT_ROWS_PER_READ,
  });
  const asked = filterSets.flatMap((filters) => pages.map((page) => ({ filters, page })));
  const together = await Promise.all(
    asked.map(({ filters, page }) =>
      pageOfMatches(
        { page, pageSize: 20 },
        () => db.withStation('yuzhong', (tx) => matchAnnouncements(tx, 'yuzhong', filters)),
        (ids) => gathered.rows('yuzhong', ids),
      ),
    ),
  );
  for (const [i, { filters, page }] of asked.entries())
    t.same(
      together[i],
      await direct('yuzhong', filters, page),
      `together: ${JSON.stringify(filters)} page ${page}`,
      {
        diagnostic: false,
      },
    );
  const pagesWithRows = together.filter((p) => p.items.length > 0).length;
  t.ok(
    statements.length < pagesWithRows / 4,
    `${pagesWithRows} pages' rows read in ${statements.length} statements`,
  );
  t.ok(
    statements.every((n) => n <= ANNOUNCEMENT_ROWS_PER_READ),
    `none reads more than ${ANNOUNCEMENT_ROWS_PER_READ} ids`,
  );
  // The comparison is not of empty pages: yuzhong's filters hold rows far down.
  t.ok(nonEmpty >= 80, `${nonEmpty} of ${compared} pages hold rows`);
  const everything = await cut('yuzhong', {}, 500);
  t.equal(everything.items.length, 20, 'the last page anyone may ask for is full');
  t.equal(everything.total, COUNT_LIMIT);
  t.equal(everything.totalCapped, true);
  const few = await cut('cq', {}, 1);
  t.ok(few.total > 250 && few.total < 300 && !few.totalCapped, `cq: ${few.total} listed`);
  t.notOk(
    few.items.some((i) => i.serial.length === 0 || i.state === null),
    'unlisted rows stay out',
  );

  // Bad input is refused the same way on both paths, before anything is read.
  for (const [filters, page, code] of [
    [{}, 501, 'page.too_deep'],
    [{ from: '2026-05-02', to: '2026-05-01' }, 1, 'range.order'],
  ] as const) {
    let read = false;
    const refused = await pageOfMatches(
      { page, pageSize: 20 },
      async () => {
        read = true;
        return db.withStation('yuzhong', (tx) => matchAnnouncements(tx, 'yuzhong', filters));
      },
      async () => [],
    ).catch((err: unknown) => err);
    t.ok(refused instanceof HallError, `${code}: a HallError`);
    t.match((refused as HallError).errors, [
      { field: code === 'page.too_deep' ? 'page' : 'to', code },
    ]);
    if (code === 'page.too_deep') t.equal(read, false, 'too deep: the matches are not read');
    t.match(await direct('yuzhong', filters, page).catch((err: unknown) => err), {
      errors: [{ code }],
    });
  }
  // An unknown station: 404 from the matches as from the list.
  for (const attempt of [() => cut('nowhere', {}, 1), () => direct('nowhere', {}, 1)])
    t.match(await attempt().catch((err: unknown) => err), { status: 404 });
});

for (const pglite of [false, true])
  t.test(
    `the public route answers the same pages, and a change drops them (${pglite ? 'PGlite' : 'PostgreSQL'})`,
    async (t) => {
      const { app } = await buildTestPublicity(t, { pglite });
      const db = app.database;
      await db.withAllStations(async (tx) => {
        await tx.insert(announcements).values(rowsOf('yuzhong', 400, 3));
        await recomputeDerived(tx);
      });
      const route = async (query: string) => {
        const res = await app.inject({ url: `/stations/yuzhong/announcements${query}` });
        t.equal(res.statusCode, 200, query);
        return res.json<AnnouncementPage>();
      };
      for (const [query, filters, page] of [
        ['', {}, 1],
        ['?page=3', {}, 3],
        ['?q=许可&page=2', { q: '许可' }, 2],
        ['?q=许可&page=3', { q: '许可' }, 3],
        [`?department=${DEPARTMENTS[1]!.id}`, { department: DEPARTMENTS[1]!.id }, 1],
      ] as const)
        t.same(
          await route(query),
          await db.withStation('yuzhong', (tx) =>
            listAnnouncements(tx, 'yuzhong', filters, { page, pageSize: 20 }),
          ),
          query,
        );
      const before = await route('?q=许可&page=2');
      // The route's pages and matches are kept (the test's time limit is an hour) until a change of
      // the station is heard of — here told directly, as the event consumer does after its commit.
      await db.withAllStations((tx) =>
        tx.execute(sql`update announcements set submitted_at = submitted_at + interval '1 year'
                   where application_id = (select application_id from announcements
                                           where station = 'yuzhong' and item_name like '%许可%'
                                             and state is not null
                                           order by submitted_at desc nulls last, application_id desc
                                           offset 25 limit 1)`),
      );
      t.same(await route('?q=许可&page=2'), before, 'kept until the change is heard of');
      app.publicity.publicChanged('yuzhong');
      const after = await route('?q=许可&page=2');
      t.notSame(after.items, before.items, 'read again after the change');
      t.same(
        after,
        await db.withStation('yuzhong', (tx) =>
          listAnnouncements(tx, 'yuzhong', { q: '许可' }, { page: 2, pageSize: 20 }),
        ),
      );
    },
  );
