import { loadConfig, serviceConfigSchema } from '@hall/platform';
import { Type, type Static } from 'typebox';

const workdays = (fallback: number) => Type.Integer({ default: fallback, minimum: 1, maximum: 60 });
const perMinute = (fallback: number) =>
  Type.Integer({ default: fallback, minimum: 1, maximum: 10000 });

export const lettersConfigSchema = serviceConfigSchema({
  LETTERS_PORT: Type.Integer({ default: 4005, minimum: 1, maximum: 65535 }),
  /** identity's public keys, to verify access tokens locally. */
  IDENTITY_JWKS_URL: Type.String({
    default: 'http://127.0.0.1:4001/.well-known/jwks.json',
    pattern: '^https?://',
  }),
  /**
   * 32-byte key (base64) encrypting the writer's contact name and mobile number at rest
   * (AES-256-GCM) and keying the HMAC of the mobile number that look-ups compare (ADR 3).
   */
  LETTERS_DATA_KEY: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' }),
  /** Reply time limits per kind, in working days after the day of receipt. */
  LETTERS_REPLY_WORKDAYS_CONSULTATION: workdays(5),
  LETTERS_REPLY_WORKDAYS_COMPLAINT: workdays(10),
  LETTERS_REPLY_WORKDAYS_SUGGESTION: workdays(15),
  /** 信件答复 look-ups (and ratings by mobile number) a client IP may make per minute. */
  LETTERS_LOOKUP_RATE_LIMIT_PER_MINUTE: perMinute(10),
  /** Letters a client IP may submit per minute. */
  LETTERS_SUBMIT_RATE_LIMIT_PER_MINUTE: perMinute(20),
  /** Connections to PostgreSQL per replica. */
  DATABASE_MAX_CONNECTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
});

export type LettersConfig = Static<typeof lettersConfigSchema>;

export function lettersConfig(
  env: Record<string, string | undefined> = process.env,
): LettersConfig {
  return loadConfig(lettersConfigSchema, env);
}
