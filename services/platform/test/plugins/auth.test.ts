import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import t from 'tap';
import type { HallApp } from '../../src/app';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessClaims } from '../../src/auth/actor';
import { remoteKeys } from '../../src/auth/verify';
import { authPlugin } from '../../src/plugins/auth';
import { testApp, type Teardown } from '../helpers';

interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string, alg: 'EdDSA' | 'ES256' = 'EdDSA'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

interface TokenOptions {
  issuer?: string;
  audience?: string;
  expiresAt?: number | string;
  kid?: string;
}

function sign(
  claims: Partial<AccessClaims> & Record<string, unknown>,
  key: SigningKey,
  options: TokenOptions = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'at+jwt' })
    .setIssuer(options.issuer ?? TOKEN_ISSUER)
    .setAudience(options.audience ?? TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? '15m')
    .sign(key.privateKey);
}

/** identity's JWKS endpoint, on a real socket, counting how often it is fetched. */
interface JwksServer {
  url: string;
  hits: number;
  publish(keys: SigningKey[]): void;
  /** Answer every fetch with this status (500: identity is broken), or null to serve keys. */
  failWith(status: number | null): void;
}

async function jwksServer(t: Teardown, keys: SigningKey[]): Promise<JwksServer> {
  let published = keys;
  const state = { hits: 0, failWith: null as number | null };
  const server: Server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    state.hits++;
    if (state.failWith) {
      res.writeHead(state.failWith).end('identity is having a bad day');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get hits() {
      return state.hits;
    },
    publish(next) {
      published = next;
    },
    failWith(status) {
      state.failWith = status;
    },
  };
}

async function authApp(t: Teardown, jwksUrl: string): Promise<HallApp> {
  const app = await testApp(t);
  await app.register(authPlugin, { keys: remoteKeys(jwksUrl) });
  app.get('/me', async (request) => ({ actor: request.actor }));
  app.get('/signed-in', { preHandler: app.guard.signedIn }, async () => ({ ok: true }));
  app.get('/citizen', { preHandler: app.guard.citizen }, async () => ({ ok: true }));
  app.get('/staff', { preHandler: app.guard.staff() }, async () => ({ ok: true }));
  app.get(
    '/stations/:station/worklist',
    { preHandler: app.guard.staff(['clerk', 'approver'], { stationParam: 'station' }) },
    async () => ({ ok: true }),
  );
  app.get('/operator', { preHandler: app.guard.operator }, async () => ({ ok: true }));
  app.get(
    '/stations/:station/reports',
    { preHandler: app.guard.staffOrOperator(['station_admin'], { stationParam: 'station' }) },
    async () => ({ ok: true }),
  );
  await app.ready();
  return app;
}

function get(app: HallApp, url: string, token?: string) {
  return app.inject({
    method: 'GET',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

t.test('a valid token becomes request.actor', async (t) => {
  const key = await signingKey('k1');
  const jwks = await jwksServer(t, [key]);
  const app = await authApp(t, jwks.url);

  const anonymous = await get(app, '/me');
  t.equal(anonymous.statusCode, 200);
  t.same(anonymous.json(), { actor: null }, 'no token: anonymous');
  t.equal(jwks.hits, 0, 'an anonymous request does not fetch keys');

  const person = await get(app, '/me', await sign({ sub: 'p-1', typ: 'person' }, key));
  t.same(person.json(), { actor: { kind: 'person', id: 'p-1' } });

  const unit = await get(app, '/me', await sign({ sub: 'u-1', typ: 'unit' }, key));
  t.same(unit.json(), { actor: { kind: 'unit', id: 'u-1' } });

  const operator = await get(app, '/me', await sign({ sub: 'o-1', typ: 'operator' }, key));
  t.same(operator.json(), { actor: { kind: 'operator', id: 'o-1' } });

  const staffToken = await sign(
    {
      sub: 's-1',
      typ: 'staff',
      stn: 'yuzhong',
      roles: ['clerk', 'superuser' as never, 'approver'],
      dept: 'd-9',
    },
    key,
  );
  const staff = await get(app, '/me', staffToken);
  t.same(
    staff.json(),
    {
      actor: {
        kind: 'staff',
        id: 's-1',
        station: 'yuzhong',
        roles: ['clerk', 'approver'],
        department: 'd-9',
      },
    },
    'a staff actor keeps only the roles it knows',
  );

  const lowercase = await app.inject({
    method: 'GET',
    url: '/me',
    headers: { authorization: `bearer ${staffToken}` },
  });
  t.equal(lowercase.json().actor.kind, 'staff', 'the scheme is case-insensitive');
  const basic = await app.inject({
    method: 'GET',
    url: '/me',
    headers: { authorization: 'Basic dXNlcjpwYXNz' },
  });
  t.same(basic.json(), { actor: null }, 'another scheme is not a token');
});

t.test('an ES256 key in the set verifies too', async (t) => {
  const key = await signingKey('ec1', 'ES256');
  const jwks = await jwksServer(t, [key]);
  const app = await authApp(t, jwks.url);
  const res = await get(app, '/me', await sign({ sub: 'p-2', typ: 'person' }, key));
  t.same(res.json(), { actor: { kind: 'person', id: 'p-2' } });
});

t.test('bad tokens are refused with 401', async (t) => {
  const key = await signingKey('k1');
  const stranger = await signingKey('k1');
  const jwks = await jwksServer(t, [key]);
  const app = await authApp(t, jwks.url);
  const claims = { sub: 'p-1', typ: 'person' as const };

  async function refused(token: string, code: string, what: string) {
    const anonymous = await get(app, '/me', token);
    t.same(anonymous.json(), { actor: null }, `${what}: a public route serves it as anonymous`);
    const res = await get(app, '/signed-in', token);
    t.equal(res.statusCode, 401, `${what}: 401`);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(
      res.json(),
      { code, status: 401, type: `urn:hall:problem:${code}`, title: /[\u4e00-\u9fff]/ },
      `${what}: ${code}`,
    );
  }

  await refused(
    await sign(claims, key, { expiresAt: Math.floor(Date.now() / 1000) - 60 }),
    'token_expired',
    'expired',
  );
  await refused(
    await sign(claims, key, { issuer: 'someone-else' }),
    'token_invalid',
    'wrong issuer',
  );
  await refused(
    await sign(claims, key, { audience: 'another-app' }),
    'token_invalid',
    'wrong audience',
  );
  await refused(
    await sign(claims, stranger),
    'token_invalid',
    'signed by another key under the same kid',
  );

  const valid = await sign(claims, key);
  const [header, , signature] = valid.split('.');
  const forgedPayload = Buffer.from(
    JSON.stringify({
      sub: 'o-1',
      typ: 'operator',
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      exp: 9_999_999_999,
    }),
  ).toString('base64url');
  await refused(`${header}.${forgedPayload}.${signature}`, 'token_invalid', 'tampered payload');
  await refused('not-a-jwt', 'token_invalid', 'garbage');

  const hs256 = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setExpirationTime('15m')
    .sign(new TextEncoder().encode('a shared secret that is long enough'));
  await refused(hs256, 'token_invalid', 'a symmetric algorithm');
  await refused(
    await sign({ sub: 's-1', typ: 'staff' }, key),
    'token_invalid',
    'staff without a station',
  );
  await refused(
    await sign({ sub: 'x-1', typ: 'robot' as never }, key),
    'token_invalid',
    'an unknown account type',
  );

  t.equal((await get(app, '/me', valid)).statusCode, 200, 'while a good token still passes');
});

t.test('keys are fetched once, cached, and refetched for a rotated-in kid', async (t) => {
  // jose's JWKS cache reads Date.now(); move it forward instead of waiting out the cooldown.
  const realNow = Date.now;
  let skewMs = 0;
  Date.now = () => realNow() + skewMs;
  t.teardown(() => {
    Date.now = realNow;
  });

  const k1 = await signingKey('k1');
  const k2 = await signingKey('k2');
  const jwks = await jwksServer(t, [k1]);
  const app = await authApp(t, jwks.url);
  const person = { sub: 'p-1', typ: 'person' as const };

  const first = await Promise.all(
    Array.from({ length: 10 }, async () => get(app, '/signed-in', await sign(person, k1))),
  );
  t.same(
    first.map((r) => r.statusCode),
    Array(10).fill(200),
  );
  t.equal(jwks.hits, 1, 'ten concurrent first requests share one fetch');

  for (let i = 0; i < 40; i++)
    t.equal((await get(app, '/signed-in', await sign(person, k1))).statusCode, 200);
  t.equal(jwks.hits, 1, 'later requests use the cached keys');

  // identity rotates: the new key is published first and then signs.
  jwks.publish([k2, k1]);
  const k2Token = await sign(person, k2);
  const tooSoon = await get(app, '/signed-in', k2Token);
  t.equal(
    tooSoon.statusCode,
    401,
    'within the 30 s cooldown after a fetch an unknown kid is not refetched',
  );
  t.equal(tooSoon.json().code, 'token_invalid');
  t.equal(jwks.hits, 1, 'and costs identity nothing');

  skewMs += 31_000;
  const rotated = await get(app, '/me', k2Token);
  t.equal(rotated.statusCode, 200, 'after the cooldown a token with the new kid is accepted');
  t.same(rotated.json(), { actor: { kind: 'person', id: 'p-1' } });
  t.equal(jwks.hits, 2, 'by refetching the key set once');

  const mixed = await Promise.all(
    Array.from({ length: 30 }, async (_, i) =>
      get(app, '/signed-in', await sign(person, i % 2 ? k1 : k2)),
    ),
  );
  t.ok(
    mixed.every((r) => r.statusCode === 200),
    'old and new keys both verify',
  );
  t.equal(jwks.hits, 2, 'without further fetches');

  // A flood of tokens with kids nobody published: at most one refetch per cooldown.
  skewMs += 31_000;
  const rogue = await signingKey('rogue');
  const flood = await Promise.all(
    Array.from({ length: 25 }, async () =>
      get(app, '/signed-in', await sign(person, rogue, { kid: `rogue-${randomUUID()}` })),
    ),
  );
  t.ok(
    flood.every((r) => r.statusCode === 401 && r.json().code === 'token_invalid'),
    'unknown kids are refused',
  );
  t.equal(jwks.hits, 3, 'the whole flood cost one refetch: at most one per cooldown');

  // After the cache's max age the set is refreshed even for known kids: k1 is retired.
  jwks.publish([k2]);
  skewMs += 11 * 60_000;
  const hitsBefore = jwks.hits;
  t.equal((await get(app, '/signed-in', await sign(person, k2))).statusCode, 200);
  t.equal(jwks.hits, hitsBefore + 1, 'a stale key set is refetched');
  t.equal(
    (await get(app, '/signed-in', await sign(person, k1))).statusCode,
    401,
    'a retired key no longer verifies',
  );
});

t.test(
  'identity unreachable is 503 unavailable, not a 401 that would sign the user out',
  async (t) => {
    const key = await signingKey('k1');
    const jwks = await jwksServer(t, [key]);
    const app = await authApp(t, jwks.url);
    const token = await sign({ sub: 'p-1', typ: 'person' }, key);

    jwks.failWith(500);
    const broken = await get(app, '/signed-in', token);
    t.equal(broken.statusCode, 503, 'identity answering 500');
    t.match(broken.headers['content-type'], /^application\/problem\+json/);
    t.match(broken.json(), { code: 'unavailable', status: 503 });
    t.notMatch(broken.body, 'bad day', 'nothing of the cause in the body');

    jwks.failWith(null);
    t.equal(
      (await get(app, '/signed-in', token)).statusCode,
      200,
      'once identity answers, the same token passes',
    );

    // Port 1 on loopback: nothing listens, the connection is refused.
    const nowhere = await authApp(t, 'http://127.0.0.1:1/.well-known/jwks.json');
    const refused = await get(nowhere, '/signed-in', token);
    t.equal(refused.statusCode, 503, 'nothing listening');
    t.equal(refused.json().code, 'unavailable');
  },
);

t.test('guards', async (t) => {
  const key = await signingKey('k1');
  const jwks = await jwksServer(t, [key]);
  const app = await authApp(t, jwks.url);
  const tokens = {
    person: await sign({ sub: 'p-1', typ: 'person' }, key),
    unit: await sign({ sub: 'u-1', typ: 'unit' }, key),
    operator: await sign({ sub: 'o-1', typ: 'operator' }, key),
    yuzhongClerk: await sign({ sub: 's-1', typ: 'staff', stn: 'yuzhong', roles: ['clerk'] }, key),
    yuzhongEditor: await sign({ sub: 's-2', typ: 'staff', stn: 'yuzhong', roles: ['editor'] }, key),
    yuzhongAdmin: await sign(
      { sub: 's-3', typ: 'staff', stn: 'yuzhong', roles: ['station_admin'] },
      key,
    ),
    yuzhongNoRoles: await sign({ sub: 's-4', typ: 'staff', stn: 'yuzhong' }, key),
    jiangbeiClerk: await sign(
      { sub: 's-5', typ: 'staff', stn: 'jiangbei', roles: ['clerk', 'approver'] },
      key,
    ),
  };
  type Who = keyof typeof tokens | 'anonymous';

  async function expect(url: string, outcomes: Partial<Record<Who, number>>) {
    for (const [who, status] of Object.entries(outcomes) as Array<[Who, number]>) {
      const res = await get(app, url, who === 'anonymous' ? undefined : tokens[who]);
      t.equal(res.statusCode, status, `${url} as ${who}: ${status}`);
      if (status !== 200) {
        const code = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[status];
        t.equal(res.json().code, code, `${url} as ${who}: ${code}`);
      }
    }
  }

  await expect('/signed-in', {
    anonymous: 401,
    person: 200,
    unit: 200,
    operator: 200,
    yuzhongClerk: 200,
  });
  await expect('/citizen', {
    anonymous: 401,
    person: 200,
    unit: 200,
    operator: 403,
    yuzhongClerk: 403,
  });
  await expect('/staff', {
    anonymous: 401,
    person: 403,
    operator: 403,
    yuzhongNoRoles: 200,
    jiangbeiClerk: 200,
  });
  await expect('/stations/yuzhong/worklist', {
    anonymous: 401,
    person: 403,
    unit: 403,
    operator: 403,
    yuzhongClerk: 200,
    yuzhongEditor: 403,
    yuzhongNoRoles: 403,
    jiangbeiClerk: 404,
  });
  await expect('/stations/jiangbei/worklist', {
    jiangbeiClerk: 200,
    yuzhongClerk: 404,
    yuzhongEditor: 404,
  });
  await expect('/operator', { anonymous: 401, person: 403, yuzhongAdmin: 403, operator: 200 });
  await expect('/stations/yuzhong/reports', {
    anonymous: 401,
    person: 403,
    operator: 200,
    yuzhongAdmin: 200,
    yuzhongClerk: 403,
    jiangbeiClerk: 404,
  });
  await expect('/stations/jiangbei/reports', { operator: 200, yuzhongAdmin: 404 });
});
