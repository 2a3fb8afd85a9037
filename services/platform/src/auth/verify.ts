import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { HallError } from '../errors';
import {
  actorFromClaims,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type AccessClaims,
  type Actor,
} from './actor';

/**
 * Keys from identity's JWKS endpoint, cached; an unknown `kid` (after a key rotation) triggers
 * one refetch, rate-limited by the cooldown. Tokens are verified locally: identity is never
 * called per request.
 */
export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
}

/**
 * Verifies access tokens, and remembers those that verified until they expire (at most
 * `maxAgeMs`), by their exact text: a signed-in person's next requests skip the signature check —
 * an Ed25519 verify and WebCrypto's hop to the thread pool, more than anything else a request
 * costs before its own work. A refused token is checked again every time; a remembered one that
 * expires is checked again and refused as expired. Five minutes at most: a signing key withdrawn
 * from identity's set is trusted no longer than the key set itself is cached (ten minutes).
 */
export class AccessTokenVerifier {
  private readonly verified = new Map<string, { actor: Actor; until: number }>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly keys: JWTVerifyGetKey,
    options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The token's actor (frozen: every request with the token shares it), or a 401/503 HallError. */
  async verify(token: string): Promise<Actor> {
    const known = this.verified.get(token);
    if (known && this.now() < known.until) return known.actor;
    if (known) this.verified.delete(token);
    const { actor, expiresAt } = await checkAccessToken(token, this.keys);
    // Oldest first out: entries leave within minutes anyway.
    if (this.verified.size >= this.maxEntries)
      this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, {
      actor,
      until: Math.min(expiresAt, this.now() + this.maxAgeMs),
    });
    return actor;
  }
}

/**
 * Verifies one access token, every time it is asked: the front ends' sessions, which keep no
 * memory of tokens between requests, use it; the services use `AccessTokenVerifier`.
 */
export async function verifyAccessToken(token: string, keys: JWTVerifyGetKey): Promise<Actor> {
  return (await checkAccessToken(token, keys)).actor;
}

async function checkAccessToken(
  token: string,
  keys: JWTVerifyGetKey,
): Promise<{ actor: Actor; expiresAt: number }> {
  try {
    const { payload } = await jwtVerify<AccessClaims>(token, keys, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ['EdDSA', 'ES256'],
      requiredClaims: ['exp'],
    });
    const actor = actorFromClaims(payload);
    if (!actor) throw new HallError(401, 'token_invalid', '登录凭证无效，请重新登录');
    if (actor.kind === 'staff') Object.freeze(actor.roles);
    return { actor: Object.freeze(actor), expiresAt: payload.exp! * 1000 };
  } catch (err) {
    if (err instanceof HallError) throw err;
    if (err instanceof errors.JWTExpired)
      throw new HallError(401, 'token_expired', '登录已过期，请重新登录');
    // identity unreachable is not the caller's fault: a 401 would sign out a valid session.
    if (keysUnavailable(err))
      throw new HallError(503, 'unavailable', '服务暂时不可用，请稍后再试', { cause: err });
    throw new HallError(401, 'token_invalid', '登录凭证无效，请重新登录');
  }
}

/** The key set could not be fetched: identity down, too slow, or answering something else. */
function keysUnavailable(err: unknown): boolean {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return true;
  // jose raises the generic JOSEError only for a non-200 or non-JSON key-set response.
  if (err instanceof errors.JOSEError) return err.code === 'ERR_JOSE_GENERIC';
  return err instanceof TypeError && err.message === 'fetch failed';
}
