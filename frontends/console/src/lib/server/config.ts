/** The console's configuration, from the environment, checked once when the server starts. */
export interface ConsoleConfig {
  /** identity's base URL, e.g. http://127.0.0.1:4001. */
  identityUrl: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>): ConsoleConfig {
  const raw = env.IDENTITY_URL?.trim();
  if (!raw) {
    throw new ConfigError(
      "IDENTITY_URL is not set: give the console identity's base URL, e.g. IDENTITY_URL=http://127.0.0.1:4001",
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
