import { env } from '$env/dynamic/private';
import { remoteKeys } from '@hall/platform/auth';
import type { Station } from '@hall/web';
import { IdentityClient, SessionCookies, type CallContext } from '@hall/web/server';
import { loadConfig } from './config';
import { ConsoleSession } from './session';
import { StaffApi } from './staff-api';

interface Services {
  /** @hall/web's client: the session endpoints (refresh, logout) and the public station list. */
  identity: IdentityClient;
  /** The staff side of identity's API. */
  staff: StaffApi;
  session: ConsoleSession;
}

let services: Services | undefined;

/** The service clients of this process, made once (hooks' `init` makes them at start-up). */
export function consoleServices(): Services {
  if (!services) {
    const config = loadConfig(env);
    const identity = new IdentityClient(config.identityUrl);
    const session = new ConsoleSession(
      new SessionCookies({
        identity,
        keys: remoteKeys(identity.jwksUrl),
        // Not the portal's `hall`: a citizen's and a staff member's sessions never mix.
        prefix: 'hall_console',
      }),
    );
    services = { identity, staff: new StaffApi(config.identityUrl), session };
  }
  return services;
}

export const staffApi = (): StaffApi => consoleServices().staff;
export const session = (): ConsoleSession => consoleServices().session;

/** A call made for the staff member behind this request: their token and address. */
export function callContext(event: {
  locals: App.Locals;
  getClientAddress(): string;
}): CallContext {
  return { token: event.locals.accessToken ?? undefined, ip: event.getClientAddress() };
}

const STATIONS_TTL_MS = 30_000;
const STATIONS_STALE_MS = 10 * 60_000;

let stationCache: { at: number; stations: Station[] } | undefined;
let stationFetch: Promise<Station[]> | undefined;

/**
 * The enabled stations (identity's public list), cached briefly: the header shows the signed-in
 * staff member's station by name. A rename shows within STATIONS_TTL_MS.
 */
export async function enabledStations(now = Date.now()): Promise<Station[]> {
  if (stationCache && now - stationCache.at < STATIONS_TTL_MS) return stationCache.stations;
  stationFetch ??= consoleServices()
    .identity.stations()
    .then((stations) => {
      stationCache = { at: Date.now(), stations };
      return stations;
    })
    .finally(() => {
      stationFetch = undefined;
    });
  try {
    return await stationFetch;
  } catch (err) {
    if (stationCache && now - stationCache.at < STATIONS_STALE_MS) return stationCache.stations;
    throw err;
  }
}

/** Forget the cached list (after an operator renames, adds or disables a station). */
export function forgetStations(): void {
  stationCache = undefined;
}
