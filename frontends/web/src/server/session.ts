import { createHash } from 'node:crypto';
import { verifyAccessToken, type Actor } from '@hall/platform/auth';
import type { Cookies } from '@sveltejs/kit';
import { decodeJwt, type JWTVerifyGetKey } from 'jose';
import { ProblemError } from '../problem';
import type { SignedIn, TokenPair } from '../types';
import type { IdentityClient } from './identity';

/** The part of a SvelteKit RequestEvent a session needs. */
export interface SessionEvent {
  cookies: Cookies;
  url: URL;
  getClientAddress(): string;
}

export interface Session {
  actor: Actor;
  /** For calls to services made on this request. */
  accessToken: string;
  /** Display name from sign-in (name of the person, the unit or the staff member). */
  name: string;
}

export interface SessionCookiesOptions {
  identity: IdentityClient;
  /** identity's JWKS, e.g. `remoteKeys(identity.jwksUrl)` from @hall/platform. */
  keys: JWTVerifyGetKey;
  /** Cookie name prefix, so the portal's and the console's sessions never mix (`hall`, `hall_console`). */
  prefix: string;
  /**
   * The cookies' SameSite (default `lax`). The console uses `strict`: nothing in it is reached by
   * a link from another site that needs the session, so the browser never sends the staff
   * cookies on a cross-site request of any kind, top-level navigations included.
   */
  sameSite?: 'lax' | 'strict';
  /** An access token this close to expiry is refreshed before use. */
  refreshLeewaySeconds?: number;
  now?: () => number;
}

/** How long a refresh result is reused for the same spent refresh token (parallel requests). */
const REUSE_MS = 10_000;

/**
 * The session of a browser, kept in httpOnly, SameSite cookies (Secure on HTTPS) and never
 * given to the browser's scripts: the access token (verified locally against identity's keys)
 * and the refresh token, rotated here on the server when the access token has expired.
 *
 * identity treats a spent refresh token presented again as theft and ends the session, so two
 * requests of one page arriving with the same expired cookies must not both refresh: refreshes
 * of one token are shared, and the result is reused for a few seconds. (With several replicas
 * of a front end this holds per process; the browser's own requests are rarely split across
 * replicas within that window.)
 */
export class SessionCookies {
  readonly access: string;
  readonly refresh: string;
  readonly name: string;
  readonly #identity: IdentityClient;
  readonly #keys: JWTVerifyGetKey;
  readonly #leeway: number;
  readonly #sameSite: 'lax' | 'strict';
  readonly #now: () => number;
  readonly #refreshing = new Map<string, { result: Promise<TokenPair | null>; until: number }>();

  constructor(options: SessionCookiesOptions) {
    this.access = `${options.prefix}_at`;
    this.refresh = `${options.prefix}_rt`;
    this.name = `${options.prefix}_who`;
    this.#identity = options.identity;
    this.#keys = options.keys;
    this.#leeway = options.refreshLeewaySeconds ?? 30;
    this.#sameSite = options.sameSite ?? 'lax';
    this.#now = options.now ?? Date.now;
  }

  /** The signed-in actor of this request, refreshing the tokens when needed; null when signed out. */
  async resolve(event: SessionEvent): Promise<Session | null> {
    const accessToken = event.cookies.get(this.access);
    const refreshToken = event.cookies.get(this.refresh);
    const name = event.cookies.get(this.name) ?? '';
    if (!accessToken && !refreshToken) return null;

    let current: Session | null = null;
    if (accessToken) {
      const actor = await this.#verify(accessToken);
      // identity's keys cannot be had: signed out for this request, cookies kept for the next.
      if (actor === 'unavailable') return null;
      if (actor) current = { actor, accessToken, name };
      if (current && !this.#expiresSoon(accessToken)) return current;
    }
    // Expired, about to expire, or missing: refresh, falling back to a still-valid token.
    if (!refreshToken) {
      if (!current) this.clear(event);
      return current;
    }
    const tokens = await this.#refreshOnce(refreshToken, event.getClientAddress());
    if (tokens === 'unavailable') return current;
    if (!tokens) {
      this.clear(event);
      return null;
    }
    // The old refresh token is spent: keep the new pair whatever happens next.
    this.#write(event, tokens, name);
    const actor = await this.#verify(tokens.accessToken);
    if (!actor || actor === 'unavailable') return current;
    return { actor, accessToken: tokens.accessToken, name };
  }

  /** After 【登录】: keep the new session's tokens. */
  start(event: SessionEvent, signedIn: SignedIn): void {
    this.#write(event, signedIn, signedIn.account.name);
  }

  /** 退出: end the session at identity (best effort) and forget it here. */
  async end(event: SessionEvent): Promise<void> {
    const refreshToken = event.cookies.get(this.refresh);
    this.clear(event);
    if (refreshToken) {
      await this.#identity
        .logout(refreshToken, { ip: event.getClientAddress() })
        .catch(() => undefined);
    }
  }

  clear(event: SessionEvent): void {
    for (const name of [this.access, this.refresh, this.name]) {
      event.cookies.delete(name, {
        path: '/',
        sameSite: this.#sameSite,
        secure: event.url.protocol === 'https:',
      });
    }
  }

  #write(event: SessionEvent, tokens: TokenPair, name: string): void {
    const options = {
      path: '/',
      httpOnly: true,
      sameSite: this.#sameSite,
      secure: event.url.protocol === 'https:',
      maxAge: tokens.refreshExpiresIn,
    };
    event.cookies.set(this.access, tokens.accessToken, options);
    event.cookies.set(this.refresh, tokens.refreshToken, options);
    event.cookies.set(this.name, name, options);
  }

  #expiresSoon(token: string): boolean {
    try {
      const { exp } = decodeJwt(token);
      return typeof exp !== 'number' || exp * 1000 - this.#leeway * 1000 <= this.#now();
    } catch {
      return true;
    }
  }

  /** The actor, null for a token that is not good, 'unavailable' when the keys cannot be had. */
  async #verify(token: string): Promise<Actor | null | 'unavailable'> {
    try {
      return await verifyAccessToken(token, this.#keys);
    } catch (err) {
      return (err as { status?: number }).status === 503 ? 'unavailable' : null;
    }
  }

  #refreshOnce(refreshToken: string, ip: string): Promise<TokenPair | null | 'unavailable'> {
    const now = this.#now();
    for (const [key, entry] of this.#refreshing)
      if (entry.until < now) this.#refreshing.delete(key);
    const key = createHash('sha256').update(refreshToken).digest('base64url');
    const running = this.#refreshing.get(key);
    if (running) return running.result;
    const result = this.#identity.refresh(refreshToken, { ip }).then(
      (tokens) => tokens,
      (err: unknown) => {
        // Not remembered: the next request tries again once identity is back.
        this.#refreshing.delete(key);
        if (err instanceof ProblemError && err.status < 500) return null;
        return 'unavailable' as const;
      },
    );
    this.#refreshing.set(key, {
      result: result as Promise<TokenPair | null>,
      until: now + REUSE_MS,
    });
    return result;
  }
}
