import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import t from 'tap';
import { SigningKeys } from '../../src/domain/signing-keys';
import {
  auditRows,
  bearer,
  expectProblem,
  getMe,
  login,
  OTHER_PASSWORD,
  ownerSql,
  refresh,
  registeredPerson,
  registeredUnit,
  signedIn,
  sleep,
} from '../fixtures';
import { buildTestIdentity, OPERATOR } from '../helper';

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

t.test(
  'login: a token pair whose access token opens /me; username is case-insensitive',
  async (t) => {
    const { app, databaseUrl } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const person = await registeredPerson(t, app, { username: 'HuangLi', realName: '黄丽' });

    const res = await login(app, '  huangli ', person.password);
    t.equal(res.statusCode, 200, res.body);
    const body = res.json();
    t.same(Object.keys(body).sort(), [
      'accessToken',
      'account',
      'expiresIn',
      'refreshExpiresIn',
      'refreshToken',
    ]);
    t.same(body.account, { id: person.id, kind: 'person', name: '黄丽', station: null, roles: [] });
    t.equal(body.expiresIn, 300, 'default access-token lifetime');
    t.equal(body.refreshExpiresIn, 1800, 'default idle timeout');
    t.not(body.refreshToken, body.accessToken);

    const claims = decodeJwt(body.accessToken);
    t.equal(claims.sub, person.id);
    t.equal(claims.typ, 'person');
    t.equal(claims.iss, 'hall-identity');
    t.equal(claims.aud, 'hall');
    t.equal((claims.exp ?? 0) - (claims.iat ?? 0), 300);
    t.equal(decodeProtectedHeader(body.accessToken).alg, 'EdDSA');
    t.notOk(JSON.stringify(claims).includes(person.idNumber), 'no personal data in the token');

    const me = await getMe(app, body.accessToken);
    t.equal(me.statusCode, 200, me.body);
    t.equal(me.json().id, person.id, 'the access token verifies and names the account');

    // The refresh token is stored only as a hash.
    const tokens = await sql`select token_hash, subject_id, subject_kind from refresh_tokens`;
    t.equal(tokens.length, 1);
    t.equal(tokens[0]?.token_hash, sha256(body.refreshToken));
    t.equal(tokens[0]?.subject_id, person.id);
    t.equal(tokens[0]?.subject_kind, 'person');

    const audit = await auditRows(sql, 'login.succeeded');
    t.equal(audit.length, 1);
    t.match(audit[0], {
      outcome: 'success',
      station: null,
      actor_kind: 'person',
      actor_id: person.id,
      ip: '127.0.0.1',
      details: { realm: 'citizen' },
    });

    // A unit signs in the same way and is named by its unit name.
    const unit = await registeredUnit(t, app, { unitName: '重庆两江物流有限公司' });
    const unitSession = await signedIn(t, app, unit.username.toUpperCase(), unit.password);
    t.same(unitSession.account, {
      id: unit.id,
      kind: 'unit',
      name: '重庆两江物流有限公司',
      station: null,
      roles: [],
    });
    t.equal(decodeJwt(unitSession.accessToken).typ, 'unit');
    t.equal((await getMe(app, unitSession.accessToken)).json().kind, 'unit');
  },
);

t.test('wrong password and unknown user: 401 invalid_credentials, audited', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await registeredPerson(t, app);

  const wrong = expectProblem(
    t,
    await login(app, person.username, 'Wrong#Pass1'),
    401,
    'invalid_credentials',
  );
  t.equal(wrong.title, '用户名或密码错误，再错4次账号将被锁定', 'says how many tries are left');
  const wrongAgain = expectProblem(
    t,
    await login(app, person.username, 'Wrong#Pass2'),
    401,
    'invalid_credentials',
  );
  t.equal(wrongAgain.title, '用户名或密码错误，再错3次账号将被锁定');

  const unknown = expectProblem(
    t,
    await login(app, 'nobody_here', person.password),
    401,
    'invalid_credentials',
  );
  t.equal(unknown.title, '用户名或密码错误', 'an unknown username is not revealed as such');
  t.notOk('refreshToken' in unknown);

  // A citizen cannot sign in at the staff door, nor the operator at the citizens' door.
  expectProblem(
    t,
    await login(app, person.username, person.password, '/staff/sessions'),
    401,
    'invalid_credentials',
  );
  expectProblem(
    t,
    await login(app, OPERATOR.username, OPERATOR.password),
    401,
    'invalid_credentials',
  );

  const [row] = await sql`select failed_logins, locked_until from accounts where id = ${person.id}`;
  t.equal(row?.failed_logins, 2, 'the failures are counted');
  t.equal(row?.locked_until, null);

  const failed = await auditRows(sql, 'login.failed');
  t.equal(failed.length, 5);
  t.match(failed[0], {
    outcome: 'failure',
    actor_kind: 'person',
    actor_id: person.id,
    details: { realm: 'citizen', reason: 'wrong_password', failures: 1 },
  });
  t.match(failed[1], { details: { reason: 'wrong_password', failures: 2 } });
  t.match(failed[2], {
    actor_kind: 'anonymous',
    actor_id: null,
    details: { realm: 'citizen', reason: 'unknown_user' },
  });
  t.match(failed[3], { details: { realm: 'staff', reason: 'unknown_user' } });
  t.match(failed[4], { details: { realm: 'citizen', reason: 'unknown_user' } });
  t.notOk(JSON.stringify(failed).includes('Wrong#Pass'), 'no password in the audit log');
  t.equal((await auditRows(sql, 'login.succeeded')).length, 0);
});

t.test(
  'consecutive failures lock the account; the lock expires; a success resets the counter',
  async (t) => {
    const { app, databaseUrl, config } = await buildTestIdentity(t, { LOGIN_LOCKOUT_SECONDS: '2' });
    const sql = ownerSql(t, databaseUrl);
    t.equal(config.LOGIN_MAX_FAILURES, 5);
    const person = await registeredPerson(t, app);

    // Failures must be consecutive: a success in between starts the count again.
    for (let i = 0; i < 3; i++)
      expectProblem(
        t,
        await login(app, person.username, `Bad#pass${i}`),
        401,
        'invalid_credentials',
      );
    await signedIn(t, app, person.username, person.password);
    const [reset] = await sql`select failed_logins from accounts where id = ${person.id}`;
    t.equal(reset?.failed_logins, 0, 'success resets the counter');

    for (let left = 4; left >= 1; left--) {
      const p = expectProblem(
        t,
        await login(app, person.username, 'Bad#pass9'),
        401,
        'invalid_credentials',
      );
      t.equal(p.title, `用户名或密码错误，再错${left}次账号将被锁定`);
    }
    const lockedRes = await login(app, person.username, 'Bad#pass9');
    const locked = expectProblem(t, lockedRes, 423, 'account_locked');
    t.equal(locked.title, '密码错误次数过多，账号已锁定，请1分钟后再试');
    t.equal(lockedRes.headers['retry-after'], '2', 'Retry-After in seconds');
    const lockedAt = Date.now();

    // While locked even the right password is refused.
    const refusedRes = await login(app, person.username, person.password);
    expectProblem(t, refusedRes, 423, 'account_locked');
    t.ok(
      Number(refusedRes.headers['retry-after']) >= 1 &&
        Number(refusedRes.headers['retry-after']) <= 2,
      'retry-after counts down',
    );
    t.equal((await auditRows(sql, 'login.succeeded')).length, 1, 'no sign-in while locked');

    const [row] = await sql`select locked_until from accounts where id = ${person.id}`;
    t.ok(
      row?.locked_until instanceof Date && row.locked_until.getTime() > Date.now(),
      'locked_until in the future',
    );

    const lockEntries = await auditRows(sql, 'login.locked');
    t.equal(lockEntries.length, 1);
    t.match(lockEntries[0], {
      outcome: 'failure',
      actor_id: person.id,
      details: { realm: 'citizen', failures: 5 },
    });
    const lockedFailures = (await auditRows(sql, 'login.failed')).filter(
      (e) => e.details.reason === 'locked',
    );
    t.equal(lockedFailures.length, 1, 'the refused attempt while locked is audited');

    // Real time passes: the lock (2 s) expires.
    await sleep(Math.max(0, lockedAt + 2200 - Date.now()));
    const afterLock = expectProblem(
      t,
      await login(app, person.username, 'Bad#pass9'),
      401,
      'invalid_credentials',
    );
    t.equal(
      afterLock.title,
      '用户名或密码错误，再错4次账号将被锁定',
      'after the lock the count starts again',
    );
    await signedIn(t, app, person.username, person.password);
    const [cleared] =
      await sql`select failed_logins, locked_until from accounts where id = ${person.id}`;
    t.equal(cleared?.failed_logins, 0, 'success after expiry resets the counter');
    t.equal(cleared?.locked_until, null, 'and clears the lock');
    const again = expectProblem(
      t,
      await login(app, person.username, 'Bad#pass9'),
      401,
      'invalid_credentials',
    );
    t.equal(again.title, '用户名或密码错误，再错4次账号将被锁定');
    t.equal((await auditRows(sql, 'login.succeeded')).length, 2);
  },
);

t.test('refresh rotates the pair; a reused refresh token revokes its whole family', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await registeredPerson(t, app);
  const first = await signedIn(t, app, person.username, person.password);
  const otherDevice = await signedIn(t, app, person.username, person.password);

  const rotated = await refresh(app, first.refreshToken);
  t.equal(rotated.statusCode, 200, rotated.body);
  const second = rotated.json();
  t.same(Object.keys(second).sort(), [
    'accessToken',
    'expiresIn',
    'refreshExpiresIn',
    'refreshToken',
  ]);
  t.not(second.refreshToken, first.refreshToken, 'a new refresh token');
  t.equal(second.expiresIn, 300);
  t.equal(
    (await getMe(app, second.accessToken)).json().id,
    person.id,
    'the new access token works',
  );

  // The refresh token was spent: presenting it again is refused …
  const reused = expectProblem(t, await refresh(app, first.refreshToken), 401, 'session_expired');
  t.equal(reused.title, '登录已失效，请重新登录');
  // … and taken as theft: the newer token of the same family stops working too.
  expectProblem(t, await refresh(app, second.refreshToken), 401, 'session_expired');

  const reuse = await auditRows(sql, 'session.reuse_detected');
  t.equal(reuse.length, 1);
  t.match(reuse[0], {
    outcome: 'failure',
    actor_kind: 'person',
    actor_id: person.id,
    ip: '127.0.0.1',
  });
  const family =
    await sql`select revoked_at from refresh_tokens where family_id = (select family_id from refresh_tokens where token_hash = ${sha256(first.refreshToken)})`;
  t.equal(family.length, 2);
  t.ok(
    family.every((r) => r.revoked_at !== null),
    'every token of the family is revoked',
  );

  // Another session (another family) of the same account is not affected.
  const other = await refresh(app, otherDevice.refreshToken);
  t.equal(other.statusCode, 200, 'the other device stays signed in');
  // Reusing once more does not write another reuse entry for an already revoked family.
  expectProblem(t, await refresh(app, first.refreshToken), 401, 'session_expired');
  t.equal((await auditRows(sql, 'session.reuse_detected')).length, 1);

  // Unknown or malformed refresh tokens.
  expectProblem(t, await refresh(app, 'not-a-token'), 401, 'session_expired');
  const empty = await app.inject({
    method: 'POST',
    url: '/sessions/refresh',
    payload: { refreshToken: '' },
  });
  expectProblem(t, empty, 400, 'validation_failed');
});

t.test('logout ends that session only, and is audited', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await registeredPerson(t, app);
  const session = await signedIn(t, app, person.username, person.password);
  const other = await signedIn(t, app, person.username, person.password);
  const rotated = (await refresh(app, session.refreshToken)).json<{ refreshToken: string }>();

  const res = await app.inject({
    method: 'POST',
    url: '/sessions/logout',
    payload: { refreshToken: rotated.refreshToken },
  });
  t.equal(res.statusCode, 204);
  t.equal(res.body, '');
  expectProblem(t, await refresh(app, rotated.refreshToken), 401, 'session_expired');
  t.equal((await refresh(app, other.refreshToken)).statusCode, 200, 'the other session continues');
  const entries = await auditRows(sql, 'logout');
  t.equal(entries.length, 1);
  t.match(entries[0], { outcome: 'success', actor_kind: 'person', actor_id: person.id });
  t.equal(
    (await auditRows(sql, 'session.reuse_detected')).length,
    0,
    'a logged-out token is not mistaken for theft',
  );

  const unknown = await app.inject({
    method: 'POST',
    url: '/sessions/logout',
    payload: { refreshToken: 'never-issued' },
  });
  t.equal(unknown.statusCode, 204, 'an unknown token is ignored');
  t.equal((await auditRows(sql, 'logout')).length, 1);
});

t.test('changing the password revokes every refresh token of the account', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await registeredPerson(t, app);
  const bystander = await registeredPerson(t, app);
  const a = await signedIn(t, app, person.username, person.password);
  const b = await signedIn(t, app, person.username, person.password);
  const c = await signedIn(t, app, bystander.username, bystander.password);

  const res = await app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: bearer(a.accessToken),
    payload: { currentPassword: person.password, newPassword: OTHER_PASSWORD },
  });
  t.equal(res.statusCode, 204, res.body);
  expectProblem(t, await refresh(app, a.refreshToken), 401, 'session_expired');
  expectProblem(t, await refresh(app, b.refreshToken), 401, 'session_expired');
  const live =
    await sql`select count(*)::int as n from refresh_tokens where subject_id = ${person.id} and revoked_at is null`;
  t.equal(live[0]?.n, 0, 'no live refresh token left');
  t.equal(
    (await refresh(app, c.refreshToken)).statusCode,
    200,
    'other accounts are not signed out',
  );
  t.equal((await auditRows(sql, 'session.reuse_detected')).length, 0);
});

t.test('sessions time out when idle, and at the absolute limit however busy', async (t) => {
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const { app, config } = await buildTestIdentity(
    t,
    { REFRESH_IDLE_SECONDS: '60', REFRESH_ABSOLUTE_SECONDS: '300' },
    { now },
  );
  t.equal(config.REFRESH_IDLE_SECONDS, 60);
  const person = await registeredPerson(t, app);

  const session = await signedIn(t, app, person.username, person.password);
  t.equal(session.refreshExpiresIn, 60);
  offsetMs = 50_000;
  const r1 = await refresh(app, session.refreshToken);
  t.equal(r1.statusCode, 200, 'used within the idle time');
  offsetMs = 100_000; // 100 s after sign-in, 50 s after the last use
  const r2 = await refresh(app, r1.json().refreshToken);
  t.equal(r2.statusCode, 200, 'each use extends the session');
  offsetMs = 161_000; // 61 s idle
  const idle = expectProblem(t, await refresh(app, r2.json().refreshToken), 401, 'session_expired');
  t.equal(idle.title, '登录已失效，请重新登录');

  // Absolute limit: signed in at 1000 s, used every 55 s, over at 1300 s.
  offsetMs = 1_000_000;
  let token = (await signedIn(t, app, person.username, person.password)).refreshToken;
  let last = 0;
  for (const at of [1055, 1110, 1165, 1220, 1275, 1299]) {
    offsetMs = at * 1000;
    const r = await refresh(app, token);
    t.equal(r.statusCode, 200, `refresh at ${at} s`);
    token = r.json().refreshToken;
    last = r.json().refreshExpiresIn;
  }
  t.equal(last, 1, 'the idle time never reaches past the absolute limit');
  offsetMs = 1_301_000;
  expectProblem(t, await refresh(app, token), 401, 'session_expired');
});

t.test('access tokens: expired, garbled, foreign or missing', async (t) => {
  const { app, keys } = await buildTestIdentity(t);
  const person = await registeredPerson(t, app);
  const session = await signedIn(t, app, person.username, person.password);

  const expired = await keys.sign({ sub: person.id, typ: 'person' }, -60);
  t.ok((decodeJwt(expired).exp ?? Infinity) < Date.now() / 1000, 'a real token, expired');
  const e = expectProblem(t, await getMe(app, expired), 401, 'token_expired');
  t.equal(e.title, '登录已过期，请重新登录');

  const garbled = expectProblem(t, await getMe(app, 'not.a.jwt'), 401, 'token_invalid');
  t.equal(garbled.title, '登录凭证无效，请重新登录');
  const [h, p, s] = session.accessToken.split('.');
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-7000-8000-000000000000' })).toString('base64url')}.${s}`;
  expectProblem(t, await getMe(app, forged), 401, 'token_invalid');
  const stranger = await SigningKeys.fromJwks(await SigningKeys.generateJwks('test-key'));
  expectProblem(
    t,
    await getMe(app, await stranger.sign({ sub: person.id, typ: 'person' }, 600)),
    401,
    'token_invalid',
  );
  expectProblem(
    t,
    await getMe(app, await keys.sign({ sub: person.id, typ: 'wizard' as 'person' }, 600)),
    401,
    'token_invalid',
  );

  expectProblem(t, await app.inject({ method: 'GET', url: '/me' }), 401, 'unauthenticated');
  expectProblem(
    t,
    await app.inject({
      method: 'GET',
      url: '/me',
      headers: { authorization: `Basic ${session.accessToken}` },
    }),
    401,
    'unauthenticated',
  );
  t.equal((await getMe(app, session.accessToken)).statusCode, 200, 'the genuine token still works');
});

t.test('staff and operator tokens cannot use the citizen’s /me', async (t) => {
  const { app } = await buildTestIdentity(t);
  const operator = await signedIn(t, app, OPERATOR.username, OPERATOR.password, '/staff/sessions');
  t.equal(operator.account.kind, 'operator');
  const created = await app.inject({
    method: 'POST',
    url: '/stations/yuzhong/staff',
    headers: bearer(operator.accessToken),
    payload: { username: 'clerk_yz', password: 'Clerk#2026yz', name: '赵六', roles: ['clerk'] },
  });
  t.equal(created.statusCode, 201, created.body);
  const clerk = await signedIn(t, app, 'clerk_yz', 'Clerk#2026yz', '/staff/sessions');
  t.equal(decodeJwt(clerk.accessToken).typ, 'staff');

  for (const [who, token] of [
    ['staff', clerk.accessToken],
    ['operator', operator.accessToken],
  ] as const) {
    expectProblem(t, await getMe(app, token), 403, 'forbidden');
    expectProblem(
      t,
      await app.inject({
        method: 'PATCH',
        url: '/me',
        headers: bearer(token),
        payload: { email: 'a@b.cn' },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      t,
      await app.inject({
        method: 'PUT',
        url: '/me/password',
        headers: bearer(token),
        payload: { currentPassword: 'Clerk#2026yz', newPassword: 'Clerk#2027yz' },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      t,
      await app.inject({ method: 'GET', url: '/me/security-questions', headers: bearer(token) }),
      403,
      'forbidden',
    );
    t.pass(`${who} refused everywhere under /me`);
  }
  // The clerk's password was not changed by the refused request.
  await signedIn(t, app, 'clerk_yz', 'Clerk#2026yz', '/staff/sessions');
});

t.test('rate limit: the 4th sign-in attempt from one IP within a minute gets 429', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t, { AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  const sql = ownerSql(t, databaseUrl);
  const person = await registeredPerson(t, app);
  for (let i = 0; i < 3; i++)
    expectProblem(t, await login(app, person.username, `Bad#pass${i}`), 401, 'invalid_credentials');

  const limited = await login(app, person.username, person.password);
  const problem = expectProblem(t, limited, 429, 'too_many_requests');
  t.equal(problem.title, '操作过于频繁，请稍后再试');
  t.ok(Number(limited.headers['retry-after']) > 0, 'says when to retry');
  t.notOk('accessToken' in problem, 'no tokens, even with the right password');
  const [row] = await sql`select failed_logins from accounts where id = ${person.id}`;
  t.equal(row?.failed_logins, 3, 'the refused attempt never reached the password check');
  t.equal((await auditRows(sql, 'login.succeeded')).length, 0);

  // Counted per client IP: another address may still sign in.
  const elsewhere = await app.inject({
    method: 'POST',
    url: '/sessions',
    remoteAddress: '203.0.113.7',
    payload: { username: person.username, password: person.password },
  });
  t.equal(elsewhere.statusCode, 200, elsewhere.body);
  const [entry] = await auditRows(sql, 'login.succeeded');
  t.equal(entry?.ip, '203.0.113.7', 'the client address is audited');
});

t.test('parallel wrong passwords cannot outrun the lock', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await registeredPerson(t, app);

  const responses = await Promise.all(
    Array.from({ length: 10 }, (_, i) => login(app, person.username, `Bad#pass${i}`)),
  );
  t.same(
    responses.map((r) => r.statusCode).sort(),
    [401, 401, 401, 401, 423, 423, 423, 423, 423, 423],
    'four failures judged, the fifth locks, the rest are refused',
  );
  t.equal((await auditRows(sql, 'login.locked')).length, 1, 'locked once');
  expectProblem(t, await login(app, person.username, person.password), 423, 'account_locked');
});
