/**
 * The console's session: @hall/web's SessionCookies (verification against identity's keys,
 * server-side refresh shared between parallel requests, 退出) with the console's stricter cookie:
 * SameSite=Strict instead of Lax. Nothing in the console is reached by a link from another site
 * that needs the session, so the browser never sends the staff cookies on a cross-site request
 * of any kind, top-level navigations included.
 *
 * SessionCookies has no option for this yet, so every cookie it writes or deletes goes through a
 * view of the request's cookies that sets `sameSite: 'strict'` (see the report: a `sameSite`
 * option in @hall/web would make this file a one-liner).
 */
import type { SignedIn } from '@hall/web';
import type { Session, SessionCookies, SessionEvent } from '@hall/web/server';
import type { Cookies } from '@sveltejs/kit';

export function strictCookies(cookies: Cookies): Cookies {
  return {
    get: (name, opts) => cookies.get(name, opts),
    getAll: (opts) => cookies.getAll(opts),
    set: (name, value, opts) => cookies.set(name, value, { ...opts, sameSite: 'strict' }),
    delete: (name, opts) => cookies.delete(name, { ...opts, sameSite: 'strict' }),
    serialize: (name, value, opts) =>
      cookies.serialize(name, value, { ...opts, sameSite: 'strict' }),
  };
}

function strict(event: SessionEvent): SessionEvent {
  return {
    cookies: strictCookies(event.cookies),
    url: event.url,
    getClientAddress: () => event.getClientAddress(),
  };
}

export class ConsoleSession {
  readonly #cookies: SessionCookies;

  constructor(cookies: SessionCookies) {
    this.#cookies = cookies;
  }

  /** Cookie names, e.g. for tests and for clearing. */
  get names(): { access: string; refresh: string; name: string } {
    return {
      access: this.#cookies.access,
      refresh: this.#cookies.refresh,
      name: this.#cookies.name,
    };
  }

  resolve(event: SessionEvent): Promise<Session | null> {
    return this.#cookies.resolve(strict(event));
  }

  start(event: SessionEvent, signedIn: SignedIn): void {
    this.#cookies.start(strict(event), signedIn);
  }

  end(event: SessionEvent): Promise<void> {
    return this.#cookies.end(strict(event));
  }

  clear(event: SessionEvent): void {
    this.#cookies.clear(strict(event));
  }
}
