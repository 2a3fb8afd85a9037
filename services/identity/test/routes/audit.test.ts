import type { HallApp } from '@hall/platform';
import t from 'tap';
import {
  addAndSignIn,
  addStaff,
  bearer,
  buildTenancy,
  idCardNumber,
  ownerSql,
  sleep,
  type Session,
} from '../support/staff';

const PROBLEM = /^application\/problem\+json/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface AuditEntry {
  id: string;
  at: string;
  station: string | null;
  event: string;
  outcome: string;
  actorKind: string | null;
  actorId: string | null;
  actorName: string | null;
  targetKind: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}
interface AuditPage {
  entries: AuditEntry[];
  nextBefore: string | null;
}

async function read(app: HallApp, who: Session, url: string): Promise<AuditPage> {
  const res = await app.inject({ method: 'GET', url, headers: who.auth });
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
  return res.json<AuditPage>();
}

const clerk = (n: number) => ({
  username: `yz_clerk${n}`,
  password: `Clerk#2026_${n}`,
  name: `受理员${n}号`,
  roles: ['clerk'],
});

/** Register a person (个人) and sign them in; returns their id, secrets and tokens. */
async function citizen(app: HallApp, n = 1) {
  const person = {
    username: `citizen${n}`,
    password: `Citizen#2026_${n}`,
    realName: '王小明',
    idNumber: idCardNumber('19850612', String(100 + n)),
    mobile: `1391234${String(5670 + n)}`,
  };
  const reg = await app.inject({
    method: 'POST',
    url: '/accounts/person',
    payload: person,
    remoteAddress: '192.0.2.44',
  });
  if (reg.statusCode !== 201) throw new Error(`registration failed: ${reg.statusCode} ${reg.body}`);
  const login = await app.inject({
    method: 'POST',
    url: '/sessions',
    payload: { username: person.username, password: person.password },
  });
  if (login.statusCode !== 200)
    throw new Error(`citizen sign-in failed: ${login.statusCode} ${login.body}`);
  const tokens = login.json<{ accessToken: string; refreshToken: string }>();
  return {
    ...person,
    id: reg.json<{ id: string }>().id,
    ...tokens,
    auth: bearer(tokens.accessToken),
  };
}

t.test('a station admin reads their station’s audit: fields, filters and paging', async (t) => {
  const { app, operator, yuzhong, jiangbei } = await buildTenancy(t);
  const created: string[] = [];
  const create = async (n: number) => {
    const res = await app.inject({
      method: 'POST',
      url: '/stations/yuzhong/staff',
      headers: yuzhong.auth,
      payload: clerk(n),
      remoteAddress: '203.0.113.7',
    });
    t.equal(res.statusCode, 201, res.body);
    created.push(res.json<{ id: string }>().id);
  };
  for (const n of [1, 2, 3]) await create(n);
  await sleep(30);
  const middle = new Date();
  await sleep(30);
  for (const n of [4, 5]) await create(n);
  const wrong = await app.inject({
    method: 'POST',
    url: '/staff/sessions',
    payload: { username: 'yz_clerk1', password: 'Not#the1pass' },
    remoteAddress: '198.51.100.9',
  });
  t.equal(wrong.statusCode, 401);
  await addStaff(app, jiangbei, 'jiangbei', {
    username: 'jb_clerk',
    password: 'Clerk#2026jb',
    name: '李受理',
    roles: ['clerk'],
  });

  const all = await read(app, yuzhong, '/stations/yuzhong/audit?limit=200');
  t.equal(all.nextBefore, null, 'everything on one page');
  t.same(
    all.entries.map((e) => e.event).sort(),
    ['login.failed', 'login.succeeded', ...Array<string>(6).fill('staff.created')],
    'the admin’s appointment and sign-in, five clerks, one failed sign-in',
  );
  t.ok(
    all.entries.every((e) => e.station === 'yuzhong'),
    'only yuzhong entries: no jiangbei, no platform-level',
  );
  t.same(
    all.entries.map((e) => e.id),
    [...all.entries.map((e) => e.id)].sort().reverse(),
    'newest first',
  );
  for (const e of all.entries) {
    t.match(e.id, UUID);
    t.ok(Number.isFinite(Date.parse(e.at)) && e.at.endsWith('Z'), `time of ${e.event}`);
    t.ok(e.outcome === 'success' || e.outcome === 'failure', `outcome of ${e.event}`);
    t.ok(e.actorKind, `actor of ${e.event}`);
    t.ok(e.ip, `ip of ${e.event}`);
  }
  t.ok(
    all.entries.some(
      (e) => e.event === 'login.succeeded' && e.actorId === yuzhong.id && e.ip === '127.0.0.1',
    ),
    'the admin’s own sign-in',
  );

  const creations = (await read(app, yuzhong, '/stations/yuzhong/audit?event=staff.created'))
    .entries;
  t.equal(creations.length, 6, 'the admin’s appointment and five clerks');
  t.ok(creations.every((e) => e.event === 'staff.created' && e.outcome === 'success'));
  t.same(
    creations
      .filter((e) => e.actorId === yuzhong.id)
      .map((e) => [e.actorKind, e.targetKind, e.targetId, e.ip, e.details]),
    [...created].reverse().map((id) => ['staff', 'staff', id, '203.0.113.7', { roles: ['clerk'] }]),
    'who, whom, from where, which roles',
  );
  t.match(creations.at(-1), {
    actorKind: 'operator',
    actorId: operator.id,
    targetId: yuzhong.id,
    details: { roles: ['station_admin'] },
  });

  const failures = (await read(app, yuzhong, '/stations/yuzhong/audit?outcome=failure')).entries;
  t.equal(failures.length, 1);
  t.match(failures[0], {
    event: 'login.failed',
    outcome: 'failure',
    actorKind: 'staff',
    actorId: created[0],
    ip: '198.51.100.9',
    details: { realm: 'staff', reason: 'wrong_password' },
  });
  t.equal(
    (await read(app, yuzhong, '/stations/yuzhong/audit?outcome=success')).entries.filter(
      (e) => e.outcome !== 'success',
    ).length,
    0,
  );
  t.equal(
    (await read(app, yuzhong, '/stations/yuzhong/audit?event=no.such_event')).entries.length,
    0,
  );
  t.equal(
    (
      await read(
        app,
        yuzhong,
        '/stations/yuzhong/audit?event=submissions.application.supplement_requested',
      )
    ).entries.length,
    0,
    'the longest event names of other services are accepted as filters',
  );

  const q = (params: Record<string, string>) =>
    `/stations/yuzhong/audit?${new URLSearchParams(params).toString()}`;
  const after = (
    await read(app, yuzhong, q({ event: 'staff.created', from: middle.toISOString() }))
  ).entries;
  t.same(
    after.map((e) => e.targetId),
    created.slice(3).reverse(),
    'from: the two created after the mark',
  );
  const before = (await read(app, yuzhong, q({ event: 'staff.created', to: middle.toISOString() })))
    .entries;
  t.same(
    before.map((e) => e.targetId),
    [...created.slice(0, 3).reverse(), yuzhong.id],
    'to: the admin and the three created before the mark',
  );
  const window = (
    await read(
      app,
      yuzhong,
      q({
        event: 'staff.created',
        from: new Date(Date.parse(creations[0]!.at) + 1000).toISOString(),
      }),
    )
  ).entries;
  t.equal(window.length, 0, 'nothing after the last entry');

  // Keyset paging: 6 entries, 4 per page, then 3 per page (an exact fit ends with no next page).
  const p1 = await read(app, yuzhong, q({ event: 'staff.created', limit: '4' }));
  t.equal(p1.entries.length, 4);
  t.equal(p1.nextBefore, p1.entries[3]!.id);
  const p2 = await read(
    app,
    yuzhong,
    q({ event: 'staff.created', limit: '4', before: p1.nextBefore! }),
  );
  t.equal(p2.entries.length, 2);
  t.equal(p2.nextBefore, null);
  t.same(
    [...p1.entries, ...p2.entries].map((e) => e.id),
    creations.map((e) => e.id),
    'the pages together are the whole list, in order, without overlap',
  );
  const h1 = await read(app, yuzhong, q({ event: 'staff.created', limit: '3' }));
  const h2 = await read(
    app,
    yuzhong,
    q({ event: 'staff.created', limit: '3', before: h1.nextBefore! }),
  );
  t.same([h1.entries.length, h2.entries.length, h2.nextBefore], [3, 3, null]);
  const paged: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const page: AuditPage = await read(
      app,
      yuzhong,
      q({ limit: '2', ...(cursor ? { before: cursor } : {}) }),
    );
    paged.push(...page.entries);
    cursor = page.nextBefore;
  } while (cursor);
  t.same(
    paged.map((e) => e.id),
    all.entries.map((e) => e.id),
    'paging without a filter walks the whole station log',
  );

  for (const bad of [
    'limit=0',
    'limit=201',
    'outcome=maybe',
    'from=yesterday',
    'before=not-a-uuid',
    'actorId=1',
  ]) {
    const res = await app.inject({
      method: 'GET',
      url: `/stations/yuzhong/audit?${bad}`,
      headers: yuzhong.auth,
    });
    t.equal(res.statusCode, 400, bad);
    t.match(res.headers['content-type'], PROBLEM, bad);
    t.match(res.json(), { code: 'validation_failed' }, bad);
  }
  const byActor = (await read(app, yuzhong, q({ actorId: operator.id }))).entries;
  t.same(
    byActor.map((e) => e.event),
    ['staff.created'],
    'actorId filter: the operator did one thing at yuzhong',
  );
});

t.test(
  'operators read every station and platform-level events; station admins never see platform-level ones',
  async (t) => {
    const { app, operator, yuzhong, jiangbei, citizenAuth } = await buildTenancy(t);
    const person = await citizen(app);
    const station = await app.inject({
      method: 'POST',
      url: '/stations',
      headers: operator.auth,
      payload: { key: 'xinqu', name: '测试新区', kind: 'special-zone' },
    });
    t.equal(station.statusCode, 201);
    await addStaff(app, jiangbei, 'jiangbei', {
      username: 'jb_clerk',
      password: 'Clerk#2026jb',
      name: '李受理',
      roles: ['clerk'],
    });

    const everything = await read(app, operator, '/audit?limit=200');
    const stations = new Set(everything.entries.map((e) => e.station));
    t.ok(
      stations.has('yuzhong') && stations.has('jiangbei') && stations.has(null),
      `across stations: ${[...stations].join()}`,
    );

    const jb = (await read(app, operator, '/audit?station=jiangbei&limit=200')).entries;
    t.ok(jb.length >= 3, 'appointment, sign-in, clerk');
    t.ok(
      jb.every((e) => e.station === 'jiangbei'),
      'filtered to jiangbei',
    );
    t.ok(jb.some((e) => e.event === 'staff.created' && e.actorId === jiangbei.id));

    const registered = (await read(app, operator, '/audit?event=account.registered')).entries;
    t.equal(registered.length, 1);
    t.match(registered[0], {
      station: null,
      outcome: 'success',
      actorKind: 'person',
      actorId: person.id,
      ip: '192.0.2.44',
      details: { kind: 'person' },
    });
    const citizenLogin = (await read(app, operator, '/audit?event=login.succeeded')).entries.filter(
      (e) => e.actorId === person.id,
    );
    t.equal(citizenLogin.length, 1);
    t.equal(citizenLogin[0]!.station, null);
    t.ok(
      (await read(app, operator, '/audit?event=station.created')).entries.some(
        (e) => e.targetId === 'xinqu' && e.station === null,
      ),
      'operator actions on stations are platform-level',
    );

    const mine = (await read(app, yuzhong, '/stations/yuzhong/audit?limit=200')).entries;
    t.ok(mine.length > 0);
    t.ok(
      mine.every((e) => e.station === 'yuzhong'),
      'a station admin sees no platform-level entry',
    );
    t.notOk(
      mine.some((e) => e.actorId === person.id || e.targetId === 'xinqu'),
      'nothing about the citizen or the new station',
    );
    t.equal(
      (await read(app, yuzhong, '/stations/yuzhong/audit?event=account.registered')).entries.length,
      0,
    );
    t.equal(
      (await read(app, yuzhong, '/stations/yuzhong/audit?event=station.created')).entries.length,
      0,
    );
    const viaOperator = (await read(app, operator, '/stations/yuzhong/audit?limit=200')).entries;
    t.same(
      viaOperator.map((e) => e.id),
      mine.map((e) => e.id),
      'the operator reading one station sees exactly that station’s log',
    );

    const clerkSession = await addAndSignIn(app, yuzhong, 'yuzhong', clerk(1));
    for (const [who, headers, status] of [
      ['a station admin', yuzhong.auth, 403],
      ['a clerk', clerkSession.auth, 403],
      ['a citizen', citizenAuth, 403],
      ['a signed-in citizen', person.auth, 403],
      ['anonymous', {}, 401],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: '/audit', headers });
      t.equal(res.statusCode, status, `${who} GET /audit`);
      t.match(res.headers['content-type'], PROBLEM);
    }
    const station404 = await app.inject({
      method: 'GET',
      url: '/stations/jiangbei/audit',
      headers: yuzhong.auth,
    });
    t.equal(station404.statusCode, 404, 'another station’s log does not exist for a station admin');
  },
);

t.test('no personal data or secret appears in any audit row', async (t) => {
  const { app, databaseUrl, operator, yuzhong } = await buildTenancy(t);
  const person = await citizen(app);
  const secrets: string[] = [
    person.idNumber,
    person.mobile,
    person.password,
    person.accessToken,
    person.refreshToken,
  ];

  // A citizen signs in with wrong passwords, changes their profile and password.
  for (const password of ['Wrong#Citizen1', person.idNumber]) {
    const res = await app.inject({
      method: 'POST',
      url: '/sessions',
      payload: { username: person.username, password },
    });
    t.equal(res.statusCode, 401);
    secrets.push(password);
  }
  const newMobile = '13698765432';
  const profile = await app.inject({
    method: 'PATCH',
    url: '/me',
    headers: person.auth,
    payload: { mobile: newMobile, email: 'wang@example.cn' },
  });
  t.equal(profile.statusCode, 200, profile.body);
  secrets.push(newMobile, 'wang@example.cn');
  const newCitizenPassword = 'Citizen#2027_new';
  const pw = await app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: person.auth,
    payload: { currentPassword: person.password, newPassword: newCitizenPassword },
  });
  t.ok([204, 200].includes(pw.statusCode), `citizen password change: ${pw.statusCode} ${pw.body}`);
  secrets.push(newCitizenPassword);
  // Someone tries to sign in with a phone number and an ID number as the username.
  for (const username of ['13512349876', '500103198001011234']) {
    const res = await app.inject({
      method: 'POST',
      url: '/staff/sessions',
      payload: { username, password: 'Guess#2026x' },
    });
    t.equal(res.statusCode, 401);
    secrets.push(username, 'Guess#2026x');
  }

  // Staff with a mobile number; a wrong and a right password change.
  const staffMobile = '15011112222';
  const c = await addAndSignIn(app, yuzhong, 'yuzhong', { ...clerk(1), mobile: staffMobile });
  secrets.push(
    staffMobile,
    c.password,
    c.accessToken,
    c.refreshToken,
    yuzhong.password,
    operator.password,
    yuzhong.accessToken,
  );
  const change = (currentPassword: string) =>
    app.inject({
      method: 'PUT',
      url: '/staff/me/password',
      headers: c.auth,
      payload: { currentPassword, newPassword: 'Changed#2027x' },
    });
  t.equal((await change('Wrong#2026yy')).statusCode, 400);
  t.equal((await change(c.password)).statusCode, 204);
  secrets.push('Wrong#2026yy', 'Changed#2027x', 'Wrong#Citizen1');

  const sql = ownerSql(t, databaseUrl);
  // The hashes and ciphertexts at rest must not be copied into the log either.
  const stored = await sql<{ v: string }[]>`
    select password_hash as v from staff union all select password_hash from accounts
    union all select mobile from accounts union all select id_number from accounts where id_number is not null
    union all select mobile from staff where mobile is not null`;
  secrets.push(...stored.map((r) => r.v));

  const rows = await sql<Record<string, unknown>[]>`select * from audit_log order by id`;
  const events = new Set(rows.map((r) => r.event));
  for (const e of [
    'account.registered',
    'login.failed',
    'login.succeeded',
    'profile.updated',
    'password.changed',
    'staff.created',
  ]) {
    t.ok(events.has(e), `the scan covers ${e}`);
  }
  t.ok(rows.length >= 15, `${rows.length} rows scanned`);
  const digits = (s: string) => s.replace(/\D/g, '');
  for (const row of rows) {
    const text = JSON.stringify(row);
    const leaked = secrets.filter(
      (s) => text.includes(s) || (digits(s).length >= 11 && digits(text).includes(digits(s))),
    );
    t.same(leaked, [], `${String(row.event)} ${String(row.id)} carries no personal data or secret`);
  }
  // Not even the birth date that masking hides.
  const all = rows.map((r) => JSON.stringify(r)).join('\n');
  t.notOk(all.includes(person.idNumber.slice(6, 14)), 'no birth date of the ID number');
});
