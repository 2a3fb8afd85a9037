import { testTokenSigner } from '@hall/platform/testing';
import t from 'tap';
import { buildApp } from '../../src/app';
import { addDepartment, addPublished, definition } from '../fixtures';
import { buildTestCatalog, ownerSql, waitFor } from '../helper';

interface Page {
  total: number;
  items: Array<{ name: string }>;
}

type App = Awaited<ReturnType<typeof buildApp>>;

const names = async (app: App, query = '') => {
  const res = await app.inject({ url: `/stations/cq/items${query}` });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res
    .json<Page>()
    .items.map((i) => i.name)
    .sort();
};

t.test(
  'the public list is answered from recent pages, and a change reaches every replica',
  async (t) => {
    const built = await buildTestCatalog(t);
    const { app: a, tokens, config, databaseUrl } = built;
    const editor = await tokens.staff('cq', ['editor']);
    const jt = await addDepartment(a, editor, 'cq', { code: 'JT', name: '市交通运输委' });
    await addPublished(a, editor, 'cq', definition(jt.id, { name: '道路旅客运输经营许可' }));
    // A second replica (same database, same bus namespace), started after those changes were
    // announced, so that no late notification of them empties its pages below.
    const b = await buildApp({ config, keys: (await testTokenSigner()).keys });
    t.teardown(() => b.close());

    t.same(await names(b), ['道路旅客运输经营许可']);
    t.same(await names(b, '?q=运输'), ['道路旅客运输经营许可']);

    // A write behind the service's back is not seen until the page's time limit (60 s): the
    // answer does come from memory.
    const sql = ownerSql(t, databaseUrl);
    await sql`update items set name = '改名未经服务' where station = 'cq'`;
    t.same(await names(b), ['道路旅客运输经营许可'], 'served from the recent pages');
    await sql`update items set name = '道路旅客运输经营许可' where station = 'cq'`;

    // A change through the service: the replica that made it answers with it at once, the
    // other as soon as the notification arrives.
    await addPublished(a, editor, 'cq', definition(jt.id, { name: '道路货物运输经营许可' }));
    t.same(await names(a), ['道路旅客运输经营许可', '道路货物运输经营许可'], 'at once');
    await waitFor('the other replica to drop its pages', async () => {
      return (await names(b)).length === 2;
    });
    t.same(await names(b, '?q=运输'), ['道路旅客运输经营许可', '道路货物运输经营许可']);

    // Another station's change leaves cq's pages alone.
    const other = await tokens.staff('yuzhong', ['editor']);
    await addDepartment(a, other, 'yuzhong', { code: 'JW', name: '渝中区教委' });
    await sql`update items set name = '改名未经服务' where station = 'cq'`;
    await new Promise((resolve) => setTimeout(resolve, 200));
    t.same(await names(b), ['道路旅客运输经营许可', '道路货物运输经营许可'], 'cq still cached');

    const metrics = (await b.inject({ url: '/metrics' })).body;
    const hits = /hall_answer_cache_requests_total\{[^}]*outcome="hit"[^}]*\} (\d+)/.exec(metrics);
    t.ok(hits && Number(hits[1]) >= 2, `hits counted on /metrics (${hits?.[1]})`);
  },
);

t.test('with CATALOG_CACHE_TTL_SECONDS=0 every request reads the database', async (t) => {
  const { app, tokens, databaseUrl } = await buildTestCatalog(t, {
    CATALOG_CACHE_TTL_SECONDS: '0',
  });
  const editor = await tokens.staff('cq', ['editor']);
  const jt = await addDepartment(app, editor, 'cq', { code: 'JT', name: '市交通运输委' });
  await addPublished(app, editor, 'cq', definition(jt.id, { name: '道路旅客运输经营许可' }));
  t.same(await names(app), ['道路旅客运输经营许可']);
  await ownerSql(t, databaseUrl)`update items set name = '出租汽车驾驶员从业资格证核发'`;
  t.same(await names(app), ['出租汽车驾驶员从业资格证核发']);
});
