import { loadConfig, serviceConfigSchema } from '@hall/platform';
import { Type, type Static } from 'typebox';

export const assistantConfigSchema = serviceConfigSchema({
  ASSISTANT_PORT: Type.Integer({ default: 4007, minimum: 1, maximum: 65535 }),
  /** Questions a client IP may ask per minute (no sign-in: the limit is the only brake). */
  ASSISTANT_RATE_LIMIT_PER_MINUTE: Type.Integer({ default: 120, minimum: 1, maximum: 1_000_000 }),
  /** Connections to PostgreSQL per replica. */
  DATABASE_MAX_CONNECTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
});

export type AssistantConfig = Static<typeof assistantConfigSchema>;

export function assistantConfig(
  env: Record<string, string | undefined> = process.env,
): AssistantConfig {
  return loadConfig(assistantConfigSchema, env);
}
