import { loadConfig, serviceConfigSchema } from '@hall/platform';
import { Type, type Static } from 'typebox';

export const identityConfigSchema = serviceConfigSchema({
  IDENTITY_PORT: Type.Integer({ default: 4001, minimum: 1, maximum: 65535 }),
  /** Private signing keys as a JWK set (JSON); the first signs, all are published. */
  IDENTITY_SIGNING_KEYS_FILE: Type.String({ minLength: 1 }),
  /**
   * 32-byte key (base64) encrypting ID numbers and phone numbers at rest (AES-256-GCM) and
   * keying their blind indexes.
   */
  IDENTITY_DATA_KEY: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ default: 300, minimum: 60, maximum: 3600 }),
  /** A session ends after this long without use (等保: session timeout). */
  REFRESH_IDLE_SECONDS: Type.Integer({ default: 1800, minimum: 60 }),
  REFRESH_ABSOLUTE_SECONDS: Type.Integer({ default: 43200, minimum: 300 }),
  LOGIN_MAX_FAILURES: Type.Integer({ default: 5, minimum: 1, maximum: 20 }),
  LOGIN_LOCKOUT_SECONDS: Type.Integer({ default: 900, minimum: 1 }),
  RESET_MAX_FAILURES: Type.Integer({ default: 5, minimum: 1, maximum: 20 }),
  RESET_LOCKOUT_SECONDS: Type.Integer({ default: 3600, minimum: 1 }),
  /** Requests a client IP may make per minute to sign-in, registration and reset routes. */
  AUTH_RATE_LIMIT_PER_MINUTE: Type.Integer({ default: 30, minimum: 1 }),
  /** The first platform operator, created on first start when no operator exists. */
  BOOTSTRAP_OPERATOR_USERNAME: Type.Optional(Type.String({ minLength: 4 })),
  BOOTSTRAP_OPERATOR_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
});

export type IdentityConfig = Static<typeof identityConfigSchema>;

export function identityConfig(
  env: Record<string, string | undefined> = process.env,
): IdentityConfig {
  return loadConfig(identityConfigSchema, env);
}
