import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import t from 'tap';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/auth/actor';
import { AccessTokenVerifier } from '../../src/auth/verify';
import { HallError } from '../../src/errors';

const { privateKey, publicKey } = await generateKeyPair('EdDSA');
const localKeys = createLocalJWKSet({
  keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' }],
});

/** The key set, counting how often a signature is checked against it. */
function countingKeys(): { keys: JWTVerifyGetKey; checks: number } {
  const counter = {
    checks: 0,
    keys: ((header, token) => {
      counter.checks++;
      return localKeys(header, token);
    }) as JWTVerifyGetKey,
  };
  return counter;
}

function token(
  claims: Record<string, unknown>,
  expiresAt: number | string = '15m',
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(privateKey);
}

const person = { sub: '0190a000-0000-7000-8000-000000000001', typ: 'person' };
const staff = {
  sub: '0190a000-0000-7000-8000-000000000002',
  typ: 'staff',
  stn: 'yuzhong',
  roles: ['clerk'],
};

t.test('a verified token is remembered: its next requests skip the signature check', async (t) => {
  const counter = countingKeys();
  const verifier = new AccessTokenVerifier(counter.keys);
  const personToken = await token(person);
  const first = await verifier.verify(personToken);
  t.same(first, { kind: 'person', id: person.sub });
  t.equal(counter.checks, 1);
  t.equal(await verifier.verify(personToken), first, 'the same actor');
  t.equal(counter.checks, 1, 'not checked again');

  await verifier.verify(await token(staff));
  t.equal(counter.checks, 2, 'another token is checked');
});

t.test('the remembered actor is frozen: no request can change it for the next', async (t) => {
  const verifier = new AccessTokenVerifier(countingKeys().keys);
  const actor = await verifier.verify(await token(staff));
  t.ok(Object.isFrozen(actor));
  t.throws(() => {
    (actor as { id: string }).id = 'someone else';
  });
  t.throws(() => {
    (actor as { roles: string[] }).roles.push('station_admin');
  });
});

t.test('a refused token is checked every time and never remembered', async (t) => {
  const counter = countingKeys();
  const verifier = new AccessTokenVerifier(counter.keys);
  const good = await token(person);
  const [header, payload] = good.split('.');
  const forged = `${header}.${payload}.${'A'.repeat(86)}`;
  for (let i = 0; i < 2; i++)
    await t.rejects(verifier.verify(forged), { status: 401, code: 'token_invalid' });
  t.equal(counter.checks, 2);
  await t.rejects(verifier.verify(await token({ sub: person.sub, typ: 'robot' })), {
    code: 'token_invalid',
  });
});

t.test('a remembered token that expires is refused as expired', async (t) => {
  const verifier = new AccessTokenVerifier(countingKeys().keys);
  const shortLived = await token(person, Math.floor(Date.now() / 1000) + 1);
  await verifier.verify(shortLived);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const refused = await verifier.verify(shortLived).catch((err: unknown) => err);
  t.type(refused, HallError);
  t.match(refused, { status: 401, code: 'token_expired' });
});

t.test('a token without an expiry is refused', async (t) => {
  const verifier = new AccessTokenVerifier(countingKeys().keys);
  const endless = await new SignJWT(person)
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .sign(privateKey);
  await t.rejects(verifier.verify(endless), { code: 'token_invalid' });
});

t.test('remembered for maxAgeMs at most, and for maxEntries tokens', async (t) => {
  const counter = countingKeys();
  let now = Date.now();
  const verifier = new AccessTokenVerifier(counter.keys, {
    maxAgeMs: 60_000,
    maxEntries: 2,
    now: () => now,
  });
  const a = await token(person);
  await verifier.verify(a);
  now += 59_000;
  await verifier.verify(a);
  t.equal(counter.checks, 1, 'within the age');
  now += 2_000;
  await verifier.verify(a);
  t.equal(counter.checks, 2, 'past it: checked again');

  const b = await token(staff);
  const c = await token({ ...person, sub: '0190a000-0000-7000-8000-000000000003' });
  await verifier.verify(b);
  await verifier.verify(c);
  t.equal(counter.checks, 4);
  await verifier.verify(a);
  t.equal(counter.checks, 5, 'the oldest went out when a third came in');
  await verifier.verify(c);
  t.equal(counter.checks, 5, 'a newer one stayed');
});
