import t from 'tap';
import { v4 as uuidv4 } from 'uuid';
import type { ItemDefinition } from '../../src/domain/definition';
import { addDepartment, addItem, addPublished, definition, material } from '../fixtures';
import { buildTestCatalog, expectValidation, ownerSql, type FieldError } from '../helper';

const fieldCodes = (errors: FieldError[]) => errors.map((e) => `${e.field} ${e.code}`);

t.test('every rule refuses with field errors and writes nothing', async (t) => {
  const { app, tokens, databaseUrl } = await buildTestCatalog(t);
  const editor = await tokens.staff('cq', ['editor']);
  const jiangbeiEditor = await tokens.staff('jiangbei', ['editor']);
  const department = await addDepartment(app, editor, 'cq', { code: 'JW', name: '市教委' });
  const disabled = await addDepartment(app, editor, 'cq', {
    code: 'OLD',
    name: '已撤销的部门',
    enabled: false,
  });
  const elsewhere = await addDepartment(app, jiangbeiEditor, 'jiangbei', {
    code: 'JW',
    name: '江北区教委',
  });
  const parent = await addPublished(app, editor, 'cq', definition(department.id));
  const child = await addItem(
    app,
    editor,
    'cq',
    definition(department.id, { name: '高级中学教师资格认定', parentId: parent.id }),
  );
  const drafted = definition(department.id, { name: '民办学校设立' });
  await addItem(app, editor, 'cq', drafted);

  const owner = ownerSql(t, databaseUrl);
  const snapshot = async () =>
    (
      await owner`select (select count(*) from items)::int as items, (select count(*) from item_versions)::int as versions,
                         (select coalesce(max(revision), 0) from items)::int as revisions, (select count(*) from outbox)::int as outbox`
    )[0];
  // Let the relay drain what the setup enqueued, so the outbox count is stable.
  for (let i = 0; i < 100 && (await snapshot())!.outbox > 0; i++)
    await new Promise((r) => setTimeout(r, 50));
  const before = await snapshot();

  const post = (def: object) =>
    app.inject({ method: 'POST', url: '/stations/cq/admin/items', headers: editor, payload: def });
  const cases: Array<[string, Partial<ItemDefinition> | Record<string, unknown>, string[]]> = [
    ['an unknown department', { departmentId: uuidv4() }, ['departmentId item.department_unknown']],
    [
      'a disabled department',
      { departmentId: disabled.id },
      ['departmentId item.department_disabled'],
    ],
    [
      'another station’s department',
      { departmentId: elsewhere.id },
      ['departmentId item.department_unknown'],
    ],
    ['an unknown parent', { parentId: uuidv4() }, ['parentId item.parent_unknown']],
    ['a sub-item as parent', { parentId: child.id }, ['parentId item.parent_not_top_level']],
    [
      'a 实施编码 already published',
      {
        implCode: (await owner`select impl_code from items where id = ${parent.id}`)[0]!.impl_code,
      },
      ['implCode item.impl_code_taken'],
    ],
    [
      'a 实施编码 held by a draft',
      { implCode: drafted.implCode },
      ['implCode item.impl_code_taken'],
    ],
    [
      'an attachment that does not exist',
      { materials: [material({ blankFormId: uuidv4() })] },
      ['materials/0/blankFormId material.attachment_unknown'],
    ],
    [
      'a 承诺件 without promised time limit',
      { promisedTimeLimit: null },
      ['promisedTimeLimit item.promised_time_limit_required'],
    ],
    ['online without depth', { onlineDepth: null }, ['onlineDepth item.online_depth_required']],
    [
      'upload materials without file types',
      { materials: [material({ fileTypes: [] })] },
      ['materials/0/fileTypes material.file_types_required'],
    ],
    [
      'duplicate material ids',
      { materials: [material({ id: parent.id }), material({ id: parent.id })] },
      ['materials/1/id material.duplicate_id'],
    ],
    ['an empty name', { name: '' }, ['name schema.minLength']],
    ['an unknown field', { colour: 'red' }, ['colour schema.additionalProperties']],
  ];
  for (const [what, overrides, expected] of cases) {
    const res = await post({ ...definition(department.id), ...overrides });
    const errors = expectValidation(t, res);
    t.same(fieldCodes(errors), expected, what);
  }

  // An invalid business form.
  const badForm = await post(
    definition(department.id, {
      form: { type: 'object', title: '表', properties: { x: { type: 'object' } } } as never,
    }),
  );
  t.ok(
    expectValidation(t, badForm).every((e) => e.field.startsWith('form')),
    'the form’s errors point into it',
  );

  // The same rules on a draft save, plus the ones that need an existing item.
  const head = (
    await app.inject({ url: `/stations/cq/admin/items/${parent.id}`, headers: editor })
  ).json<{ revision: number; published: { definition: ItemDefinition } }>();
  const put = (def: object) =>
    app.inject({
      method: 'PUT',
      url: `/stations/cq/admin/items/${parent.id}/draft`,
      headers: { ...editor, 'if-match': String(head.revision) },
      payload: def,
    });
  const base = head.published.definition;
  t.same(fieldCodes(expectValidation(t, await put({ ...base, parentId: parent.id }))), [
    'parentId item.parent_self',
  ]);
  const other = await addItem(app, editor, 'cq', definition(department.id, { name: '另一事项' }));
  t.same(fieldCodes(expectValidation(t, await put({ ...base, parentId: other.id }))), [
    'parentId item.has_sub_items',
  ]);
  t.same(fieldCodes(expectValidation(t, await put({ ...base, visits: -1 }))), [
    'visits schema.minimum',
  ]);

  const after = await snapshot();
  t.same(
    { ...after, items: after!.items - 1, versions: after!.versions - 1, outbox: 0 },
    { ...before, outbox: 0 },
    'nothing written by any refused request (besides the one valid item created above)',
  );
  const [row] = await owner`select draft_version, revision from items where id = ${parent.id}`;
  t.same([row!.draft_version, row!.revision], [null, head.revision], 'no draft appeared');

  // A department disabled after the draft was saved: publishing re-checks.
  const late = await addDepartment(app, editor, 'cq', { code: 'LATE', name: '将停用的部门' });
  const lateItem = await addItem(app, editor, 'cq', definition(late.id, { name: '迟到的事项' }));
  await app.inject({
    method: 'PATCH',
    url: `/stations/cq/admin/departments/${late.id}`,
    headers: editor,
    payload: { enabled: false },
  });
  const publish = await app.inject({
    method: 'POST',
    url: `/stations/cq/admin/items/${lateItem.id}/publish`,
    headers: editor,
  });
  t.same(fieldCodes(expectValidation(t, publish)), ['departmentId item.department_disabled']);
});
