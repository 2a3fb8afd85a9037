import { loadConfig, serviceConfigSchema } from '@hall/platform';
import { Type, type Static } from 'typebox';

export const publicityConfigSchema = serviceConfigSchema({
  PUBLICITY_PORT: Type.Integer({ default: 4006, minimum: 1, maximum: 65535 }),
  /** identity's public keys, to verify access tokens locally. */
  IDENTITY_JWKS_URL: Type.String({
    default: 'http://127.0.0.1:4001/.well-known/jwks.json',
    pattern: '^https?://',
  }),
  /** Largest attachment (notice file or image, 办件公示 details file), in bytes (20 MiB). */
  ATTACHMENT_MAX_BYTES: Type.Integer({ default: 20 * 1024 * 1024, minimum: 1024 }),
  /**
   * How long a page of the public 办件公告 (and a filter's matches) may be answered from memory;
   * every event applied drops its station's pages and matches at once (every replica hears of
   * it), this bounds a lost notification. 0 turns the caches off.
   */
  PUBLICITY_CACHE_TTL_SECONDS: Type.Integer({ default: 60, minimum: 0, maximum: 3600 }),
  /**
   * Pages of the public 办件公告 kept per replica: about 9 KiB each as held (measured), 43 MiB
   * for 5,000 — the pages citizens of all stations keep asking for between two events.
   */
  PUBLICITY_CACHE_ENTRIES: Type.Integer({ default: 5000, minimum: 1, maximum: 100000 }),
  /**
   * Filters of the public 办件公告 whose matches are kept per replica, to cut their pages from
   * (16 bytes a match, at most 10,000 matches: 160 KiB).
   */
  PUBLICITY_CACHE_FILTERS: Type.Integer({ default: 256, minimum: 1, maximum: 10000 }),
  /** Connections to PostgreSQL per replica. */
  DATABASE_MAX_CONNECTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
});

export type PublicityConfig = Static<typeof publicityConfigSchema>;

export function publicityConfig(
  env: Record<string, string | undefined> = process.env,
): PublicityConfig {
  return loadConfig(publicityConfigSchema, env);
}
