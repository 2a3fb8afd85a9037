/** A front end's configuration, from the environment, checked once when the server starts. */
export interface FrontendConfig {
  /** identity's base URL, e.g. http://127.0.0.1:4001. */
  identityUrl: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and checks `IDENTITY_URL`; a bad value is a `ConfigError` saying why, so the server
 * refuses to start. `app` names the front end in the messages (`portal`, `console`).
 */
export function loadConfig(env: Record<string, string | undefined>, app: string): FrontendConfig {
  const raw = env.IDENTITY_URL?.trim();
  if (!raw) {
    throw new ConfigError(
      `IDENTITY_URL is not set: give the ${app} identity's base URL, e.g. IDENTITY_URL=http://127.0.0.1:4001`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `IDENTITY_URL is not a URL: ${JSON.stringify(raw)} (expected e.g. http://127.0.0.1:4001)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`IDENTITY_URL must be an http(s) URL, not ${url.protocol} (${raw})`);
  }
  if (url.search || url.hash) {
    throw new ConfigError(`IDENTITY_URL must not carry a query or fragment (${raw})`);
  }
  return { identityUrl: url.href.replace(/\/+$/, '') };
}
