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
   * How long a page of the public 办件公告 may be answered from memory; every event applied drops
   * its station's pages at once (every replica hears of it), this bounds a lost notification.
   * 0 turns the cache off.
   */
  PUBLICITY_CACHE_TTL_SECONDS: Type.Integer({ default: 60, minimum: 0, maximum: 3600 }),
  /** Pages of the public 办件公告 kept per replica (about 10 KiB each). */
  PUBLICITY_CACHE_ENTRIES: Type.Integer({ default: 2000, minimum: 1, maximum: 100000 }),
  /** Connections to PostgreSQL per replica. */
  DATABASE_MAX_CONNECTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
});

export type PublicityConfig = Static<typeof publicityConfigSchema>;

export function publicityConfig(
  env: Record<string, string | undefined> = process.env,
): PublicityConfig {
  return loadConfig(publicityConfigSchema, env);
}
