/** A front end's configuration, from the environment, checked once when the server starts. */
export interface FrontendConfig {
  /** identity's base URL, e.g. http://127.0.0.1:4001. */
  identityUrl: string;
  /**
   * The catalog's base URL, e.g. http://127.0.0.1:4002; absent when `CATALOG_URL` is not set,
   * and then the catalog's pages answer 503 (服务暂时不可用) instead of the server refusing to
   * start, so a front end still serves sign-in and the rest without it.
   */
  catalogUrl?: string;
  /** The materials service's base URL (`MATERIALS_URL`, e.g. http://127.0.0.1:4003); optional like the catalog's. */
  materialsUrl?: string;
  /** The submissions service's base URL (`SUBMISSIONS_URL`, e.g. http://127.0.0.1:4004); optional like the catalog's. */
  submissionsUrl?: string;
  /** The letters service's base URL (`LETTERS_URL`, e.g. http://127.0.0.1:4005); optional like the catalog's. */
  lettersUrl?: string;
  /** The Q&A robot's base URL (`ASSISTANT_URL`, e.g. http://127.0.0.1:4007); optional like the catalog's. */
  assistantUrl?: string;
  /** The publicity service's base URL (`PUBLICITY_URL`, e.g. http://127.0.0.1:4006); optional like the catalog's. */
  publicityUrl?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and checks `IDENTITY_URL` (required), `CATALOG_URL`, `MATERIALS_URL`,
 * `SUBMISSIONS_URL`, `LETTERS_URL`, `ASSISTANT_URL` and `PUBLICITY_URL` (optional); a bad value is a
 * `ConfigError` saying why, so the server refuses to start. `app` names the front end in the
 * messages (`portal`, `console`).
 */
export function loadConfig(env: Record<string, string | undefined>, app: string): FrontendConfig {
  const identity = env.IDENTITY_URL?.trim();
  if (!identity) {
    throw new ConfigError(
      `IDENTITY_URL is not set: give the ${app} identity's base URL, e.g. IDENTITY_URL=http://127.0.0.1:4001`,
    );
  }
  const config: FrontendConfig = {
    identityUrl: serviceUrl('IDENTITY_URL', identity, 'http://127.0.0.1:4001'),
  };
  const catalog = env.CATALOG_URL?.trim();
  if (catalog) config.catalogUrl = serviceUrl('CATALOG_URL', catalog, 'http://127.0.0.1:4002');
  const materials = env.MATERIALS_URL?.trim();
  if (materials)
    config.materialsUrl = serviceUrl('MATERIALS_URL', materials, 'http://127.0.0.1:4003');
  const submissions = env.SUBMISSIONS_URL?.trim();
  if (submissions)
    config.submissionsUrl = serviceUrl('SUBMISSIONS_URL', submissions, 'http://127.0.0.1:4004');
  const letters = env.LETTERS_URL?.trim();
  if (letters) config.lettersUrl = serviceUrl('LETTERS_URL', letters, 'http://127.0.0.1:4005');
  const assistant = env.ASSISTANT_URL?.trim();
  if (assistant)
    config.assistantUrl = serviceUrl('ASSISTANT_URL', assistant, 'http://127.0.0.1:4007');
  const publicity = env.PUBLICITY_URL?.trim();
  if (publicity)
    config.publicityUrl = serviceUrl('PUBLICITY_URL', publicity, 'http://127.0.0.1:4006');
  return config;
}

/** A service's base URL from the environment variable `name`: http(s), no query, no fragment. */
function serviceUrl(name: string, raw: string, example: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `${name} is not a URL: ${JSON.stringify(raw)} (expected e.g. ${example})`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, not ${url.protocol} (${raw})`);
  }
  if (url.search || url.hash) {
    throw new ConfigError(`${name} must not carry a query or fragment (${raw})`);
  }
  return url.href.replace(/\/+$/, '');
}
