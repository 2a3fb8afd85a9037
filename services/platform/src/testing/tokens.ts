import { generateKeyPair, SignJWT, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import type { StaffRole } from '../auth/actor';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../auth/actor';

/** A local Ed25519 key standing in for identity's: signs access tokens a service under test accepts. */
export interface TestTokenSigner {
  /** What `buildApp({ keys })` verifies with, in place of identity's JWKS. */
  keys: JWTVerifyGetKey;
  /**
   * An access token (without `Bearer `) carrying `claims` (`sub`, `typ`, `stn`, `roles`, …), valid
   * for `ttlSeconds` from now; a negative value makes one that has already expired.
   */
  sign(claims: Record<string, unknown>, ttlSeconds?: number): Promise<string>;
}

export async function testTokenSigner(): Promise<TestTokenSigner> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return {
    keys: async () => publicKey as CryptoKey,
    sign: (claims, ttlSeconds = 3600) => {
      const now = Math.floor(Date.now() / 1000);
      return (
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'EdDSA', kid: 'test' })
          .setIssuer(TOKEN_ISSUER)
          .setAudience(TOKEN_AUDIENCE)
          // Issued a little earlier, so an expired token is still issued before it expires.
          .setIssuedAt(now - 120)
          .setExpirationTime(now + ttlSeconds)
          .sign(privateKey as CryptoKey)
      );
    },
  };
}

export type TestAuth = { authorization: string };

/** A signed-in person or unit: the account id and the header to send. */
export interface TestCitizen {
  kind: 'person' | 'unit';
  id: string;
  auth: TestAuth;
}

export interface TestStaff {
  id: string;
  auth: TestAuth;
}

/** Access tokens of the callers a service's tests need, signed by one test key. */
export interface TestTokens {
  person(id?: string): Promise<TestCitizen>;
  unit(id?: string): Promise<TestCitizen>;
  staff(
    station: string,
    roles: StaffRole[],
    options?: { id?: string; department?: string },
  ): Promise<TestStaff>;
  operator(): Promise<TestAuth>;
}

/** A test key and the tokens signed with it; `keys` goes to `buildApp({ keys })`. */
export async function testTokens(): Promise<{ tokens: TestTokens; keys: JWTVerifyGetKey }> {
  const { keys, sign } = await testTokenSigner();
  const bearer = async (claims: Record<string, unknown>): Promise<TestAuth> => ({
    authorization: `Bearer ${await sign(claims)}`,
  });
  const citizen = async (kind: 'person' | 'unit', id = uuidv7()): Promise<TestCitizen> => ({
    kind,
    id,
    auth: await bearer({ sub: id, typ: kind }),
  });
  return {
    keys,
    tokens: {
      person: (id) => citizen('person', id),
      unit: (id) => citizen('unit', id),
      staff: async (station, roles, options = {}) => {
        const id = options.id ?? uuidv7();
        const claims = {
          sub: id,
          typ: 'staff',
          stn: station,
          roles,
          ...(options.department ? { dept: options.department } : {}),
        };
        return { id, auth: await bearer(claims) };
      },
      operator: () => bearer({ sub: uuidv7(), typ: 'operator' }),
    },
  };
}

/** A settable clock for `buildApp({ now })`: real time until a test sets it. */
export class TestClock {
  private fixed: Date | null = null;
  now = (): Date => this.fixed ?? new Date();
  set(at: Date | string): void {
    this.fixed = new Date(at);
  }
  advance(ms: number): void {
    this.fixed = new Date(this.now().getTime() + ms);
  }
}
