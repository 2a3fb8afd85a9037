import { create } from '@bufbuild/protobuf';
import {
  DepartmentSchema,
  GuideSchema,
  HandlingType,
  ItemVersionSchema,
  TimeUnit,
} from '@hall/proto/hall/catalog/v1/item_pb';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import {
  applyDepartment,
  indexFaq,
  indexItemVersion,
  withdrawFaq,
  withdrawItem,
  withdrawUnlisted,
} from '../../src/domain/indexing';
import { buildTestAssistant, ownerSql } from '../helper';

const departmentId = uuidv7();

function version(itemId: string, n: number, name: string, station = 'yuzhong') {
  return create(ItemVersionSchema, {
    summary: {
      itemId,
      version: n,
      station,
      name,
      implCode: `IMPL-${itemId}`,
      basicCode: '0100000000',
      powerType: '01',
      departmentId,
      departmentName: '渝中区市场监管局',
      handlingType: HandlingType.PROMISED,
      promisedTimeLimit: { value: 5, unit: TimeUnit.WORKDAY },
      online: true,
    },
    guide: create(GuideSchema, { location: `窗口${n}`, hours: '工作日' }),
  });
}

t.test('publications and withdrawals in any order leave the newest state', async (t) => {
  const hall = await buildTestAssistant(t);
  const db = hall.app.database;
  const owner = ownerSql(t, hall.databaseUrl);
  const inYuzhong = <T>(work: Parameters<typeof db.withStation<T>>[1]) =>
    db.withStation('yuzhong', work);
  const row = async (id: string) =>
    (
      await owner`select version, name, guide->>'location' as location from items where id = ${id}`
    )[0];

  const food = uuidv7();
  t.equal(
    await inYuzhong((tx) => indexItemVersion(tx, 'yuzhong', version(food, 2, '食品经营许可'))),
    'indexed',
  );
  t.equal(
    await inYuzhong((tx) =>
      indexItemVersion(tx, 'yuzhong', version(food, 1, '食品经营许可（旧）')),
    ),
    'stale',
    'an older version arriving late changes nothing',
  );
  t.match(await row(food), { version: 2, name: '食品经营许可', location: '窗口2' });
  t.equal(
    await inYuzhong((tx) => indexItemVersion(tx, 'yuzhong', version(food, 2, '食品经营许可'))),
    'indexed',
    'the same version again is written again',
  );
  t.equal((await owner`select count(*)::int as n from items`)[0]?.n, 1, 'still one row');

  await inYuzhong((tx) => withdrawItem(tx, 'yuzhong', food, 1));
  t.match(await row(food), { version: 2 }, 'withdrawing an older version keeps the newer one');
  await inYuzhong((tx) => withdrawItem(tx, 'yuzhong', food, 2));
  t.equal(await row(food), undefined, 'withdrawn');
  t.equal(
    await inYuzhong((tx) => indexItemVersion(tx, 'yuzhong', version(food, 2, '食品经营许可'))),
    'stale',
    'a publication replayed after its withdrawal stays withdrawn',
  );
  t.equal(
    await inYuzhong((tx) => indexItemVersion(tx, 'yuzhong', version(food, 3, '食品经营许可'))),
    'indexed',
    'published again later: back',
  );

  const unknownWithdrawal = uuidv7();
  await inYuzhong((tx) => withdrawItem(tx, 'yuzhong', unknownWithdrawal, 4));
  t.equal(
    await inYuzhong((tx) =>
      indexItemVersion(tx, 'yuzhong', version(unknownWithdrawal, 4, '个体工商户登记')),
    ),
    'stale',
    'a withdrawal handled before its publication still wins',
  );
});

t.test(
  'departments keep the newest announcement; items learn them without overwriting',
  async (t) => {
    const hall = await buildTestAssistant(t);
    const db = hall.app.database;
    const owner = ownerSql(t, hall.databaseUrl);
    const item = uuidv7();
    await db.withStation('yuzhong', (tx) =>
      indexItemVersion(tx, 'yuzhong', version(item, 1, '个体工商户登记')),
    );
    const department = (name: string, enabled = true) =>
      create(DepartmentSchema, { id: departmentId, station: 'yuzhong', name, enabled });
    t.match(await owner`select name, event_sequence from departments`, [
      { name: '渝中区市场监管局', event_sequence: '0' },
    ]);
    await db.withStation('yuzhong', (tx) =>
      applyDepartment(tx, 'yuzhong', department('渝中区市场监督管理局'), 20),
    );
    await db.withStation('yuzhong', (tx) =>
      applyDepartment(tx, 'yuzhong', department('渝中区工商局', false), 10),
    );
    t.match(
      await owner`select name, enabled, event_sequence from departments`,
      [{ name: '渝中区市场监督管理局', enabled: true, event_sequence: '20' }],
      'an older announcement handled later changes nothing',
    );
    t.match(await owner`select department_name from items`, [
      { department_name: '渝中区市场监督管理局' },
    ]);
    await db.withStation('yuzhong', (tx) =>
      indexItemVersion(tx, 'yuzhong', version(item, 2, '个体工商户登记')),
    );
    t.match(
      await owner`select name from departments`,
      [{ name: '渝中区市场监督管理局' }],
      'an item naming its department does not overwrite the announced name',
    );
  },
);

t.test('FAQs by stream position: a late publication does not undo a withdrawal', async (t) => {
  const hall = await buildTestAssistant(t);
  const db = hall.app.database;
  const owner = ownerSql(t, hall.databaseUrl);
  const id = uuidv7();
  const faq = (answer: string) => ({
    id,
    question: '生育登记需要夫妻双方到场吗？',
    answer,
    departmentId: null,
    departmentName: '渝中区卫生健康委',
  });
  const inYuzhong = <T>(work: Parameters<typeof db.withStation<T>>[1]) =>
    db.withStation('yuzhong', work);
  t.equal(await inYuzhong((tx) => indexFaq(tx, 'yuzhong', faq('不需要。'), 10)), 'indexed');
  t.equal(await inYuzhong((tx) => indexFaq(tx, 'yuzhong', faq('旧答复'), 5)), 'stale');
  t.match(await owner`select answer from faqs`, [{ answer: '不需要。' }]);
  await inYuzhong((tx) => withdrawFaq(tx, 'yuzhong', id, 20));
  t.same(await owner`select id from faqs`, []);
  t.equal(await inYuzhong((tx) => indexFaq(tx, 'yuzhong', faq('不需要。'), 10)), 'stale');
  t.equal(await inYuzhong((tx) => indexFaq(tx, 'yuzhong', faq('可一方到场。'), 30)), 'indexed');
  t.match(await owner`select answer from faqs`, [{ answer: '可一方到场。' }], 'republished');
});

t.test('a resync withdraws what the catalog no longer lists, not what is newer', async (t) => {
  const hall = await buildTestAssistant(t);
  const db = hall.app.database;
  const owner = ownerSql(t, hall.databaseUrl);
  const [listed, gone, fresh] = [uuidv7(), uuidv7(), uuidv7()];
  for (const id of [listed, gone])
    await db.withStation('yuzhong', (tx) =>
      indexItemVersion(tx, 'yuzhong', version(id, 1, '生育登记')),
    );
  const started = new Date();
  await db.withStation('yuzhong', (tx) =>
    indexItemVersion(
      tx,
      'yuzhong',
      version(fresh, 1, '临时救助金给付'),
      new Date(started.getTime() + 1),
    ),
  );
  const removed = await db.withStation('yuzhong', (tx) =>
    withdrawUnlisted(tx, 'yuzhong', new Set([listed]), started),
  );
  t.equal(removed, 1);
  t.same(
    (await owner`select id from items order by id`).map((r) => r.id),
    [listed, fresh].sort(),
    'the unlisted one went; one indexed after the listing began stays',
  );
});
