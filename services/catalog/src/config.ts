import { loadConfig, serviceConfigSchema } from '@hall/platform';
import { Type, type Static } from 'typebox';

export const catalogConfigSchema = serviceConfigSchema({
  CATALOG_PORT: Type.Integer({ default: 4002, minimum: 1, maximum: 65535 }),
  /** identity's public keys, to verify access tokens locally. */
  IDENTITY_JWKS_URL: Type.String({
    default: 'http://127.0.0.1:4001/.well-known/jwks.json',
    pattern: '^https?://',
  }),
  /** Largest blank form or sample an editor may upload, in bytes (10 MiB). */
  ATTACHMENT_MAX_BYTES: Type.Integer({ default: 10 * 1024 * 1024, minimum: 1024 }),
  /**
   * How long a station's public 权力清单 may be answered from memory (ADR 18); changes drop it at
   * once (every replica hears of them), this bounds a lost notification. 0: every list from SQL.
   */
  CATALOG_CACHE_TTL_SECONDS: Type.Integer({ default: 60, minimum: 0, maximum: 3600 }),
  /** Pages of the public 权力清单 kept per replica (about 10–40 KiB each). */
  CATALOG_CACHE_ENTRIES: Type.Integer({ default: 2000, minimum: 1, maximum: 100000 }),
  /**
   * Stations whose public 权力清单 a replica keeps in memory, the most recently asked (about
   * 4 MiB a thousand listed items); by default every station of the hall.
   */
  CATALOG_CACHE_STATIONS: Type.Integer({ default: 42, minimum: 1, maximum: 1000 }),
  /** Connections to PostgreSQL per replica. */
  DATABASE_MAX_CONNECTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
});

export type CatalogConfig = Static<typeof catalogConfigSchema>;

export function catalogConfig(
  env: Record<string, string | undefined> = process.env,
): CatalogConfig {
  return loadConfig(catalogConfigSchema, env);
}
