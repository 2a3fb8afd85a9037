import { env } from '$env/dynamic/private';
import type { Station } from '@hall/web';
import {
  createFrontendServices,
  type CatalogClient,
  type FrontendServices,
  type IdentityClient,
  type MaterialsClient,
  type SessionCookies,
  type SubmissionsClient,
} from '@hall/web/server';

export { callContext } from '@hall/web/server';

let services: FrontendServices | undefined;

/** The service clients of this process, made once (hooks' `init` makes them at start-up). */
export function portalServices(): FrontendServices {
  services ??= createFrontendServices(env, { app: 'portal', cookiePrefix: 'hall' });
  return services;
}

export const identity = (): IdentityClient => portalServices().identity;
export const session = (): SessionCookies => portalServices().session;
export const catalog = (): CatalogClient => portalServices().catalog;
export const materials = (): MaterialsClient => portalServices().materials;
export const submissions = (): SubmissionsClient => portalServices().submissions;

/**
 * Every enabled station, cached briefly: one list serves both the look-up of the URL's station
 * and 【站点切换】.
 */
export const enabledStations = (now?: number): Promise<Station[]> =>
  portalServices().stations.list(now);
