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
  /** Connections to PostgreSQL per replica. */
  DATABASE_MAX_CONNECTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
});

export type PublicityConfig = Static<typeof publicityConfigSchema>;

export function publicityConfig(
  env: Record<string, string | undefined> = process.env,
): PublicityConfig {
  return loadConfig(publicityConfigSchema, env);
}
