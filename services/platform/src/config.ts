import envSchema from 'env-schema';
import { Type, type Static, type TObject, type TProperties } from 'typebox';

/**
 * Settings every service shares. Each service extends this with its own keys
 * (`<SERVICE>_PORT`, secrets, limits) and validates the whole set once at boot.
 */
export const baseConfigSchema = Type.Object({
  NODE_ENV: Type.Union(
    [Type.Literal('development'), Type.Literal('test'), Type.Literal('production')],
    {
      default: 'development',
    },
  ),
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
  /** One server, or a cluster's servers comma-separated: the client fails over between them. */
  NATS_URL: Type.String({
    pattern: '^(nats|tls)://[^,\\s]+(\\s*,\\s*(nats|tls)://[^,\\s]+)*$',
  }),
  /** Prefix of every subject and stream; tests use a private one. */
  BUS_NAMESPACE: Type.String({ default: 'hall', pattern: '^[a-z][a-z0-9_]{0,30}$' }),
  /**
   * Copies of the events stream in a JetStream cluster (3 survives losing a node; a lone server
   * accepts only 1). When set, applied at creation and to an existing stream on boot; unset, a
   * new stream gets 1 and an existing one keeps its count (a tool cannot shrink it by accident).
   */
  BUS_STREAM_REPLICAS: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
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
    const errors = (
      err as {
        errors?: Array<{
          instancePath: string;
          schemaPath?: string;
          message?: string;
          params?: Record<string, unknown>;
        }>;
      }
    ).errors;
    if (!errors) throw err;
    // One message a variable: a union (LOG_LEVEL, NODE_ENV) fails once per branch, which would
    // otherwise repeat "must be equal to constant" for every allowed value.
    const problems = new Map<string, string>();
    for (const e of errors) {
      const missing = e.params?.missingProperty;
      const name = String(missing ?? e.instancePath.replace(/^\//, ''));
      if (problems.has(name)) continue;
      if (missing) problems.set(name, `${name} is required`);
      else if (e.schemaPath?.includes('/anyOf'))
        problems.set(name, `${name} must be one of ${allowedValues(schema, name)}`);
      else problems.set(name, `${name} ${e.message ?? 'is invalid'}`);
    }
    throw new ConfigError(`invalid configuration: ${[...problems.values()].join('; ')}`);
  }
}

function allowedValues(schema: TObject, name: string): string {
  const branches =
    (schema.properties[name] as { anyOf?: Array<{ const?: unknown }> } | undefined)?.anyOf ?? [];
  return branches.map((b) => String(b.const)).join(', ');
}

/**
 * Load configuration or end the process with the reason on stderr and exit status 78
 * (EX_CONFIG): an operator sees which variable to fix, not a stack trace.
 */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`error: ${err.message}`);
    process.exit(78);
  }
}
