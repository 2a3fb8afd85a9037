import {
  GetItemRequestSchema,
  GetItemResponseSchema,
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
