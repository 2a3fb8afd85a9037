/** @hall/web without a browser: problem → form errors, return paths, the identity client, sessions. */
import { generateKeyPair, SignJWT, exportJWK, createLocalJWKSet } from 'jose';
import t from 'tap';
import { formErrorsOf, ProblemError, safeReturnPath } from '../src/index';
import {
  ConfigError,
  IdentityClient,
  loadConfig,
  SessionCookies,
  StationCache,
  type SessionEvent,
} from '../src/server/index';
import type { Station, TokenPair } from '../src/types';

t.test('problem → form errors: the first message per field, others in the summary', async (t) => {
  const problem = {
    status: 400,
    code: 'validation_failed',
    title: '提交的信息有误，请检查后重试',
    errors: [
      { field: 'idNumber', code: 'id_card.checksum', message: '身份证号码校验位不正确' },
      { field: 'idNumber', code: 'schema.maxLength', message: '长度不能超过30个字符' },
      { field: 'nickname', code: 'schema.additionalProperties', message: '包含不允许的字段' },
    ],
  };
  t.same(formErrorsOf(problem, ['idNumber']), {
    message: '提交的信息有误，请检查后重试',
    fields: { idNumber: '身份证号码校验位不正确' },
    unplaced: ['包含不允许的字段'],
  });
});

t.test('return paths stay on this site', async (t) => {
  t.equal(safeReturnPath('/cq/space/profile?show=mobile', '/cq'), '/cq/space/profile?show=mobile');
  for (const bad of [
    '//evil.example/x',
    'https://evil.example',
    '/\\evil.example',
    'cq',
    null,
    42,
  ]) {
    t.equal(safeReturnPath(bad, '/cq'), '/cq', `refuses ${String(bad)}`);
  }
});

t.test(
  'the identity client passes problems on and turns the rest into 503 unavailable',
  async (t) => {
    const answer = (status: number, body: unknown, type = 'application/problem+json') =>
      (async () =>
        new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': type },
        })) as typeof fetch;
    const locked = {
      type: 'urn:hall:problem:account_locked',
      status: 423,
      code: 'account_locked',
      title: '账号已锁定',
    };
    const err = await new IdentityClient('http://identity', { fetch: answer(423, locked) })
      .signIn({ username: 'a', password: 'b' })
      .catch((e: unknown) => e);
    t.ok(err instanceof ProblemError);
    t.same((err as ProblemError).problem, locked);

    for (const fetch of [
      answer(500, { status: 500, code: 'internal', title: 'stack trace here' }),
      answer(502, '<html>bad gateway</html>', 'text/html'),
      (async () => {
        throw new TypeError('fetch failed');
      }) as typeof globalThis.fetch,
    ]) {
      const e = await new IdentityClient('http://identity/', { fetch })
        .stations()
        .catch((x: unknown) => x);
      t.equal((e as ProblemError).status, 503);
      t.equal((e as ProblemError).problem.title, '服务暂时不可用，请稍后再试');
    }

    const seen: Array<{ url: string; headers: Headers }> = [];
    const recording = (async (url: string, init: RequestInit) => {
      seen.push({ url, headers: new Headers(init.headers) });
      return new Response(null, { status: 204 });
    }) as unknown as typeof fetch;
    await new IdentityClient('http://identity/', { fetch: recording }).changePassword(
      { currentPassword: 'x', newPassword: 'y' },
      { token: 'tok', ip: '203.0.113.9' },
    );
    t.equal(seen[0]?.url, 'http://identity/me/password');
    t.equal(seen[0]?.headers.get('authorization'), 'Bearer tok');
    t.equal(seen[0]?.headers.get('x-forwarded-for'), '203.0.113.9');

    // The staff side: path segments encoded, empty filters left out of the query.
    const client = new IdentityClient('http://identity', { fetch: recording });
    await client.allAudit({ event: 'logout', outcome: undefined, from: '', limit: 20 }, {});
    await client.updateStaff('yu zhong', 'a/b', { name: '张三' }, {});
    t.equal(seen[1]?.url, 'http://identity/audit?event=logout&limit=20');
    t.equal(seen[2]?.url, 'http://identity/stations/yu%20zhong/staff/a%2Fb');
  },
);

t.test('configuration: IDENTITY_URL is required, an http(s) URL without query', async (t) => {
  t.same(loadConfig({ IDENTITY_URL: ' http://127.0.0.1:4001/ ' }, 'portal'), {
    identityUrl: 'http://127.0.0.1:4001',
  });
  t.throws(() => loadConfig({}, 'console'), /IDENTITY_URL is not set: give the console/);
  for (const bad of ['not a url', 'ftp://h:1', 'http://h:1/?x=1']) {
    t.throws(() => loadConfig({ IDENTITY_URL: bad }, 'portal'), ConfigError);
  }
});

t.test('the station list: cached, shared, stale while identity is away, forgettable', async (t) => {
  const cq = { key: 'cq', name: '重庆市' } as Station;
  let calls = 0;
  let down = false;
  const cache = new StationCache(
    async () => {
      calls += 1;
      if (down) throw new Error('unreachable');
      return [cq];
    },
    { ttlMs: 1000, staleMs: 60_000 },
  );
  const now = Date.now();
  await Promise.all([cache.list(now), cache.list(now)]);
  t.equal(calls, 1, 'one fetch for parallel requests');
  await cache.list(now + 500);
  t.equal(calls, 1, 'cached within the TTL');
  down = true;
  t.same(await cache.list(now + 2000), [cq], 'the last good list while identity is away');
  t.equal(calls, 2);
  cache.forget();
  await t.rejects(cache.list(now + 2000), /unreachable/, 'forgotten: nothing to fall back on');
});

t.test('sessions: refreshed once for parallel requests, cleared when refused', async (t) => {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const sign = (seconds: number) =>
    new SignJWT({ typ: 'person' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject('0190f5d2-0000-7000-8000-000000000001')
      .setIssuer('hall-identity')
      .setAudience('hall')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(privateKey);

  let refreshes = 0;
  const identity = {
    refresh: async (token: string): Promise<TokenPair> => {
      refreshes += 1;
      if (token !== 'rt-1')
        throw new ProblemError({ status: 401, code: 'session_expired', title: '登录已失效' });
      await new Promise((r) => setTimeout(r, 20));
      return {
        accessToken: await sign(900),
        refreshToken: 'rt-2',
        expiresIn: 900,
        refreshExpiresIn: 1800,
      };
    },
    logout: async () => undefined,
  } as unknown as IdentityClient;
  const sessions = new SessionCookies({ identity, keys, prefix: 'hall' });
  let sameSite = 'lax';

  function event(jar: Record<string, string>): SessionEvent & { jar: Record<string, string> } {
    return {
      jar,
      url: new URL('https://hall.example/cq'),
      getClientAddress: () => '203.0.113.9',
      cookies: {
        get: (name: string) => jar[name],
        getAll: () => Object.entries(jar).map(([name, value]) => ({ name, value })),
        set: (
          name: string,
          value: string,
          options: { secure?: boolean; httpOnly?: boolean; sameSite?: string },
        ) => {
          t.equal(options.secure, true, 'Secure on https');
          t.equal(options.sameSite, sameSite);
          t.equal(options.httpOnly, true);
          jar[name] = value;
        },
        delete: (name: string, options: { sameSite?: string }) => {
          t.equal(options.sameSite, sameSite);
          delete jar[name];
        },
        serialize: () => '',
      },
    } as unknown as SessionEvent & { jar: Record<string, string> };
  }

  const expired = await sign(10); // within the refresh leeway
  const events = [1, 2, 3].map(() =>
    event({ hall_at: expired, hall_rt: 'rt-1', hall_who: '张三' }),
  );
  const results = await Promise.all(events.map((e) => sessions.resolve(e)));
  t.equal(refreshes, 1, 'one refresh for three parallel requests');
  for (const [i, r] of results.entries()) {
    t.equal(r?.actor.kind, 'person');
    t.equal(r?.name, '张三');
    t.equal(events[i]!.jar.hall_rt, 'rt-2', 'each response carries the new refresh token');
  }

  const refused = event({ hall_rt: 'rt-old', hall_at: 'garbage' });
  t.equal(await sessions.resolve(refused), null);
  t.same(refused.jar, {}, 'cookies cleared');

  const fresh = event({ hall_at: await sign(900) });
  t.equal(
    (await sessions.resolve(fresh))?.actor.id,
    '0190f5d2-0000-7000-8000-000000000001',
    'a good token needs no call',
  );

  // The console's cookies: SameSite=Strict, written and deleted alike.
  sameSite = 'strict';
  const strict = new SessionCookies({ identity, keys, prefix: 'hall_console', sameSite: 'strict' });
  const staff = event({ hall_console_at: expired, hall_console_rt: 'rt-1' });
  t.ok(await strict.resolve(staff));
  t.equal(staff.jar.hall_console_rt, 'rt-2');
  await strict.end(staff);
  t.same(staff.jar, {});
});
