import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, serviceConfigSchema } from '@hall/platform';
import { Type, type Static } from 'typebox';

const MIB = 1024 * 1024;

/** `.data/materials` under the repo root, whatever the working directory. */
export const DEFAULT_STORAGE_DIR = fileURLToPath(
  new URL('../../../.data/materials', import.meta.url),
);

export const materialsConfigSchema = serviceConfigSchema({
  MATERIALS_PORT: Type.Integer({ default: 4003, minimum: 1, maximum: 65535 }),
  /** identity's public keys, to verify access tokens locally. */
  IDENTITY_JWKS_URL: Type.String({
    default: 'http://127.0.0.1:4001/.well-known/jwks.json',
    pattern: '^https?://',
  }),
  DATABASE_MAX_CONNECTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  MATERIALS_STORAGE: Type.Union([Type.Literal('fs'), Type.Literal('objectstore')], {
    default: 'fs',
  }),
  MATERIALS_STORAGE_DIR: Type.String({ default: DEFAULT_STORAGE_DIR, minLength: 1 }),
  /** Object store bucket names: JetStream stream-name characters. */
  MATERIALS_BUCKET: Type.String({ default: 'materials', pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  MATERIALS_BUCKET_REPLICAS: Type.Integer({ default: 1, minimum: 1, maximum: 5 }),
  MATERIALS_MAX_FILE_BYTES: Type.Integer({ default: 100 * MIB, minimum: 1 }),
  MATERIALS_QUOTA_BYTES: Type.Integer({ default: 200 * MIB, minimum: 1 }),
  /** HMAC key of download links; every replica must share it (see materialsConfig). */
  MATERIALS_LINK_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  MATERIALS_LINK_TTL_SECONDS: Type.Integer({ default: 300, minimum: 10, maximum: 86_400 }),
  MATERIALS_SWEEP_INTERVAL_SECONDS: Type.Integer({ default: 300, minimum: 1, maximum: 86_400 }),
  MATERIALS_PENDING_TTL_MINUTES: Type.Integer({ default: 60, minimum: 1, maximum: 10_080 }),
  MATERIALS_RETENTION_DAYS: Type.Integer({ default: 30, minimum: 1, maximum: 3650 }),
});

export type MaterialsConfig = Static<typeof materialsConfigSchema>;

export function materialsConfig(
  env: Record<string, string | undefined> = process.env,
): MaterialsConfig {
  const config = loadConfig(materialsConfigSchema, env);
  // A per-process key would make links fail on every other replica: production must set one.
  if (config.NODE_ENV === 'production' && !config.MATERIALS_LINK_SECRET)
    throw new ConfigError(
      'invalid configuration: MATERIALS_LINK_SECRET is required in production (≥ 32 characters, the same on every replica)',
    );
  return config;
}
