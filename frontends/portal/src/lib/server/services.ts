import { env } from '$env/dynamic/private';
import { remoteKeys } from '@hall/platform/auth';
import type { Station } from '@hall/web';
import { IdentityClient, SessionCookies, type CallContext } from '@hall/web/server';
import { loadConfig } from './config';

interface Services {
  identity: IdentityClient;
  session: SessionCookies;
}

let services: Services | undefined;

/** The service clients of this process, made once (hooks' `init` makes them at start-up). */
export function portalServices(): Services {
  if (!services) {
    const config = loadConfig(env);
    const identity = new IdentityClient(config.identityUrl);
    const session = new SessionCookies({
      identity,
      keys: remoteKeys(identity.jwksUrl),
      prefix: 'hall',
    });
    services = { identity, session };
  }
  return services;
}

export const identity = (): IdentityClient => portalServices().identity;
export const session = (): SessionCookies => portalServices().session;

/** A call made for the person behind this request: their token and address. */
export function callContext(event: {
  locals: App.Locals;
  getClientAddress(): string;
}): CallContext {
  return { token: event.locals.accessToken ?? undefined, ip: event.getClientAddress() };
}

const STATIONS_TTL_MS = 30_000;
/** How long the last good list still serves while identity cannot be reached. */
const STATIONS_STALE_MS = 10 * 60_000;

let stationCache: { at: number; stations: Station[] } | undefined;
let stationFetch: Promise<Station[]> | undefined;

/**
 * Every enabled station, from identity's registry, cached briefly in this process: a station an
 * operator adds or disables shows within STATIONS_TTL_MS. One list serves both the look-up of
 * the URL's station and 【站点切换】, and keeps the cache bounded whatever keys are requested.
 */
export async function enabledStations(now = Date.now()): Promise<Station[]> {
  if (stationCache && now - stationCache.at < STATIONS_TTL_MS) return stationCache.stations;
  stationFetch ??= identity()
    .stations()
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
