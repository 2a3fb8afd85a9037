import {
  GetItemRequestSchema,
  GetItemResponseSchema,
  ListPublishedItemsRequestSchema,
  ListPublishedItemsResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import {
  Collection,
  HandlingType,
  Necessity,
  ServiceObject,
  TimeUnit,
  VersionState,
} from '@hall/proto/hall/catalog/v1/item_pb';
import t from 'tap';
import { addDepartment, addPublished, definition, material, TEACHER_FORM } from '../fixtures';
import { buildTestCatalog, testBus } from '../helper';

t.test('get_item answers the current version or a specific older one', async (t) => {
  const { app, config, tokens } = await buildTestCatalog(t);
  const editor = await tokens.staff('yuzhong', ['editor']);
  const department = await addDepartment(app, editor, 'yuzhong', {
    code: 'JW',
    name: '渝中区教委',
  });
  const first = definition(department.id, {
    name: '幼儿园教师资格认定',
    form: TEACHER_FORM as never,
    materials: [
      material({ name: '居民身份证' }),
      material({
        name: '学历证书原件',
        media: ['paper'],
        collection: 'window',
        fileTypes: [],
        copies: 1,
        necessity: 'deferrable',
      }),
    ],
  });
  const { id, revision } = await addPublished(app, editor, 'yuzhong', first);
  await app.inject({
    method: 'PUT',
    url: `/stations/yuzhong/admin/items/${id}/draft`,
    headers: { ...editor, 'if-match': String(revision) },
    payload: { ...first, name: '幼儿园教师资格认定（2026版）', form: null },
  });
  await app.inject({
    method: 'POST',
    url: `/stations/yuzhong/admin/items/${id}/publish`,
    headers: editor,
  });

  const bus = await testBus(t, config);
  const get = (station: string, itemId: string, version: number) =>
    bus.request(
      'catalog',
      'get_item',
      GetItemRequestSchema,
      { station, itemId, version },
      GetItemResponseSchema,
    );

  const current = (await get('yuzhong', id, 0)).item!;
  t.match(current.summary, {
    itemId: id,
    version: 2,
    station: 'yuzhong',
    name: '幼儿园教师资格认定（2026版）',
    departmentId: department.id,
    departmentName: '渝中区教委',
    powerType: '07',
    handlingType: HandlingType.PROMISED,
    promisedTimeLimit: { value: 20, unit: TimeUnit.WORKDAY },
    serviceObjects: [ServiceObject.PERSON],
    online: true,
    onlineDepth: 4,
  });
  t.equal(current.state, VersionState.PUBLISHED);
  t.equal(current.formJson, '', 'version 2 has no business form');
  t.ok(current.publishedAt);

  const older = (await get('yuzhong', id, 1)).item!;
  t.equal(older.summary?.version, 1);
  t.equal(older.state, VersionState.SUPERSEDED);
  t.same(JSON.parse(older.formJson), TEACHER_FORM, 'the form the application was filled against');
  t.equal(older.materials.length, 2);
  t.match(older.materials[1], {
    name: '学历证书原件',
    necessity: Necessity.DEFERRABLE,
    collection: Collection.WINDOW,
    copies: 1,
  });
  t.same(older.materials[0]?.fileTypes, ['pdf', 'jpg', 'png']);

  for (const [station, itemId, version, what] of [
    ['yuzhong', id, 3, 'a version never published'],
    ['jiangbei', id, 0, 'another station'],
    ['yuzhong', '0190a0b0-0000-7000-8000-000000000001', 0, 'an unknown item'],
    ['yuzhong', 'not-a-uuid', 0, 'not an id'],
    ['NOPE', id, 0, 'not a station key'],
  ] as const) {
    const err = await get(station, itemId, version).then(
      () => null,
      (e: unknown) => e,
    );
    t.match(err, { status: 404, code: 'not_found' }, what);
  }

  await app.inject({
    method: 'POST',
    url: `/stations/yuzhong/admin/items/${id}/withdraw`,
    headers: editor,
  });
  t.match(
    await get('yuzhong', id, 0).then(
      () => null,
      (e: unknown) => e,
    ),
    { status: 404, code: 'not_found' },
    'a withdrawn item has no current version',
  );
  t.equal((await get('yuzhong', id, 2)).item?.summary?.version, 2, 'but its versions stay');
});

t.test('get_item carries the guide texts people ask about', async (t) => {
  const { app, config, tokens } = await buildTestCatalog(t);
  const editor = await tokens.staff('cq', ['editor']);
  const department = await addDepartment(app, editor, 'cq', { code: 'WL', name: '市文化旅游委' });
  const { id } = await addPublished(
    app,
    editor,
    'cq',
    definition(department.id, {
      name: '营业性演出许可',
      basis: '《营业性演出管理条例》第六条',
      conditions: '有与其业务相适应的专职演出经纪人员',
      process: '申请 → 受理 → 审查 → 决定',
      location: '重庆市政务服务中心市文化旅游委窗口',
      hours: '工作日 9:00-12:00，13:30-17:00',
      consultation: '023-63000000',
      supervision: '023-63000001',
      fee: { charged: true, standard: '每件10元', basis: '渝价〔2020〕1号' },
      visits: 1,
    }),
  );
  const bus = await testBus(t, config);
  const { item } = await bus.request(
    'catalog',
    'get_item',
    GetItemRequestSchema,
    { station: 'cq', itemId: id, version: 0 },
    GetItemResponseSchema,
  );
  t.match(item?.guide, {
    basis: '《营业性演出管理条例》第六条',
    conditions: '有与其业务相适应的专职演出经纪人员',
    process: '申请 → 受理 → 审查 → 决定',
    location: '重庆市政务服务中心市文化旅游委窗口',
    hours: '工作日 9:00-12:00，13:30-17:00',
    consultation: '023-63000000',
    supervision: '023-63000001',
    feeCharged: true,
    feeStandard: '每件10元',
    visits: 1,
  });
});

t.test('list_published_items pages through what a station publishes now', async (t) => {
  const { app, config, tokens } = await buildTestCatalog(t);
  const editor = await tokens.staff('yuzhong', ['editor']);
  const department = await addDepartment(app, editor, 'yuzhong', {
    code: 'MZ',
    name: '渝中区民政局',
  });
  const published: string[] = [];
  for (const name of ['婚姻登记', '最低生活保障金给付', '临时救助金给付', '社会团体成立登记'])
    published.push(
      (await addPublished(app, editor, 'yuzhong', definition(department.id, { name }))).id,
    );
  const child = await addPublished(
    app,
    editor,
    'yuzhong',
    definition(department.id, { name: '内地居民结婚登记', parentId: published[0]! }),
  );
  published.push(child.id);
  const withdrawn = published.splice(2, 1)[0]!;
  const res = await app.inject({
    method: 'POST',
    url: `/stations/yuzhong/admin/items/${withdrawn}/withdraw`,
    headers: editor,
  });
  t.equal(res.statusCode, 200, res.body);
  // A draft never published, and another station's item, are not listed.
  await app.inject({
    method: 'POST',
    url: '/stations/yuzhong/admin/items',
    headers: editor,
    payload: definition(department.id, { name: '就业困难人员认定' }),
  });
  const other = await tokens.staff('jiangbei', ['editor']);
  const otherDepartment = await addDepartment(app, other, 'jiangbei', {
    code: 'MZ',
    name: '江北区民政局',
  });
  await addPublished(app, other, 'jiangbei', definition(otherDepartment.id, { name: '婚姻登记' }));

  const bus = await testBus(t, config);
  const list = (station: string, afterItemId: string, limit: number) =>
    bus.request(
      'catalog',
      'list_published_items',
      ListPublishedItemsRequestSchema,
      { station, afterItemId, limit },
      ListPublishedItemsResponseSchema,
    );
  const seen: string[] = [];
  let after = '';
  let pages = 0;
  for (;;) {
    const page = await list('yuzhong', after, 2);
    pages += 1;
    t.ok(page.items.length <= 2, 'at most the page size');
    seen.push(...page.items.map((i) => i.itemId));
    for (const summary of page.items) {
      t.equal(summary.station, 'yuzhong');
      t.equal(summary.departmentName, '渝中区民政局');
      t.equal(summary.version, 1);
    }
    if (!page.more) break;
    after = page.items.at(-1)!.itemId;
  }
  t.same(seen, [...published].sort(), 'every published item once, sub-items too, in id order');
  t.equal(pages, 2, '4 items in pages of 2: the second page says no more');
  const childSummary = (await list('yuzhong', '', 0)).items.find((i) => i.itemId === child.id);
  t.equal(childSummary?.parentId, published[0], 'a sub-item names its parent');

  t.match(
    await list('yuzhong', 'not-an-id', 10).then(
      () => null,
      (e: unknown) => e,
    ),
    { status: 400, code: 'validation_failed' },
    'a malformed cursor is refused',
  );
  for (const station of ['wansheng', 'nowhere'])
    t.match(
      await list(station, '', 10).then(
        () => null,
        (e: unknown) => e,
      ),
      { status: 404, code: 'not_found' },
      `${station}: no such enabled station`,
    );
});
