import t from 'tap';
import { addDepartment, addItem, addPublished, definition, material } from '../fixtures';
import { buildTestCatalog, expectProblem, type TestCatalog } from '../helper';

interface Listed {
  id: string;
  name: string;
  powerType: string;
  powerTypeName: string;
  department: { id: string; name: string };
  online: boolean;
  serviceObjects: string[];
  subItems: Listed[];
}
interface Page {
  items: Listed[];
  total: number;
  page: number;
  pageSize: number;
  countsByPowerType: Array<{ code: string; name: string; count: number }>;
  countsByDepartment: Array<{ id: string; name: string; count: number }>;
}

/** A small 市级 catalog: three departments with real-looking items, one of them disabled. */
async function catalog(t: Parameters<typeof buildTestCatalog>[0]) {
  const built = await buildTestCatalog(t);
  const { app, tokens } = built;
  const editor = await tokens.staff('cq', ['editor']);
  const jw = await addDepartment(app, editor, 'cq', { code: 'JW', name: '市教委', sortOrder: 20 });
  const jt = await addDepartment(app, editor, 'cq', {
    code: 'JT',
    name: '市交通运输委',
    sortOrder: 30,
  });
  const fg = await addDepartment(app, editor, 'cq', {
    code: 'FG',
    name: '市发展改革委',
    sortOrder: 10,
  });
  const gone = await addDepartment(app, editor, 'cq', { code: 'GONE', name: '市已撤销局' });
  const person = { serviceObjects: ['person' as const] };
  const legal = { serviceObjects: ['legal' as const] };
  const offline = { online: false, onlineDepth: null };
  const teacher = await addPublished(
    app,
    editor,
    'cq',
    definition(jw.id, { name: '中等及中等以上学校教师资格认定', powerType: '07', ...person }),
  );
  for (const name of ['高级中学教师资格认定', '中等职业学校教师资格认定'])
    await addPublished(
      app,
      editor,
      'cq',
      definition(jw.id, { name, parentId: teacher.id, ...person }),
    );
  await addPublished(
    app,
    editor,
    'cq',
    definition(jw.id, {
      name: '民办学校设立',
      powerType: '01',
      ...legal,
      ...offline,
      sortOrder: 5,
    }),
  );
  await addPublished(
    app,
    editor,
    'cq',
    definition(jt.id, { name: '道路旅客运输经营许可', powerType: '01', ...legal }),
  );
  await addPublished(
    app,
    editor,
    'cq',
    definition(jt.id, { name: '道路货物运输经营许可', powerType: '01', ...legal }),
  );
  await addPublished(
    app,
    editor,
    'cq',
    definition(jt.id, { name: '出租汽车驾驶员从业资格证核发', powerType: '01', ...person }),
  );
  await addPublished(
    app,
    editor,
    'cq',
    definition(fg.id, { name: '企业投资项目核准', powerType: '01', ...legal, ...offline }),
  );
  await addPublished(
    app,
    editor,
    'cq',
    definition(fg.id, {
      name: '价格违法行为行政处罚',
      powerType: '02',
      serviceObjects: ['person', 'legal'],
      ...offline,
    }),
  );
  // Not listed: a draft, and the items of a department that is then disabled.
  await addItem(app, editor, 'cq', definition(jw.id, { name: '教师资格定期注册（草稿）' }));
  await addPublished(app, editor, 'cq', definition(gone.id, { name: '撤销局的教师事项' }));
  await app.inject({
    method: 'PATCH',
    url: `/stations/cq/admin/departments/${gone.id}`,
    headers: editor,
    payload: { enabled: false },
  });
  return { ...built, editor, jw, jt, fg, gone, teacher };
}

const list = async (app: TestCatalog['app'], query = '') => {
  const res = await app.inject({ url: `/stations/cq/items${query}` });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json<Page>();
};

t.test('按部门: departments in order with counts, and a department’s own page', async (t) => {
  const { app, jw, jt, fg } = await catalog(t);
  const res = await app.inject({ url: '/stations/cq/departments' });
  t.equal(res.statusCode, 200);
  t.same(
    res.json().departments.map((d: { name: string; itemCount: number }) => [d.name, d.itemCount]),
    [
      ['市发展改革委', 2],
      ['市教委', 2],
      ['市交通运输委', 3],
    ],
    'enabled departments in order; top-level published items counted',
  );
  const online = await app.inject({
    url: '/stations/cq/departments?online=true&serviceObject=legal',
  });
  t.same(
    online
      .json()
      .departments.map((d: { name: string; itemCount: number }) => [d.name, d.itemCount]),
    [
      ['市发展改革委', 0],
      ['市教委', 0],
      ['市交通运输委', 2],
    ],
  );
  const byType = await app.inject({ url: '/stations/cq/departments?powerType=07' });
  t.same(
    byType.json().departments.map((d: { itemCount: number }) => d.itemCount),
    [0, 1, 0],
  );

  const page = await app.inject({ url: `/stations/cq/departments/${fg.id}` });
  t.equal(page.statusCode, 200);
  const body = page.json();
  t.match(body, { id: fg.id, name: '市发展改革委', itemCount: 2 });
  t.equal(body.countsByPowerType.length, 11, 'every power type for the side navigation');
  t.same(
    body.countsByPowerType.filter((c: { count: number }) => c.count > 0),
    [
      { code: '01', name: '行政许可', count: 1 },
      { code: '02', name: '行政处罚', count: 1 },
    ],
  );
  const teacherSide = await app.inject({ url: `/stations/cq/departments/${jw.id}?online=true` });
  t.equal(teacherSide.json().itemCount, 1, 'filters apply to the counts');
  t.ok(jt.id);
});

t.test('the item list: filters, facet counts, sub-items and paging', async (t) => {
  const { app, jw, jt, fg, teacher, editor } = await catalog(t);
  const all = await list(app);
  t.equal(all.total, 7, 'top-level published items of enabled departments');
  t.same(
    all.items.map((i) => i.name),
    [
      '中等及中等以上学校教师资格认定',
      '价格违法行为行政处罚',
      '企业投资项目核准',
      '出租汽车驾驶员从业资格证核发',
      '道路旅客运输经营许可',
      '道路货物运输经营许可',
      '民办学校设立',
    ],
    'by sort order, then name',
  );
  const parent = all.items.find((i) => i.id === teacher.id)!;
  t.same(
    parent.subItems.map((s) => s.name).sort(),
    ['中等职业学校教师资格认定', '高级中学教师资格认定'],
    'a parent carries its sub-items',
  );
  t.match(parent, {
    powerType: '07',
    powerTypeName: '行政确认',
    department: { id: jw.id, name: '市教委' },
  });
  t.same(
    all.countsByDepartment.map((d) => [d.name, d.count]),
    [
      ['市发展改革委', 2],
      ['市教委', 2],
      ['市交通运输委', 3],
    ],
  );
  t.same(
    all.countsByPowerType.filter((c) => c.count > 0).map((c) => [c.code, c.count]),
    [
      ['01', 5],
      ['02', 1],
      ['07', 1],
    ],
  );

  const byDepartment = await list(app, `?department=${jt.id}`);
  t.equal(byDepartment.total, 3);
  t.ok(byDepartment.items.every((i) => i.department.id === jt.id));
  t.same(
    byDepartment.countsByPowerType.filter((c) => c.count > 0).map((c) => [c.code, c.count]),
    [['01', 3]],
    'type counts within the chosen department',
  );
  t.equal(
    byDepartment.countsByDepartment.length,
    3,
    'department counts ignore the department filter',
  );

  const byType = await list(app, '?powerType=01');
  t.equal(byType.total, 5);
  t.same(
    byType.countsByDepartment.map((d) => [d.name, d.count]),
    [
      ['市发展改革委', 1],
      ['市教委', 1],
      ['市交通运输委', 3],
    ],
  );
  const person = await list(app, '?serviceObject=person');
  t.same(
    person.items.map((i) => i.name).sort(),
    [
      '中等及中等以上学校教师资格认定',
      '价格违法行为行政处罚',
      '出租汽车驾驶员从业资格证核发',
    ].sort(),
    '个人办事',
  );
  const online = await list(app, '?online=true&serviceObject=legal');
  t.same(
    online.items.map((i) => i.name).sort(),
    ['道路旅客运输经营许可', '道路货物运输经营许可'].sort(),
  );
  t.ok(online.items.every((i) => i.online));
  const combined = await list(app, `?department=${fg.id}&powerType=02`);
  t.same(
    combined.items.map((i) => i.name),
    ['价格违法行为行政处罚'],
  );

  // Paging through 25 more items of one department.
  for (let n = 1; n <= 25; n++)
    await addPublished(
      app,
      editor,
      'cq',
      definition(fg.id, {
        name: `固定资产投资项目节能审查${String(n).padStart(2, '0')}`,
        sortOrder: 100 + n,
      }),
    );
  const first = await list(app, `?department=${fg.id}&pageSize=10`);
  t.match(first, { total: 27, page: 1, pageSize: 10 });
  t.equal(first.items.length, 10);
  const third = await list(app, `?department=${fg.id}&pageSize=10&page=3`);
  t.equal(third.items.length, 7);
  t.equal(third.items.at(-1)!.name, '固定资产投资项目节能审查25');
  const seen = new Set<string>();
  for (let p = 1; p <= 3; p++)
    for (const i of (await list(app, `?department=${fg.id}&pageSize=10&page=${p}`)).items)
      seen.add(i.id);
  t.equal(seen.size, 27, 'pages neither repeat nor skip');
  const beyond = await list(app, `?department=${fg.id}&pageSize=10&page=9`);
  t.same([beyond.items, beyond.total], [[], 27]);
  const tooBig = await app.inject({ url: '/stations/cq/items?pageSize=1000' });
  expectProblem(t, tooBig, 400, 'validation_failed');
});

t.test('keyword search finds items by words, not substrings', async (t) => {
  const { app, jt, teacher, editor, fg } = await catalog(t);
  const names = async (q: string, extra = '') =>
    (await list(app, `?q=${encodeURIComponent(q)}${extra}`)).items.map((i) => i.name);

  t.same(await names('教师'), ['中等及中等以上学校教师资格认定'], '“教师” finds 教师资格认定');
  t.same(await names('教师资格'), ['中等及中等以上学校教师资格认定']);
  const transport = await list(app, `?q=${encodeURIComponent('交通运输事项')}`);
  t.same(
    transport.items.map((i) => i.name).sort(),
    ['出租汽车驾驶员从业资格证核发', '道路货物运输经营许可', '道路旅客运输经营许可'].sort(),
    '“交通运输事项” finds the items of 市交通运输委 (事项 is a filler word)',
  );
  t.ok(transport.items.every((i) => i.department.id === jt.id));
  t.equal(transport.items[0]!.name.includes('运输'), true, 'a match in the name ranks first');
  t.same(
    transport.countsByDepartment.map((d) => [d.name, d.count]),
    [['市交通运输委', 3]],
    'facet counts follow the keyword',
  );
  t.same(
    await names('道路旅客运输经营许可'),
    ['道路旅客运输经营许可'],
    'the full name finds exactly that item',
  );
  const viaSubItem = await list(app, `?q=${encodeURIComponent('高级中学')}`);
  t.same(
    viaSubItem.items.map((i) => i.id),
    [teacher.id],
    'a parent is found through a sub-item',
  );
  t.equal(viaSubItem.items[0]!.subItems.length, 2, 'and listed with its sub-items');
  t.same(await names('教师 许可'), [], 'every word must match');
  t.same(await names('撤销局'), [], 'a disabled department’s items stay hidden');
  t.same(await names('定期注册'), [], 'drafts stay hidden');
  t.same(await names('师资'), [], 'a substring that is not a word does not match');
  t.same(await names('运输', '&serviceObject=person'), ['出租汽车驾驶员从业资格证核发']);
  t.equal(
    (await list(app, `?q=${encodeURIComponent('事项')}`)).total,
    7,
    'only filler words: no filter',
  );

  // By code, and by the department name after a rename.
  const [code] = (
    await app.inject({ url: `/stations/cq/admin/items/${teacher.id}`, headers: editor })
  )
    .json()
    .published.definition.implCode.match(/.+/) as [string];
  t.same(await names(code), ['中等及中等以上学校教师资格认定'], 'by 实施编码');
  await app.inject({
    method: 'PATCH',
    url: `/stations/cq/admin/departments/${fg.id}`,
    headers: editor,
    payload: { name: '市发展和改革委员会' },
  });
  t.same((await names('委员会')).sort(), ['价格违法行为行政处罚', '企业投资项目核准'].sort());
});

t.test('the guide of a sub-item, unknown items and the power types', async (t) => {
  const { app, teacher } = await catalog(t);
  const types = await app.inject({ url: '/power-types' });
  t.equal(types.json().powerTypes.length, 11);
  t.same(types.json().powerTypes[0], { code: '01', name: '行政许可' });
  t.same(types.json().powerTypes.at(-1), { code: '20', name: '公共服务' });
  const guide = (await app.inject({ url: `/stations/cq/items/${teacher.id}` })).json();
  t.equal(guide.subItems.length, 2);
  t.match(guide.definition.materials[0], { name: '居民身份证', fileTypes: ['pdf', 'jpg', 'png'] });
  expectProblem(
    t,
    await app.inject({ url: '/stations/cq/items/0190a0b0-0000-7000-8000-000000000001' }),
    404,
    'not_found',
  );
  t.ok(material);
});
