import envSchema from 'env-schema';
import { Type, type Static, type TObject, type TProperties } from 'typebox';

/**
 * Settings every service shares. Each service extends this with its own keys
 * (`<SERVICE>_PORT`, secrets, limits) and validates the whole set once at boot.
 */
export const baseConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('test'), Type.Literal('production')], {
    default: 'development',
  }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  /** Real PostgreSQL. When absent the service runs on embedded PGlite in PGLITE_DATA_DIR. */
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  PGLITE_DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** The non-owner role queries run as, so that row-level security applies. */
  DATABASE_APP_ROLE: Type.String({ default: 'hall_app', pattern: '^[a-z_][a-z0-9_]{0,62}$' }),
  NATS_URL: Type.String({ pattern: '^(nats|tls)://' }),
  /** Prefix of every subject and stream; tests use a private one. */
  BUS_NAMESPACE: Type.String({ default: 'hall', pattern: '^[a-z][a-z0-9_]{0,30}$' }),
  TRUST_PROXY: Type.Boolean({ default: false }),
});

export type BaseConfig = Static<typeof baseConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Merge the base schema with a service's own keys. */
export function serviceConfigSchema<P extends TProperties>(properties: P) {
  return Type.Object({ ...baseConfigSchema.properties, ...properties });
}

/**
 * Validate configuration once, at boot. Throws a ConfigError naming every missing or
 * malformed variable, so the process refuses to start with a message an operator can act on.
 */
export function loadConfig<S extends TObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Static<S> {
  try {
    return envSchema<Static<S>>({ schema, data: env, env: false, dotenv: false });
  } catch (err) {
    const errors = (err as { errors?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }> })
      .errors;
    if (!errors) throw err;
    const problems = errors.map((e) => {
      const name = e.params?.missingProperty ?? e.instancePath.replace(/^\//, '');
      return e.params?.missingProperty ? `${String(name)} is required` : `${String(name)} ${e.message ?? 'is invalid'}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
}
