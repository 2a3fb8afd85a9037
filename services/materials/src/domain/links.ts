import { createHmac, timingSafeEqual } from 'node:crypto';

export interface DownloadLink {
  /** Relative: the portal and the console proxy it. */
  url: string;
  expiresAt: string;
}

function signature(secret: Buffer, id: string, expires: number): Buffer {
  return createHmac('sha256', secret).update(`${id}.${expires}`).digest();
}

/** A link to the content of file `id`, valid for `ttlSeconds` from `now`, needing no token. */
export function createLink(
  secret: Buffer,
  id: string,
  now: Date,
  ttlSeconds: number,
): DownloadLink {
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const sig = signature(secret, id, expires).toString('base64url');
  return {
    url: `/files/${id}/content?expires=${expires}&signature=${sig}`,
    expiresAt: new Date(expires * 1000).toISOString(),
  };
}

/** Whether `expires` and `signature` are a link to file `id` that is still valid at `now`. */
export function verifyLink(
  secret: Buffer,
  id: string,
  expires: string | undefined,
  sig: string | undefined,
  now: Date,
): boolean {
  if (!expires || !sig || !/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(sig))
    return false;
  const at = Number(expires);
  if (at * 1000 <= now.getTime()) return false;
  return timingSafeEqual(signature(secret, id, at), Buffer.from(sig, 'base64url'));
}
