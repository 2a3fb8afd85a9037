import { loadConfig, serviceConfigSchema } from '@hall/platform';
import { Type, type Static } from 'typebox';

export const submissionsConfigSchema = serviceConfigSchema({
  SUBMISSIONS_PORT: Type.Integer({ default: 4004, minimum: 1, maximum: 65535 }),
  /** identity's public keys, to verify access tokens locally. */
  IDENTITY_JWKS_URL: Type.String({
    default: 'http://127.0.0.1:4001/.well-known/jwks.json',
    pattern: '^https?://',
  }),
  /**
   * 32-byte key (base64) encrypting ID numbers, mobile numbers and query passwords at rest
   * (AES-256-GCM under an HKDF-derived key, ADR 3).
   */
  SUBMISSIONS_DATA_KEY: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' }),
  /** The portal's public origin: the receipt's QR code points at its progress page. */
  PORTAL_PUBLIC_URL: Type.String({ default: 'http://127.0.0.1:4000', pattern: '^https?://' }),
  /** A font with Chinese glyphs for the PDF receipt, and the face inside the collection. */
  RECEIPT_FONT_PATH: Type.String({
    default: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    minLength: 1,
  }),
  RECEIPT_FONT_NAME: Type.String({ default: 'NotoSansCJKsc-Regular', minLength: 1 }),
  /** 预审 (and 受理) time limit, in working days after the (re)submission day. */
  PREREVIEW_WORKDAYS: Type.Integer({ default: 2, minimum: 1, maximum: 60 }),
  /** Anonymous progress queries a client IP may make per minute. */
  PROGRESS_RATE_LIMIT_PER_MINUTE: Type.Integer({ default: 10, minimum: 1, maximum: 10000 }),
  /** Connections to PostgreSQL per replica. */
  DATABASE_MAX_CONNECTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
});

export type SubmissionsConfig = Static<typeof submissionsConfigSchema>;

export function submissionsConfig(
  env: Record<string, string | undefined> = process.env,
): SubmissionsConfig {
  return loadConfig(submissionsConfigSchema, env);
}
