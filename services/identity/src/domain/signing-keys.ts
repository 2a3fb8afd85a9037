import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  type CryptoKey,
} from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessClaims } from '@hall/platform';

const ALGORITHM = 'EdDSA';

/**
 * identity's signing keys. The first key of the set signs new tokens; every key is published in
 * the JWKS, so a key can be rotated in (put first) and the old one kept until the tokens it
 * signed have expired — nobody is signed out by a rotation.
 */
export class SigningKeys {
  private constructor(
    private readonly signingKey: CryptoKey,
    private readonly signingKid: string,
    readonly publicJwks: JSONWebKeySet,
  ) {}

  static async fromJwks(jwks: { keys: JWK[] }): Promise<SigningKeys> {
    const [first] = jwks.keys;
    if (!first?.kid || !first.d)
      throw new Error('the signing key set needs a private key with a kid first');
    const publicKeys = jwks.keys.map(({ d: _private, ...pub }) => ({
      ...pub,
      alg: ALGORITHM,
      use: 'sig',
    }));
    const key = (await importJWK(first, ALGORITHM)) as CryptoKey;
    return new SigningKeys(key, first.kid, { keys: publicKeys });
  }

  static async fromFile(path: string): Promise<SigningKeys> {
    return SigningKeys.fromJwks(JSON.parse(readFileSync(path, 'utf8')) as { keys: JWK[] });
  }

  /** A new private key set of one Ed25519 key (dev launcher, tests, key rotation). */
  static async generateJwks(kid = `k${Date.now().toString(36)}`): Promise<{ keys: JWK[] }> {
    const { privateKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
    return { keys: [{ ...(await exportJWK(privateKey)), kid, alg: ALGORITHM, use: 'sig' }] };
  }

  get verificationKeys(): JWTVerifyGetKey {
    return createLocalJWKSet(this.publicJwks);
  }

  sign(claims: AccessClaims, ttlSeconds: number): Promise<string> {
    const { sub, ...rest } = claims;
    return new SignJWT({ ...rest })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.signingKid, typ: 'at+jwt' })
      .setSubject(sub)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.signingKey);
  }
}
