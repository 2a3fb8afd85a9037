import { generateKeyPair, SignJWT, type CryptoKey, type JWTVerifyGetKey } from 'jose';
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
