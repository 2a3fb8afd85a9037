import t from 'tap';
import { addDepartment, addPublished, definition } from '../fixtures';
import { buildTestCatalog, expectProblem } from '../helper';

t.test('one station’s catalog is invisible from another', async (t) => {
  const { app, tokens } = await buildTestCatalog(t);
  const yuzhong = await tokens.staff('yuzhong', ['station_admin']);
  const jiangbei = await tokens.staff('jiangbei', ['editor']);
  const department = await addDepartment(app, yuzhong, 'yuzhong', {
    code: 'JW',
    name: '渝中区教委',
  });
  const item = await addPublished(
    app,
    yuzhong,
    'yuzhong',
    definition(department.id, { name: '幼儿园教师资格认定', level: 'district' }),
  );

  // Public: listed under yuzhong only.
  t.equal((await app.inject({ url: '/stations/yuzhong/items' })).json().total, 1);
  t.equal((await app.inject({ url: '/stations/jiangbei/items' })).json().total, 0);
  t.equal(
    (await app.inject({ url: `/stations/jiangbei/items?q=${encodeURIComponent('教师')}` })).json()
      .total,
    0,
  );
  t.same((await app.inject({ url: '/stations/jiangbei/departments' })).json().departments, []);
  for (const url of [
    `/stations/jiangbei/items/${item.id}`,
    `/stations/jiangbei/items/${item.id}/versions/1`,
    `/stations/jiangbei/departments/${department.id}`,
  ])
    expectProblem(t, await app.inject({ url }), 404, 'not_found');

  // Staff of another station: 404 on every admin route of this one, as if it did not exist.
  const admin = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) =>
    app.inject({
      method,
      url,
      headers: { ...jiangbei, 'if-match': '"1"' },
      ...(payload ? { payload } : {}),
    });
  for (const [method, url, payload] of [
    ['GET', '/stations/yuzhong/admin/items'],
    ['GET', `/stations/yuzhong/admin/items/${item.id}`],
    ['POST', '/stations/yuzhong/admin/items', definition(department.id)],
    ['PUT', `/stations/yuzhong/admin/items/${item.id}/draft`, definition(department.id)],
    ['DELETE', `/stations/yuzhong/admin/items/${item.id}/draft`],
    ['POST', `/stations/yuzhong/admin/items/${item.id}/publish`],
    ['POST', `/stations/yuzhong/admin/items/${item.id}/withdraw`],
    ['GET', '/stations/yuzhong/admin/departments'],
    ['POST', '/stations/yuzhong/admin/departments', { code: 'X', name: '植入部门' }],
    ['PATCH', `/stations/yuzhong/admin/departments/${department.id}`, { name: '改名' }],
    ['POST', '/stations/yuzhong/admin/forms/check', { type: 'object' }],
  ] as const)
    expectProblem(t, await admin(method, url, payload), 404, 'not_found');

  // Through their own station's routes, the other station's ids are unknown too.
  expectProblem(
    t,
    await app.inject({ url: `/stations/jiangbei/admin/items/${item.id}`, headers: jiangbei }),
    404,
    'not_found',
  );
  expectProblem(
    t,
    await app.inject({
      method: 'POST',
      url: `/stations/jiangbei/admin/items/${item.id}/withdraw`,
      headers: jiangbei,
    }),
    404,
    'not_found',
  );
  const planted = await app.inject({
    method: 'POST',
    url: '/stations/jiangbei/admin/items',
    headers: jiangbei,
    payload: definition(department.id, { name: '借用渝中部门的事项' }),
  });
  t.equal(planted.statusCode, 400, 'another station’s department cannot be used');
  // Nothing changed in yuzhong.
  t.equal((await app.inject({ url: `/stations/yuzhong/items/${item.id}` })).json().version, 1);
});

t.test('unknown and disabled stations answer 404', async (t) => {
  const { app, tokens } = await buildTestCatalog(t);
  const wansheng = await tokens.staff('wansheng', ['editor']);
  const department = await addDepartment(app, wansheng, 'wansheng', {
    code: 'JW',
    name: '万盛教育局',
  });
  const item = await addPublished(app, wansheng, 'wansheng', definition(department.id));
  for (const station of ['nowhere', 'wansheng', 'NOT-A-KEY'])
    for (const url of [
      `/stations/${station}/items`,
      `/stations/${station}/departments`,
      `/stations/${station}/items/${item.id}`,
      `/stations/${station}/departments/${department.id}`,
    ]) {
      const res = await app.inject({ url });
      expectProblem(t, res, 404, 'not_found');
    }
  t.match((await app.inject({ url: '/stations/wansheng/items' })).json().title, /站点不存在/);
});
