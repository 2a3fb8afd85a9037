import { env } from '$env/dynamic/private';
import type { Station } from '@hall/web';
import {
  createFrontendServices,
  type FrontendServices,
  type IdentityClient,
  type SessionCookies,
} from '@hall/web/server';

export { callContext } from '@hall/web/server';

let services: FrontendServices | undefined;

/** The service clients of this process, made once (hooks' `init` makes them at start-up). */
export function consoleServices(): FrontendServices {
  services ??= createFrontendServices(env, {
    app: 'console',
    // Not the portal's `hall`: a citizen's and a staff member's sessions never mix.
    cookiePrefix: 'hall_console',
    // Nothing in the console is reached by a link from another site that needs the session.
    sameSite: 'strict',
  });
  return services;
}

export const identity = (): IdentityClient => consoleServices().identity;
export const session = (): SessionCookies => consoleServices().session;

/** The enabled stations, cached briefly: the header shows a staff member's station by name. */
export const enabledStations = (now?: number): Promise<Station[]> =>
  consoleServices().stations.list(now);

/** Forget the cached list (after an operator renames, adds or disables a station). */
export const forgetStations = (): void => consoleServices().stations.forget();
