import { sql } from 'drizzle-orm';
import t from 'tap';
import { v4 as uuidv4 } from 'uuid';
import { announcements } from '../../src/db/schema';
import { announcementsVersion, type AnnouncementPage } from '../../src/domain/announcement-list';
import { recomputeDerived } from '../../src/domain/announcement-store';
import { buildTestPublicity, ownerSql } from '../helper';

function row(station: string, serial: string) {
  const at = new Date('2026-11-02T01:00:00Z');
  return {
    applicationId: uuidv4(),
    station,
    serial,
    itemId: uuidv4(),
    itemName: '食品经营许可',
    departmentId: uuidv4(),
    departmentName: '市场监管局',
    applicantType: 'person' as const,
    applicantMasked: '张*',
    state: 'submitted' as const,
    submittedAt: at,
    versionAt: at,
    versionSeq: 1,
  };
}

for (const pglite of [false, true])
  t.test(
    `every change of a station's 办件公告 moves its version, whoever writes (${pglite ? 'PGlite' : 'PostgreSQL'})`,
    async (t) => {
      const { app } = await buildTestPublicity(t, { pglite });
      const db = app.database;
      const versions = async () => ({
        yuzhong: await db.withStation('yuzhong', (tx) => announcementsVersion(tx, 'yuzhong')),
        jiangbei: await db.withStation('jiangbei', (tx) => announcementsVersion(tx, 'jiangbei')),
      });
      let last = await versions();
      const moved = async (what: string, stations: Array<'yuzhong' | 'jiangbei'>) => {
        const now = await versions();
        for (const s of ['yuzhong', 'jiangbei'] as const)
          if (stations.includes(s)) t.not(now[s], last[s], `${what}: ${s} moved`);
          else t.equal(now[s], last[s], `${what}: ${s} unchanged`);
        last = now;
      };

      const first = row('yuzhong', '500103202611020001');
      await db.withStation('yuzhong', (tx) => tx.insert(announcements).values(first));
      await moved('an announcement added', ['yuzhong']);
      await db.withStation('yuzhong', (tx) =>
        tx.execute(sql`update announcements set state = 'accepted' where station = 'yuzhong'`),
      );
      await moved('its state changed', ['yuzhong']);
      await db.withStation('yuzhong', (tx) =>
        tx.execute(sql`update announcements set state = 'accepted' where false`),
      );
      await moved('a statement that changes nothing', []);
      await db.withAllStations((tx) => recomputeDerived(tx));
      await moved('its items and departments recomputed', ['yuzhong']);
      // The station sync writes acting for no station at all.
      await db.transaction((tx) =>
        tx.execute(sql`update stations set enabled = false where key = 'jiangbei'`),
      );
      await moved('a station disabled', ['jiangbei']);
      await db.withAllStations((tx) =>
        tx.execute(sql`delete from announcements where station in ('yuzhong', 'jiangbei')`),
      );
      await moved('deleted (a rebuild)', ['yuzhong']);
      t.equal(
        await db.withStation('nowhere', (tx) => announcementsVersion(tx, 'nowhere')),
        '0',
        'a station never written: 0',
      );
    },
  );

t.test(
  'a page past its time limit is kept while nothing changed, and read again after a change nobody announced',
  async (t) => {
    const { app, databaseUrl } = await buildTestPublicity(t, {
      env: { PUBLICITY_CACHE_TTL_SECONDS: '1' },
    });
    const first = row('yuzhong', '500103202611020001');
    await app.database.withStation('yuzhong', (tx) => tx.insert(announcements).values(first));
    const page = async () => {
      const res = await app.inject({ url: '/stations/yuzhong/announcements' });
      t.equal(res.statusCode, 200);
      return res.json<AnnouncementPage>();
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    const pastTheLimit = () => new Promise((resolve) => setTimeout(resolve, 1100));

    t.equal((await page()).items[0]?.stateLabel, '待预审');
    // The station's first page is read before its version is known; once past its limit it is
    // read again, now marked with the version.
    await pastTheLimit();
    await page();
    await settle();
    const owner = ownerSql(t, databaseUrl);
    // A write the version cannot see (only the owner can switch the triggers off): a page that
    // is not read again past its limit keeps showing what it showed.
    await owner.begin(async (tx) => {
      await tx`alter table announcements disable trigger user`;
      await tx`update announcements set state = 'accepted' where serial = ${first.serial}`;
      await tx`alter table announcements enable trigger user`;
    });
    await pastTheLimit();
    // The first request past the limit reads the station's version; a later one finds it
    // unchanged and keeps the page for another limit.
    for (let i = 0; i < 3; i++) {
      t.equal((await page()).items[0]?.stateLabel, '待预审');
      await settle();
    }
    t.equal((await page()).items[0]?.stateLabel, '待预审', 'unchanged version: not read again');

    // Behind the service's back but seen by the version: no event, no notification.
    await owner`update announcements set state = 'completed' where serial = ${first.serial}`;
    t.equal((await page()).items[0]?.stateLabel, '待预审', 'within its limit the page stands');
    await pastTheLimit();
    for (let i = 0; i < 3; i++) {
      await page();
      await settle();
    }
    t.equal((await page()).items[0]?.stateLabel, '办结', 'past it, the change is seen');
  },
);
