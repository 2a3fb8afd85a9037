import t from 'tap';
import { OPERATOR } from '../helper';
import {
  addAndSignIn,
  addStaff,
  bearer,
  buildTenancy,
  ownerSql,
  signInStaff,
  sleep,
  type Session,
} from '../support/staff';

const CLERK = {
  username: 'yz_clerk',
  password: 'Clerk#2026yz',
  name: '张受理',
  mobile: '138 1234 5678',
  roles: ['clerk'],
};
const JB_CLERK = {
  username: 'jb_clerk',
  password: 'Clerk#2026jb',
  name: '李受理',
  roles: ['clerk'],
};

const PROBLEM = /^application\/problem\+json/;

interface StaffView {
  id: string;
  station: string | null;
  username: string;
  name: string;
  mobileMasked: string | null;
  departmentId: string | null;
  roles: string[];
  enabled: boolean;
  createdAt: string;
}

interface AuditEntry {
  id: string;
  at: string;
  station: string | null;
  event: string;
  outcome: string;
  actorKind: string | null;
  actorId: string | null;
  targetKind: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

t.test('a station admin creates a clerk and lists only their own station’s staff', async (t) => {
  const { app, databaseUrl, operator, yuzhong, jiangbei } = await buildTenancy(t);
  await addStaff(app, jiangbei, 'jiangbei', JB_CLERK);

  const res = await app.inject({
    method: 'POST',
    url: '/stations/yuzhong/staff',
    headers: yuzhong.auth,
    payload: CLERK,
  });
  t.equal(res.statusCode, 201, res.body);
  const clerk = res.json<StaffView>();
  t.match(clerk, {
    station: 'yuzhong',
    username: 'yz_clerk',
    name: '张受理',
    roles: ['clerk'],
    enabled: true,
    departmentId: null,
  });
  t.match(clerk.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/, 'a UUIDv7');
  t.ok(Number.isFinite(Date.parse(clerk.createdAt)), 'createdAt is a timestamp');
  t.equal(clerk.mobileMasked, '138****5678', 'the mobile number is shown masked');
  t.notOk(
    res.body.includes('12345678') || res.body.includes('13812345678'),
    'the full number is nowhere in the response',
  );
  t.notOk('mobile' in clerk || 'passwordHash' in clerk, 'no raw mobile, no password hash');
  t.notOk(res.body.includes(CLERK.password), 'the password is not echoed');

  // At rest the mobile number is encrypted and the password hashed.
  const sql = ownerSql(t, databaseUrl);
  const [stored] = await sql<
    { mobile: string; password_hash: string }[]
  >`select mobile, password_hash from staff where id = ${clerk.id}`;
  t.ok(stored, 'the row exists');
  t.notOk(stored!.mobile.includes('13812345678'), 'mobile not stored in clear');
  t.match(stored!.password_hash, /^\$argon2id\$/, 'password hashed with argon2id');

  const list = await app.inject({
    method: 'GET',
    url: '/stations/yuzhong/staff',
    headers: yuzhong.auth,
  });
  t.equal(list.statusCode, 200, list.body);
  const staff = list.json<{ staff: StaffView[] }>().staff;
  t.same(
    staff.map((s) => s.username),
    ['yz_admin', 'yz_clerk'],
    'the admin and the clerk, oldest first; no jiangbei staff, no operator',
  );
  t.ok(staff.every((s) => s.station === 'yuzhong'));
  t.notOk(list.body.includes('13812345678'));

  // The operator sees each station's own list.
  const jb = await app.inject({
    method: 'GET',
    url: '/stations/jiangbei/staff',
    headers: operator.auth,
  });
  t.equal(jb.statusCode, 200);
  t.same(
    jb.json<{ staff: StaffView[] }>().staff.map((s) => s.username),
    ['jb_admin', 'jb_clerk'],
  );

  // The clerk can sign in with the roles given.
  const signIn = await app.inject({
    method: 'POST',
    url: '/staff/sessions',
    payload: { username: CLERK.username, password: CLERK.password },
  });
  t.equal(signIn.statusCode, 200, signIn.body);
  t.match(signIn.json(), {
    account: { id: clerk.id, kind: 'staff', station: 'yuzhong', roles: ['clerk'], name: '张受理' },
  });
});

t.test('another station’s staff and audit answer 404, never 403', async (t) => {
  const { app, operator, yuzhong, jiangbei } = await buildTenancy(t);
  const jbClerk = await addStaff(app, jiangbei, 'jiangbei', JB_CLERK);

  const notFound = async (res: Awaited<ReturnType<typeof app.inject>>, what: string) => {
    t.equal(res.statusCode, 404, `${what}: ${res.body}`);
    t.match(res.headers['content-type'], PROBLEM, what);
    t.match(
      res.json(),
      { status: 404, code: 'not_found', type: 'urn:hall:problem:not_found' },
      what,
    );
  };

  await notFound(
    await app.inject({ method: 'GET', url: '/stations/jiangbei/staff', headers: yuzhong.auth }),
    'list jiangbei staff',
  );
  await notFound(
    await app.inject({
      method: 'POST',
      url: '/stations/jiangbei/staff',
      headers: yuzhong.auth,
      payload: { username: 'sneaky1', password: 'Sneaky#2026', name: '潜入者', roles: ['clerk'] },
    }),
    'create jiangbei staff',
  );
  await notFound(
    await app.inject({
      method: 'PATCH',
      url: `/stations/jiangbei/staff/${jbClerk.id}`,
      headers: yuzhong.auth,
      payload: { enabled: false },
    }),
    'patch jiangbei staff',
  );
  // Own station in the URL, another station's staff id: still nothing there.
  await notFound(
    await app.inject({
      method: 'PATCH',
      url: `/stations/yuzhong/staff/${jbClerk.id}`,
      headers: yuzhong.auth,
      payload: { name: '改名了' },
    }),
    'patch jiangbei staff through yuzhong',
  );
  await notFound(
    await app.inject({ method: 'GET', url: '/stations/jiangbei/audit', headers: yuzhong.auth }),
    'read jiangbei audit',
  );
  // Not even the operator's own account can be reached through a station.
  await notFound(
    await app.inject({
      method: 'PATCH',
      url: `/stations/yuzhong/staff/${operator.id}`,
      headers: yuzhong.auth,
      payload: { enabled: false },
    }),
    'patch the operator',
  );

  // Nothing changed at jiangbei.
  const jb = await app.inject({
    method: 'GET',
    url: '/stations/jiangbei/staff',
    headers: operator.auth,
  });
  const list = jb.json<{ staff: StaffView[] }>().staff;
  t.same(
    list.map((s) => [s.username, s.name, s.enabled]),
    [
      ['jb_admin', '江北管理员', true],
      ['jb_clerk', '李受理', true],
    ],
  );
  t.equal(
    (await signInStaff(app, JB_CLERK.username, JB_CLERK.password)).id,
    jbClerk.id,
    'the jiangbei clerk still signs in',
  );
  const sneaky = await app.inject({
    method: 'POST',
    url: '/staff/sessions',
    payload: { username: 'sneaky1', password: 'Sneaky#2026' },
  });
  t.equal(sneaky.statusCode, 401, 'no account was created');
});

t.test(
  'a station admin edits their own roles but cannot drop or regain station_admin',
  async (t) => {
    const { app, operator, yuzhong } = await buildTenancy(t);
    const patchSelf = (who: Session, roles: string[]) =>
      app.inject({
        method: 'PATCH',
        url: `/stations/yuzhong/staff/${who.id}`,
        headers: who.auth,
        payload: { roles },
      });

    const widen = await patchSelf(yuzhong, ['station_admin', 'approver']);
    t.equal(widen.statusCode, 200, `keeping station_admin while adding a role: ${widen.body}`);
    t.same(widen.json<StaffView>().roles, ['station_admin', 'approver']);
    const drop = await patchSelf(yuzhong, ['approver']);
    t.equal(drop.statusCode, 400, drop.body);
    t.match(drop.json(), {
      code: 'validation_failed',
      errors: [{ field: 'roles', code: 'roles.not_grantable' }],
    });
    const me = await app.inject({ method: 'GET', url: '/staff/me', headers: yuzhong.auth });
    t.same(me.json<StaffView>().roles, ['station_admin', 'approver'], 'still a station admin');

    // A demoted admin whose access token still says station_admin cannot re-promote themselves.
    const second = await addAndSignIn(app, operator, 'yuzhong', {
      username: 'yz_admin2',
      password: 'Second#2026',
      name: '第二管理员',
      roles: ['station_admin'],
    });
    const demote = await app.inject({
      method: 'PATCH',
      url: `/stations/yuzhong/staff/${second.id}`,
      headers: operator.auth,
      payload: { roles: ['clerk'] },
    });
    t.equal(demote.statusCode, 200, demote.body);
    const regain = await patchSelf(second, ['station_admin']);
    t.equal(regain.statusCode, 400, regain.body);
    t.match(regain.json(), { errors: [{ field: 'roles/0', code: 'roles.not_grantable' }] });
    const list = await app.inject({
      method: 'GET',
      url: '/stations/yuzhong/staff',
      headers: operator.auth,
    });
    t.same(
      list.json<{ staff: StaffView[] }>().staff.find((s) => s.id === second.id)?.roles,
      ['clerk'],
      'still a clerk',
    );
  },
);

t.test('an unknown station has no staff list and no audit log', async (t) => {
  const { app, operator, yuzhong } = await buildTenancy(t);
  for (const url of ['/stations/nowhere/staff', '/stations/nowhere/audit']) {
    const res = await app.inject({ method: 'GET', url, headers: operator.auth });
    t.equal(res.statusCode, 404, `operator ${url}: ${res.body}`);
    t.match(res.json(), { code: 'not_found', title: '站点不存在' });
    t.equal(
      (await app.inject({ method: 'GET', url, headers: yuzhong.auth })).statusCode,
      404,
      `station admin ${url}`,
    );
  }
  const create = await app.inject({
    method: 'POST',
    url: '/stations/nowhere/staff',
    headers: operator.auth,
    payload: { ...CLERK, username: 'nobody1' },
  });
  t.equal(create.statusCode, 404);
  // A disabled station's staff and log stay readable for operators.
  const off = await app.inject({
    method: 'PATCH',
    url: '/stations/yuzhong',
    headers: operator.auth,
    payload: { enabled: false },
  });
  t.equal(off.statusCode, 200);
  for (const url of ['/stations/yuzhong/staff', '/stations/yuzhong/audit']) {
    t.equal(
      (await app.inject({ method: 'GET', url, headers: operator.auth })).statusCode,
      200,
      `operator ${url} of a disabled station`,
    );
  }
});

t.test('only operators appoint station admins', async (t) => {
  const { app, operator, yuzhong } = await buildTenancy(t);
  const create = await app.inject({
    method: 'POST',
    url: '/stations/yuzhong/staff',
    headers: yuzhong.auth,
    payload: { ...CLERK, roles: ['clerk', 'station_admin'] },
  });
  t.equal(create.statusCode, 400, create.body);
  t.match(create.headers['content-type'], PROBLEM);
  t.match(create.json(), {
    code: 'validation_failed',
    errors: [{ field: 'roles/1', code: 'roles.not_grantable' }],
  });
  t.equal(create.json().errors.length, 1);

  const clerk = await addStaff(app, yuzhong, 'yuzhong', CLERK);
  const promote = await app.inject({
    method: 'PATCH',
    url: `/stations/yuzhong/staff/${clerk.id}`,
    headers: yuzhong.auth,
    payload: { roles: ['station_admin'] },
  });
  t.equal(promote.statusCode, 400, promote.body);
  t.match(promote.json(), { errors: [{ field: 'roles/0', code: 'roles.not_grantable' }] });

  const list = await app.inject({
    method: 'GET',
    url: '/stations/yuzhong/staff',
    headers: yuzhong.auth,
  });
  t.same(
    list.json<{ staff: StaffView[] }>().staff.find((s) => s.id === clerk.id)?.roles,
    ['clerk'],
    'the clerk was not promoted',
  );

  // The operator may.
  const byOperator = await app.inject({
    method: 'PATCH',
    url: `/stations/yuzhong/staff/${clerk.id}`,
    headers: operator.auth,
    payload: { roles: ['clerk', 'station_admin'] },
  });
  t.equal(byOperator.statusCode, 200, byOperator.body);
  t.same(byOperator.json<StaffView>().roles, ['clerk', 'station_admin']);
});

t.test('a station admin cannot disable another station admin nor themselves', async (t) => {
  const { app, operator, yuzhong } = await buildTenancy(t);
  const second = await addStaff(app, operator, 'yuzhong', {
    username: 'yz_admin2',
    password: 'Second#2026',
    name: '第二管理员',
    roles: ['station_admin'],
  });

  for (const payload of [{ enabled: false }, { name: '改个名字' }, { roles: ['clerk'] }]) {
    const res = await app.inject({
      method: 'PATCH',
      url: `/stations/yuzhong/staff/${second.id}`,
      headers: yuzhong.auth,
      payload,
    });
    t.equal(res.statusCode, 403, `${JSON.stringify(payload)}: ${res.body}`);
    t.match(res.json(), { code: 'forbidden', status: 403 });
  }
  const self = await app.inject({
    method: 'PATCH',
    url: `/stations/yuzhong/staff/${yuzhong.id}`,
    headers: yuzhong.auth,
    payload: { enabled: false },
  });
  t.equal(self.statusCode, 400, self.body);
  t.match(self.json(), {
    code: 'validation_failed',
    errors: [{ field: 'enabled', code: 'staff.self' }],
  });

  const list = await app.inject({
    method: 'GET',
    url: '/stations/yuzhong/staff',
    headers: yuzhong.auth,
  });
  t.same(
    list.json<{ staff: StaffView[] }>().staff.map((s) => [s.username, s.name, s.roles, s.enabled]),
    [
      ['yz_admin', '渝中管理员', ['station_admin'], true],
      ['yz_admin2', '第二管理员', ['station_admin'], true],
    ],
    'both admins unchanged',
  );
  await signInStaff(app, 'yz_admin2', 'Second#2026');

  // The operator may disable a station admin.
  const byOperator = await app.inject({
    method: 'PATCH',
    url: `/stations/yuzhong/staff/${second.id}`,
    headers: operator.auth,
    payload: { enabled: false },
  });
  t.equal(byOperator.statusCode, 200, byOperator.body);
  t.equal(byOperator.json<StaffView>().enabled, false);
});

t.test(
  'disabling a staff member ends their sessions and sign-in; re-enabling restores sign-in only',
  async (t) => {
    const { app, yuzhong } = await buildTenancy(t);
    const clerk = await addAndSignIn(app, yuzhong, 'yuzhong', CLERK);

    const refreshed = await app.inject({
      method: 'POST',
      url: '/sessions/refresh',
      payload: { refreshToken: clerk.refreshToken },
    });
    t.equal(refreshed.statusCode, 200, 'the refresh token works before');
    const refreshToken = refreshed.json<{ refreshToken: string }>().refreshToken;
    // A second session (another device) that is not used while the account is disabled.
    const otherDevice = await signInStaff(app, CLERK.username, CLERK.password);

    const disable = await app.inject({
      method: 'PATCH',
      url: `/stations/yuzhong/staff/${clerk.id}`,
      headers: yuzhong.auth,
      payload: { enabled: false },
    });
    t.equal(disable.statusCode, 200, disable.body);
    t.equal(disable.json<StaffView>().enabled, false);

    const refresh = await app.inject({
      method: 'POST',
      url: '/sessions/refresh',
      payload: { refreshToken },
    });
    t.equal(refresh.statusCode, 401, refresh.body);
    t.match(refresh.json(), { code: 'session_expired' });

    const login = await app.inject({
      method: 'POST',
      url: '/staff/sessions',
      payload: { username: CLERK.username, password: CLERK.password },
    });
    t.equal(login.statusCode, 401, login.body);
    t.match(
      login.json(),
      { code: 'invalid_credentials' },
      'a disabled account looks like a wrong password',
    );

    const enable = await app.inject({
      method: 'PATCH',
      url: `/stations/yuzhong/staff/${clerk.id}`,
      headers: yuzhong.auth,
      payload: { enabled: true },
    });
    t.equal(enable.statusCode, 200, enable.body);
    t.equal(enable.json<StaffView>().enabled, true);

    const stale = await app.inject({
      method: 'POST',
      url: '/sessions/refresh',
      payload: { refreshToken },
    });
    t.equal(stale.statusCode, 401, 're-enabling does not revive the old session');
    const untouched = await app.inject({
      method: 'POST',
      url: '/sessions/refresh',
      payload: { refreshToken: otherDevice.refreshToken },
    });
    t.equal(
      untouched.statusCode,
      401,
      'every session was revoked by disabling, not just refused while disabled',
    );
    const again = await signInStaff(app, CLERK.username, CLERK.password);
    t.equal(again.id, clerk.id, 'signs in again');

    const audit = await app.inject({
      method: 'GET',
      url: '/stations/yuzhong/audit?limit=200',
      headers: yuzhong.auth,
    });
    const entries = audit.json<{ entries: AuditEntry[] }>().entries;
    for (const event of ['staff.disabled', 'staff.enabled']) {
      const found = entries.filter((e) => e.event === event);
      t.equal(found.length, 1, `one ${event}`);
      t.match(found[0], {
        station: 'yuzhong',
        outcome: 'success',
        actorKind: 'staff',
        actorId: yuzhong.id,
        targetKind: 'staff',
        targetId: clerk.id,
      });
    }
    t.ok(
      entries.some(
        (e) =>
          e.event === 'login.failed' && e.actorId === clerk.id && e.details.reason === 'disabled',
      ),
      'the refused sign-in is audited',
    );
  },
);

t.test('role changes are audited with from and to', async (t) => {
  const { app, yuzhong } = await buildTenancy(t);
  const clerk = await addStaff(app, yuzhong, 'yuzhong', CLERK);
  const patch = (payload: object) =>
    app.inject({
      method: 'PATCH',
      url: `/stations/yuzhong/staff/${clerk.id}`,
      headers: yuzhong.auth,
      payload,
    });

  const res = await patch({ roles: ['clerk', 'approver'] });
  t.equal(res.statusCode, 200, res.body);
  t.same(res.json<StaffView>().roles, ['clerk', 'approver']);
  // Same set in another order, duplicates collapsed: no change to record.
  const same = await patch({ roles: ['approver', 'clerk', 'clerk'] });
  t.equal(same.statusCode, 200, same.body);
  t.same([...same.json<StaffView>().roles].sort(), ['approver', 'clerk']);
  const empty = await patch({ roles: [] });
  t.equal(empty.statusCode, 400);
  t.match(empty.json(), { errors: [{ field: 'roles', code: 'roles.empty' }] });
  const unknown = await patch({ roles: ['janitor'] });
  t.equal(unknown.statusCode, 400);
  t.match(unknown.json(), { code: 'validation_failed' });
  t.ok(
    unknown.json().errors.some((e: { field: string }) => e.field.startsWith('roles')),
    unknown.body,
  );

  const audit = await app.inject({
    method: 'GET',
    url: '/stations/yuzhong/audit?event=staff.roles_changed',
    headers: yuzhong.auth,
  });
  t.equal(audit.statusCode, 200, audit.body);
  const entries = audit.json<{ entries: AuditEntry[] }>().entries;
  t.equal(entries.length, 1, 'only the real change is recorded');
  t.match(entries[0], {
    event: 'staff.roles_changed',
    outcome: 'success',
    station: 'yuzhong',
    actorId: yuzhong.id,
    targetId: clerk.id,
    details: { from: ['clerk'], to: ['clerk', 'approver'] },
  });
  // The new roles are in the token of the next sign-in.
  const signIn = await app.inject({
    method: 'POST',
    url: '/staff/sessions',
    payload: { username: CLERK.username, password: CLERK.password },
  });
  t.same([...signIn.json<{ account: { roles: string[] } }>().account.roles].sort(), [
    'approver',
    'clerk',
  ]);
});

t.test('staff routes are for station admins and operators only', async (t) => {
  const { app, yuzhong, citizenAuth } = await buildTenancy(t);
  const clerk = await addAndSignIn(app, yuzhong, 'yuzhong', CLERK);
  const body = {
    username: 'another1',
    password: 'Another#2026',
    name: '另一个人',
    roles: ['clerk'],
  };
  const routes = (station: string) => [
    { method: 'GET' as const, url: `/stations/${station}/staff` },
    { method: 'POST' as const, url: `/stations/${station}/staff`, payload: body },
    {
      method: 'PATCH' as const,
      url: `/stations/${station}/staff/${yuzhong.id}`,
      payload: { name: '被改名' },
    },
    { method: 'GET' as const, url: `/stations/${station}/audit` },
  ];

  for (const route of routes('yuzhong')) {
    const asClerk = await app.inject({ ...route, headers: clerk.auth });
    t.equal(asClerk.statusCode, 403, `clerk ${route.method} ${route.url}: ${asClerk.body}`);
    t.match(asClerk.json(), { code: 'forbidden' });
    const asCitizen = await app.inject({ ...route, headers: citizenAuth });
    t.equal(asCitizen.statusCode, 403, `citizen ${route.method} ${route.url}`);
    const anonymous = await app.inject(route);
    t.equal(anonymous.statusCode, 401, `anonymous ${route.method} ${route.url}`);
    t.match(anonymous.headers['content-type'], PROBLEM);
    t.match(anonymous.json(), { code: 'unauthenticated' });
    const forged = await app.inject({ ...route, headers: bearer('not.a.token') });
    t.equal(forged.statusCode, 401, `bad token ${route.method} ${route.url}`);
    t.match(forged.json(), { code: 'token_invalid' });
  }
  for (const route of routes('jiangbei')) {
    const asClerk = await app.inject({ ...route, headers: clerk.auth });
    t.equal(asClerk.statusCode, 404, `clerk at another station ${route.method} ${route.url}`);
  }
  for (const url of ['/staff/me', '/staff/me/password']) {
    const method = url.endsWith('password') ? ('PUT' as const) : ('GET' as const);
    const payload =
      method === 'PUT' ? { currentPassword: 'Whatever#1', newPassword: 'Whatever#2' } : undefined;
    t.equal(
      (await app.inject({ method, url, payload, headers: citizenAuth })).statusCode,
      403,
      `citizen ${url}`,
    );
    t.equal((await app.inject({ method, url, payload })).statusCode, 401, `anonymous ${url}`);
  }

  const list = await app.inject({
    method: 'GET',
    url: '/stations/yuzhong/staff',
    headers: yuzhong.auth,
  });
  t.same(
    list.json<{ staff: StaffView[] }>().staff.map((s) => [s.username, s.name]),
    [
      ['yz_admin', '渝中管理员'],
      ['yz_clerk', '张受理'],
    ],
    'nothing was created or renamed',
  );
});

t.test('validation errors are problem+json listing each field', async (t) => {
  const { app, yuzhong } = await buildTenancy(t);
  const post = (payload: object) =>
    app.inject({ method: 'POST', url: '/stations/yuzhong/staff', headers: yuzhong.auth, payload });

  const all = await post({
    username: '1abc',
    password: 'password',
    name: '张',
    mobile: '12345',
    roles: [],
  });
  t.equal(all.statusCode, 400, all.body);
  t.match(all.headers['content-type'], PROBLEM);
  const problem = all.json();
  t.match(problem, {
    type: 'urn:hall:problem:validation_failed',
    status: 400,
    code: 'validation_failed',
    title: String,
    instance: '/stations/yuzhong/staff',
  });
  t.same(problem.errors.map((e: { field: string; code: string }) => [e.field, e.code]).sort(), [
    ['mobile', 'mobile.format'],
    ['name', 'name.length'],
    ['password', 'password.classes'],
    ['roles', 'roles.empty'],
    ['username', 'username.start'],
  ]);
  t.ok(
    problem.errors.every((e: { message: string }) => /\p{Script=Han}/u.test(e.message)),
    'each field has a Chinese message',
  );

  const cases: Array<[object, string, string]> = [
    [{ username: 'ab' }, 'username', 'username.length'],
    [{ username: 'bad name' }, 'username', 'username.charset'],
    [{ password: 'Short#1' }, 'password', 'password.too_short'],
    [{ password: 'Yz_clerk#2026' }, 'password', 'password.contains_username'],
  ];
  for (const [override, field, code] of cases) {
    const res = await post({ ...CLERK, ...override });
    t.equal(res.statusCode, 400, JSON.stringify(override));
    t.same(
      res.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
      [[field, code]],
      JSON.stringify(override),
    );
  }
  // Missing fields are caught by the schema, each listed.
  const missing = await post({ username: 'someone' });
  t.equal(missing.statusCode, 400);
  t.match(missing.json(), { code: 'validation_failed' });
  const fields = missing.json().errors.map((e: { field: string }) => e.field);
  t.ok(
    ['password', 'name', 'roles'].every((f) => fields.includes(f)),
    `missing fields listed: ${fields.join()}`,
  );

  const patchEmpty = await app.inject({
    method: 'PATCH',
    url: `/stations/yuzhong/staff/${yuzhong.id}`,
    headers: yuzhong.auth,
    payload: {},
  });
  t.equal(patchEmpty.statusCode, 400, 'an empty patch is refused');
  const patchBadId = await app.inject({
    method: 'PATCH',
    url: '/stations/yuzhong/staff/not-a-uuid',
    headers: yuzhong.auth,
    payload: { name: '张三丰' },
  });
  t.equal(patchBadId.statusCode, 400);

  const list = await app.inject({
    method: 'GET',
    url: '/stations/yuzhong/staff',
    headers: yuzhong.auth,
  });
  t.equal(list.json().staff.length, 1, 'nothing was created');
});

t.test('usernames are unique across stations and operators, case-insensitively', async (t) => {
  const { app, yuzhong, jiangbei } = await buildTenancy(t);
  await addStaff(app, yuzhong, 'yuzhong', CLERK);
  for (const [by, station, username] of [
    [yuzhong, 'yuzhong', 'yz_clerk'],
    [yuzhong, 'yuzhong', 'YZ_Clerk'],
    [jiangbei, 'jiangbei', 'yz_clerk'],
    [jiangbei, 'jiangbei', OPERATOR.username],
  ] as Array<[Session, string, string]>) {
    const res = await app.inject({
      method: 'POST',
      url: `/stations/${station}/staff`,
      headers: by.auth,
      payload: { ...JB_CLERK, username },
    });
    t.equal(res.statusCode, 409, `${username} at ${station}: ${res.body}`);
    t.match(res.headers['content-type'], PROBLEM);
    t.match(res.json(), {
      status: 409,
      code: 'already_registered',
      errors: [{ field: 'username', code: 'username.taken' }],
    });
  }
  const jb = await app.inject({
    method: 'GET',
    url: '/stations/jiangbei/staff',
    headers: jiangbei.auth,
  });
  t.equal(jb.json().staff.length, 1, 'only the admin at jiangbei');
});

t.test('staff sign-in locks after repeated failures, like citizens’', async (t) => {
  const { app, yuzhong } = await buildTenancy(t, {
    LOGIN_MAX_FAILURES: '3',
    LOGIN_LOCKOUT_SECONDS: '2',
  });
  const clerk = await addStaff(app, yuzhong, 'yuzhong', CLERK);
  const login = (password: string) =>
    app.inject({
      method: 'POST',
      url: '/staff/sessions',
      payload: { username: CLERK.username, password },
    });

  const first = await login('Wrong#pass1');
  t.equal(first.statusCode, 401);
  t.match(first.json(), { code: 'invalid_credentials' });
  t.equal((await login('Wrong#pass2')).statusCode, 401);
  const third = await login('Wrong#pass3');
  t.equal(third.statusCode, 423, third.body);
  t.match(third.json(), { code: 'account_locked' });
  t.ok(Number(third.headers['retry-after']) >= 1, 'retry-after given');
  const right = await login(CLERK.password);
  t.equal(right.statusCode, 423, 'even the right password is refused while locked');

  await sleep(2100);
  const after = await login(CLERK.password);
  t.equal(after.statusCode, 200, after.body);

  const audit = await app.inject({
    method: 'GET',
    url: '/stations/yuzhong/audit?event=login.locked',
    headers: yuzhong.auth,
  });
  const locked = audit.json<{ entries: AuditEntry[] }>().entries;
  t.equal(locked.length, 1);
  t.match(locked[0], {
    outcome: 'failure',
    station: 'yuzhong',
    actorId: clerk.id,
    details: { realm: 'staff', failures: 3 },
  });
});

t.test('GET /staff/me and PUT /staff/me/password', async (t) => {
  const { app, operator, yuzhong } = await buildTenancy(t);
  const me = await app.inject({ method: 'GET', url: '/staff/me', headers: yuzhong.auth });
  t.equal(me.statusCode, 200, me.body);
  t.match(me.json(), {
    id: yuzhong.id,
    station: 'yuzhong',
    username: 'yz_admin',
    name: '渝中管理员',
    roles: ['station_admin'],
    enabled: true,
    mobileMasked: null,
  });
  const op = await app.inject({ method: 'GET', url: '/staff/me', headers: operator.auth });
  t.equal(op.statusCode, 200);
  t.match(op.json(), { id: operator.id, station: null, username: OPERATOR.username, roles: [] });

  const clerk = await addAndSignIn(app, yuzhong, 'yuzhong', CLERK);
  const clerkMe = await app.inject({ method: 'GET', url: '/staff/me', headers: clerk.auth });
  t.equal(clerkMe.statusCode, 200, 'any staff member reads their own account');
  t.match(clerkMe.json(), { id: clerk.id, roles: ['clerk'], mobileMasked: '138****5678' });

  const change = (currentPassword: string, newPassword: string) =>
    app.inject({
      method: 'PUT',
      url: '/staff/me/password',
      headers: clerk.auth,
      payload: { currentPassword, newPassword },
    });

  const wrong = await change('Wrong#2026x', 'NewClerk#2027');
  t.equal(wrong.statusCode, 400, wrong.body);
  t.match(wrong.json(), { errors: [{ field: 'currentPassword', code: 'password.wrong' }] });
  const weak = await change(CLERK.password, 'weakweak');
  t.equal(weak.statusCode, 400);
  t.match(weak.json(), { errors: [{ field: 'newPassword', code: 'password.classes' }] });
  const withName = await change(CLERK.password, 'My_yz_clerk#1');
  t.equal(withName.statusCode, 400);
  t.match(withName.json(), {
    errors: [{ field: 'newPassword', code: 'password.contains_username' }],
  });

  const ok = await change(CLERK.password, 'NewClerk#2027');
  t.equal(ok.statusCode, 204, ok.body);
  t.equal(ok.body, '');

  const refresh = await app.inject({
    method: 'POST',
    url: '/sessions/refresh',
    payload: { refreshToken: clerk.refreshToken },
  });
  t.equal(refresh.statusCode, 401, 'sessions end when the password changes');
  const old = await app.inject({
    method: 'POST',
    url: '/staff/sessions',
    payload: { username: CLERK.username, password: CLERK.password },
  });
  t.equal(old.statusCode, 401, 'the old password no longer works');
  await signInStaff(app, CLERK.username, 'NewClerk#2027');

  const audit = await app.inject({
    method: 'GET',
    url: '/stations/yuzhong/audit?event=password.changed',
    headers: yuzhong.auth,
  });
  t.same(
    audit
      .json<{ entries: AuditEntry[] }>()
      .entries.map((e) => [e.outcome, e.actorId])
      .sort(),
    [
      ['failure', clerk.id],
      ['success', clerk.id],
    ],
  );
});
