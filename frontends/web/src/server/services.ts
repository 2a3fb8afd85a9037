import { remoteKeys } from '@hall/platform/auth';
import { CatalogClient } from './catalog';
import { loadConfig, type FrontendConfig } from './config';
import { IdentityClient, type CallContext } from './identity';
import { MaterialsClient } from './materials';
import { SessionCookies } from './session';
import { StationCache } from './stations';
import { SubmissionsClient } from './submissions';
import { WorklistClient } from './worklist';
import { LettersDeskClient } from './letters-desk';
import { LettersClient } from './letters';
import { AssistantClient } from './assistant';
import { PublicityClient } from './publicity';
import { PublicityDeskClient } from './publicity-desk';

export interface FrontendServices {
  config: FrontendConfig;
  identity: IdentityClient;
  /** The catalog's public API; answers 503 on every call when `CATALOG_URL` is not set. */
  catalog: CatalogClient;
  /** Uploads, 资料库 and downloads; answers 503 on every call when `MATERIALS_URL` is not set. */
  materials: MaterialsClient;
  /** Applications (办件); answers 503 on every call when `SUBMISSIONS_URL` is not set. */
  submissions: SubmissionsClient;
  /** The staff side of applications (console); 503 while SUBMISSIONS_URL or MATERIALS_URL is unset. */
  worklist: WorklistClient;
  /** The staff side of letters (console); answers 503 on every call when `LETTERS_URL` is not set. */
  lettersDesk: LettersDeskClient;
  /** Letters for citizens (submit, 信件答复, 我的咨询, 常见问题); 503 while `LETTERS_URL` is unset. */
  letters: LettersClient;
  /** The Q&A robot (问答机器人); answers 503 on every call when `ASSISTANT_URL` is not set. */
  assistant: AssistantClient;
  /** 我要看 for anyone (notices, announcements, 公示, statistics, profile); 503 while `PUBLICITY_URL` is unset. */
  publicity: PublicityClient;
  /** The staff side of 信息发布 and 办件统计 (console); 503 while `PUBLICITY_URL` is unset. */
  publicityDesk: PublicityDeskClient;
  session: SessionCookies;
  /** The enabled stations, cached briefly. */
  stations: StationCache;
}

export interface FrontendServicesOptions {
  /** The front end's name, for configuration messages (`portal`, `console`). */
  app: string;
  /** Session cookie name prefix: each front end's own, so their sessions never mix. */
  cookiePrefix: string;
  sameSite?: 'lax' | 'strict';
}

/**
 * A front end's service clients, from its environment (throws `ConfigError` when it is not
 * usable): the identity, catalog, materials and submissions clients, the session cookies verified against identity's keys, and the
 * cached station list. Made once per process, from the app's `init` hook.
 */
export function createFrontendServices(
  env: Record<string, string | undefined>,
  options: FrontendServicesOptions,
): FrontendServices {
  const config = loadConfig(env, options.app);
  const identity = new IdentityClient(config.identityUrl);
  const session = new SessionCookies({
    identity,
    keys: remoteKeys(identity.jwksUrl),
    prefix: options.cookiePrefix,
    ...(options.sameSite ? { sameSite: options.sameSite } : {}),
  });
  const stations = new StationCache(() => identity.stations());
  const catalog = new CatalogClient(config.catalogUrl ?? null);
  const materials = new MaterialsClient(config.materialsUrl ?? null);
  const submissions = new SubmissionsClient(config.submissionsUrl ?? null);
  const worklist = new WorklistClient(config.submissionsUrl ?? null, config.materialsUrl ?? null);
  const lettersDesk = new LettersDeskClient(config.lettersUrl ?? null);
  const letters = new LettersClient(config.lettersUrl ?? null);
  const assistant = new AssistantClient(config.assistantUrl ?? null);
  const publicity = new PublicityClient(config.publicityUrl ?? null);
  const publicityDesk = new PublicityDeskClient(config.publicityUrl ?? null);
  return {
    config,
    identity,
    catalog,
    materials,
    submissions,
    worklist,
    lettersDesk,
    letters,
    assistant,
    publicity,
    publicityDesk,
    session,
    stations,
  };
}

/** A call made for the account behind this request: its token and the browser's address. */
export function callContext(event: {
  locals: { accessToken: string | null };
  getClientAddress(): string;
}): CallContext {
  return { token: event.locals.accessToken ?? undefined, ip: event.getClientAddress() };
}
