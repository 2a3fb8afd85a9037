import { SEED_ACTOR } from '@hall/catalog/src/db/seed/catalog';
import type { ChangeContext } from '@hall/catalog/src/domain/deps';
import { updateDepartment } from '@hall/catalog/src/domain/departments';
import { getAdminItem, publishItem, saveDraft, withdrawItem } from '@hall/catalog/src/domain/items';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { Tx } from '@hall/platform';
import { FaqWithdrawnSchema } from '@hall/proto/hall/letters/v1/letters_events_pb';
import {
  ListPublishedFaqsRequestSchema,
  ListPublishedFaqsResponseSchema,
} from '@hall/proto/hall/letters/v1/letters_rpc_pb';
import t from 'tap';
import { startEvalHall } from '../../eval/hall';
import { clearIndex, rebuildFromStream } from '../../src/nats/rebuild';
import { resyncStations } from '../../src/nats/resync';
import { ownerSql } from '../helper';

// The index is a read model: what the events stream says, or what the catalog lists now.

const hall = await startEvalHall({ stations: ['cq', 'yuzhong'] });
t.teardown(() => hall.close());
const owner = ownerSql(t, hall.assistantDatabaseUrl);
const deps = hall.assistant.assistant;

function inCatalog<T>(station: string, work: (tx: Tx, ctx: ChangeContext) => Promise<T>) {
  const ctx: ChangeContext = {
    station,
    actor: SEED_ACTOR,
    ip: null,
    namespace: hall.namespace,
    now: new Date(),
  };
  return hall.catalog.database.withStation(station, (tx) => work(tx, ctx));
}

const itemId = async (station: string, name: string) =>
  String((await owner`select id from items where station = ${station} and name = ${name}`)[0]?.id);

const snapshot = async () => ({
  items: await owner`
    select id, station, version, name, impl_code, parent_id, department_id, department_name,
           power_type, handling_type, online, service_objects, materials, guide,
           legal_time_limit, promised_time_limit, search::text as search
    from items order by id`,
  departments: await owner`
    select id, station, name, enabled, event_sequence, search::text as search
    from departments order by id`,
  faqs: await owner`select *, search::text as search from faqs order by id`,
  retired: await owner`select * from retired order by kind, id`,
});

// Every kind of event in the stream: FAQs published and withdrawn, a new version, a withdrawal,
// a renamed department.
const kept = await hall.publishFaq({
  station: 'cq',
  question: '网上申报以后还需要到窗口提交纸质材料吗？',
  answer: '全程网办的事项无需到现场。',
  departmentName: '',
});
const dropped = await hall.publishFaq({
  station: 'yuzhong',
  question: '办理结婚登记需要提前预约吗？',
  answer: '建议提前预约。',
  departmentName: '渝中区民政局',
});
await hall.publish({
  station: 'yuzhong',
  domain: 'letters',
  event: 'faq_withdrawn',
  schema: FaqWithdrawnSchema,
  message: { faqId: dropped, withdrawnAt: timestampFromDate(new Date()) },
});
const port = await itemId('cq', '港口经营许可');
await inCatalog('cq', (tx, ctx) => withdrawItem(tx, ctx, port));
const water = await itemId('cq', '取水许可');
await inCatalog('cq', async (tx, ctx) => {
  const current = await getAdminItem(tx, 'cq', water);
  await saveDraft(tx, ctx, water, {
    ...current.published!.definition,
    location: '重庆市政务服务中心二楼水利窗口',
  });
  await publishItem(tx, ctx, water);
});
const [planning] = await owner`select department_id from items where name = '取水许可'`;
await inCatalog('cq', (tx, ctx) =>
  updateDepartment(tx, ctx, String(planning?.department_id), { name: '市水利局（市水务局）' }),
);
await hall.caughtUp();

t.test('the live index took every event in', async (t) => {
  const live = await snapshot();
  t.equal(live.faqs.length, 1);
  t.equal(live.faqs[0]?.id, kept);
  t.same(await owner`select id from items where id = ${port}`, [], 'the withdrawn item is gone');
  t.match(await owner`select version, department_name from items where id = ${water}`, [
    { version: 2, department_name: '市水利局（市水务局）' },
  ]);
});

t.test('replaying the stream from scratch rebuilds the same index', async (t) => {
  const live = await snapshot();
  await rebuildFromStream(deps.database, deps.bus, deps.feed);
  await hall.caughtUp();
  const rebuilt = await snapshot();
  t.equal(rebuilt.items.length, live.items.length, `${live.items.length} items`);
  t.same(rebuilt, live, 'items, departments, FAQs and withdrawals equal');
});

t.test('a resync from the catalog restores the items when the stream cannot', async (t) => {
  const live = await snapshot();
  // The events are gone (retention) or the index was lost: nothing is replayed.
  await deps.feed.stop();
  t.teardown(() => deps.feed.start());
  await clearIndex(deps.database);
  // Meanwhile the catalog changes, and no event reaches the index.
  const fund = itemIdIn(live.items, '住房公积金个人住房贷款');
  await inCatalog('cq', (tx, ctx) => withdrawItem(tx, ctx, fund));

  const reports = await resyncStations(deps, ['cq', 'yuzhong']);
  const cq = reports.find((r) => r.station === 'cq')!;
  t.equal(cq.listed, live.items.filter((i) => i.station === 'cq').length - 1);
  t.equal(cq.indexed, cq.listed, 'every listed item fetched');

  const resynced = await snapshot();
  const expected = live.items.filter((i) => i.id !== fund);
  t.same(resynced.items, expected, 'the same items, the withdrawn one left out');
  const named = (rows: ReadonlyArray<Record<string, unknown>>) =>
    rows.map(({ id, name, search }) => ({ id, name, search }));
  const withItems = new Set(expected.map((i) => i.department_id));
  t.same(
    named(resynced.departments),
    named(live.departments.filter((d) => withItems.has(d.id))),
    'the departments that have items, by the names their items carry',
  );
  t.same(resynced.faqs, [], 'no letters service answers here: the FAQs are left as they were');
  t.equal(cq.faqsListed, null, 'and the report says they were not resynced');

  await inCatalog('cq', (tx, ctx) => withdrawItem(tx, ctx, water));
  const again = await resyncStations(deps, ['cq']);
  t.equal(again[0]?.indexed, 0, 'nothing new to fetch');
  t.equal(again[0]?.withdrawn, 1, 'the item withdrawn since is removed');
  t.same(await owner`select id from items where id = ${water}`, []);
});

t.test('a resync takes the FAQs the letters service shows now', async (t) => {
  const stale = await hall.publishFaq({
    station: 'cq',
    question: '公积金贷款需要提供哪些材料？',
    answer: '请以窗口告知为准。',
    departmentName: '',
  });
  await hall.caughtUp();
  t.same(
    await owner`select id from faqs where station = 'cq'`,
    [{ id: stale }],
    'the index holds a FAQ of cq from an event',
  );
  const shown = {
    faqId: '01900000-0000-7000-8000-000000000001',
    question: '办理取水许可需要多长时间？',
    answer: '承诺20个工作日内办结。',
    departmentId: String(planning?.department_id),
    departmentName: '市水利局（市水务局）',
    publishedAt: timestampFromDate(new Date()),
  };
  // The letters service's endpoint, answering what letters would: one FAQ of cq (the one the
  // index holds was withdrawn, and its event is past the stream's retention).
  const letters = deps.bus.serve(
    'letters',
    'list_published_faqs',
    ListPublishedFaqsRequestSchema,
    ListPublishedFaqsResponseSchema,
    async (req) => ({ faqs: req.station === 'cq' ? [shown] : [], more: false }),
  );
  t.teardown(() => letters.stop());

  const [report] = await resyncStations(deps, ['cq']);
  t.match(report, { faqsListed: 1, faqsWithdrawn: 1 });
  const faqs = await owner`select id, question, answer, department_id, department_name
                           from faqs where station = 'cq'`;
  t.same(
    faqs,
    [
      {
        id: shown.faqId,
        question: shown.question,
        answer: shown.answer,
        department_id: shown.departmentId,
        department_name: shown.departmentName,
      },
    ],
    'the listed FAQ is in, the one no longer shown is out',
  );
  const asked = await hall.assistant.inject({
    method: 'POST',
    url: '/stations/cq/ask',
    payload: { question: '办理取水许可需要多长时间' },
  });
  t.equal(asked.statusCode, 200, asked.body);
  t.ok(
    asked.json<{ faqs: Array<{ id: string }> }>().faqs.some((f) => f.id === shown.faqId),
    'and the robot answers with it',
  );
});

function itemIdIn(rows: ReadonlyArray<Record<string, unknown>>, name: string): string {
  const row = rows.find((r) => r.name === name);
  if (!row) throw new Error(`no indexed ${name}`);
  return String(row.id);
}
