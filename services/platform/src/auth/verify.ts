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

export async function verifyAccessToken(token: string, keys: JWTVerifyGetKey): Promise<Actor> {
  try {
    const { payload } = await jwtVerify<AccessClaims>(token, keys, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ['EdDSA', 'ES256'],
    });
    const actor = actorFromClaims(payload);
    if (!actor) throw new HallError(401, 'token_invalid', '登录凭证无效，请重新登录');
    return actor;
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
