import {
  DepartmentChangedSchema,
  DepartmentChange,
} from '@hall/proto/hall/catalog/v1/catalog_events_pb';
import t from 'tap';
import { addDepartment } from '../fixtures';
import {
  buildTestCatalog,
  expectProblem,
  expectValidation,
  streamEvents,
  testBus,
  waitFor,
} from '../helper';

t.test('staff create, rename, reorder, disable and re-enable departments', async (t) => {
  const { app, config, tokens } = await buildTestCatalog(t);
  const admin = await tokens.staff('cq', ['station_admin']);
  const jw = await addDepartment(app, admin, 'cq', {
    code: '11500000MB1234567X',
    name: '市教委',
    sortOrder: 20,
  });
  const fg = await addDepartment(app, admin, 'cq', {
    code: 'FG',
    name: '市发展改革委',
    sortOrder: 10,
  });
  t.match(jw, {
    station: 'cq',
    code: '11500000MB1234567X',
    name: '市教委',
    sortOrder: 20,
    enabled: true,
  });

  const taken = await app.inject({
    method: 'POST',
    url: '/stations/cq/admin/departments',
    headers: admin,
    payload: { code: 'FG', name: '重复的部门' },
  });
  const problem = expectProblem(t, taken, 409, 'department_code_taken');
  t.same(
    problem.errors?.map((e) => e.field),
    ['code'],
  );
  const invalid = await app.inject({
    method: 'POST',
    url: '/stations/cq/admin/departments',
    headers: admin,
    payload: { code: '编码', name: ' 委 ' },
  });
  t.same(
    expectValidation(t, invalid).map((e) => e.field),
    ['code', 'name'],
  );

  const patch = (id: string, payload: object) =>
    app.inject({
      method: 'PATCH',
      url: `/stations/cq/admin/departments/${id}`,
      headers: admin,
      payload,
    });
  t.match((await patch(jw.id, { name: '市教育委员会', sortOrder: 5 })).json(), {
    name: '市教育委员会',
    sortOrder: 5,
  });
  expectProblem(t, await patch(jw.id, { code: 'FG' }), 409, 'department_code_taken');
  t.equal((await patch(fg.id, { enabled: false })).json().enabled, false);

  const staffList = (
    await app.inject({ url: '/stations/cq/admin/departments', headers: admin })
  ).json();
  t.same(
    staffList.departments.map((d: { name: string; enabled: boolean }) => [d.name, d.enabled]),
    [
      ['市教育委员会', true],
      ['市发展改革委', false],
    ],
    'staff see disabled departments, in order',
  );
  const publicList = (await app.inject({ url: '/stations/cq/departments' })).json();
  t.same(
    publicList.departments.map((d: { name: string }) => d.name),
    ['市教育委员会'],
  );
  expectProblem(
    t,
    await app.inject({ url: `/stations/cq/departments/${fg.id}` }),
    404,
    'not_found',
  );
  t.equal((await patch(fg.id, { enabled: true })).json().enabled, true);
  expectProblem(
    t,
    await patch('0190a0b0-0000-7000-8000-000000000001', { name: '不存在的部门' }),
    404,
    'not_found',
  );

  const bus = await testBus(t, config);
  const events = await waitFor('department events', async () => {
    const list = await streamEvents(bus, DepartmentChangedSchema);
    return list.length >= 5 ? list : null;
  });
  t.same(
    events.map((e) => [e.message.department?.id, e.message.change]),
    [
      [jw.id, DepartmentChange.CREATED],
      [fg.id, DepartmentChange.CREATED],
      [jw.id, DepartmentChange.UPDATED],
      [fg.id, DepartmentChange.DISABLED],
      [fg.id, DepartmentChange.ENABLED],
    ],
  );
  t.equal(events[2]!.message.department?.name, '市教育委员会');
  t.equal(events[0]!.subject, `${config.BUS_NAMESPACE}.evt.cq.catalog.department_changed`);
});
