import t from 'tap';
import { addDepartment, addPublished, definition } from './fixtures';
import { buildTestCatalog } from './helper';

t.test('the catalog boots, is ready and shows its outbox on /metrics', async (t) => {
  const { app } = await buildTestCatalog(t);
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200, ready.body);
  const metrics = await app.inject({ url: '/metrics' });
  t.match(metrics.body, /^hall_outbox_pending_events\{service="catalog"\} \d+$/m);
  const docs = await app.inject({ url: '/docs/json' });
  t.equal(docs.statusCode, 200);
  t.ok(docs.json().paths['/stations/{station}/items'], 'the API is documented');
});

t.test('on embedded PGlite too: publish, browse and search in Chinese', async (t) => {
  const { app, tokens } = await buildTestCatalog(t, {}, { pglite: true });
  t.equal(app.database.kind, 'pglite');
  const editor = await tokens.staff('cq', ['editor']);
  const jt = await addDepartment(app, editor, 'cq', { code: 'JT', name: '市交通运输委' });
  const jw = await addDepartment(app, editor, 'cq', { code: 'JW', name: '市教委' });
  await addPublished(app, editor, 'cq', definition(jt.id, { name: '道路旅客运输经营许可' }));
  await addPublished(
    app,
    editor,
    'cq',
    definition(jw.id, { name: '中等及中等以上学校教师资格认定' }),
  );
  const search = async (q: string) =>
    (await app.inject({ url: `/stations/cq/items?q=${encodeURIComponent(q)}` }))
      .json<{ items: Array<{ name: string }> }>()
      .items.map((i) => i.name);
  t.same(await search('教师'), ['中等及中等以上学校教师资格认定']);
  t.same(await search('交通运输事项'), ['道路旅客运输经营许可']);
  const departments = (await app.inject({ url: '/stations/cq/departments' })).json();
  t.same(
    departments.departments.map((d: { itemCount: number }) => d.itemCount),
    [1, 1],
  );
});
