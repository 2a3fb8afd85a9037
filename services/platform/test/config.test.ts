import t from 'tap';
import { Type } from 'typebox';
import { baseConfigSchema, ConfigError, loadConfig, serviceConfigSchema } from '../src/config';

const serviceSchema = serviceConfigSchema({
  IDENTITY_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3001 }),
  IDENTITY_REGISTRATION_OPEN: Type.Boolean({ default: true }),
  IDENTITY_JWKS_URL: Type.String({ pattern: '^https?://' }),
});

t.test('defaults are applied to a minimal environment', async (t) => {
  const config = loadConfig(baseConfigSchema, { NATS_URL: 'nats://127.0.0.1:4222' });
  t.same(config, {
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    DATABASE_APP_ROLE: 'hall_app',
    NATS_URL: 'nats://127.0.0.1:4222',
    BUS_NAMESPACE: 'hall',
    TRUST_PROXY: false,
  });
  t.notOk('DATABASE_URL' in config, 'an optional variable without a default stays absent');
});

t.test(
  'env strings are coerced to the schema types; the service keys merge with the base',
  async (t) => {
    const config = loadConfig(serviceSchema, {
      NATS_URL: 'tls://nats.hall.svc:4222',
      DATABASE_URL: 'postgresql://hall:secret@db:5432/identity',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      IDENTITY_PORT: '8080',
      IDENTITY_REGISTRATION_OPEN: 'false',
      IDENTITY_JWKS_URL: 'http://identity:3001/.well-known/jwks.json',
      UNRELATED: 'dropped',
    });
    t.equal(config.IDENTITY_PORT, 8080);
    t.equal(typeof config.IDENTITY_PORT, 'number');
    t.equal(config.IDENTITY_REGISTRATION_OPEN, false);
    t.equal(config.TRUST_PROXY, true);
    t.equal(config.NODE_ENV, 'production');
    t.equal(config.LOG_LEVEL, 'warn');
    t.equal(config.DATABASE_URL, 'postgresql://hall:secret@db:5432/identity');
    t.equal(config.BUS_NAMESPACE, 'hall', 'base defaults still apply in a service schema');
    t.notOk('UNRELATED' in config, 'variables outside the schema are not carried into the config');

    const defaults = loadConfig(serviceSchema, {
      NATS_URL: 'nats://n:4222',
      IDENTITY_JWKS_URL: 'http://identity/.well-known/jwks.json',
    });
    t.equal(defaults.IDENTITY_PORT, 3001);
    t.equal(defaults.IDENTITY_REGISTRATION_OPEN, true);
  },
);

t.test('the caller’s env object is not modified', async (t) => {
  const env = { NATS_URL: 'nats://n:4222', TRUST_PROXY: 'true' };
  loadConfig(baseConfigSchema, env);
  t.same(env, { NATS_URL: 'nats://n:4222', TRUST_PROXY: 'true' });
});

t.test('a missing required variable is a ConfigError naming it', async (t) => {
  const err = t.throws(() => loadConfig(baseConfigSchema, {})) as Error;
  t.type(err, ConfigError);
  t.equal(err.name, 'ConfigError');
  t.match(err.message, /NATS_URL is required/);
});

t.test('every missing or malformed variable is named in one message', async (t) => {
  const err = t.throws(() =>
    loadConfig(serviceSchema, {
      DATABASE_URL: 'mysql://hall@db/identity',
      IDENTITY_PORT: 'eighty',
      IDENTITY_REGISTRATION_OPEN: 'perhaps',
      LOG_LEVEL: 'loud',
      BUS_NAMESPACE: 'Not A Namespace',
      IDENTITY_JWKS_URL: 'http://identity/.well-known/jwks.json',
    }),
  ) as Error;
  t.type(err, ConfigError);
  for (const name of [
    'NATS_URL',
    'DATABASE_URL',
    'IDENTITY_PORT',
    'IDENTITY_REGISTRATION_OPEN',
    'LOG_LEVEL',
    'BUS_NAMESPACE',
  ]) {
    t.match(err.message, name, `names ${name}`);
  }
  t.match(err.message, /NATS_URL is required/);
  t.match(err.message, /DATABASE_URL must match pattern/);
  t.match(err.message, /IDENTITY_PORT must be integer/);
  t.match(err.message, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  t.notMatch(err.message, 'IDENTITY_JWKS_URL', 'a valid variable is not blamed');
  t.equal(
    err.message.split('LOG_LEVEL').length - 1,
    1,
    'a bad union value is reported once, not once per branch',
  );
});

t.test('a port that is a number but not an integer, or out of range, is refused', async (t) => {
  const base = { NATS_URL: 'nats://n:4222', IDENTITY_JWKS_URL: 'http://identity/jwks' };
  t.throws(() => loadConfig(serviceSchema, { ...base, IDENTITY_PORT: '80.5' }), {
    name: 'ConfigError',
    message: /IDENTITY_PORT must be integer/,
  });
  t.throws(() => loadConfig(serviceSchema, { ...base, IDENTITY_PORT: '70000' }), {
    name: 'ConfigError',
    message: /IDENTITY_PORT must be <= 65535/,
  });
  t.throws(() => loadConfig(serviceSchema, { ...base, NATS_URL: 'http://n:4222' }), {
    name: 'ConfigError',
    message: /NATS_URL must match pattern/,
  });
});

t.test('NATS_URL takes a cluster as a comma-separated list of servers', async (t) => {
  const cluster = 'nats://n1:4222,nats://n2:4222, tls://n3:4222';
  t.equal(loadConfig(baseConfigSchema, { NATS_URL: cluster }).NATS_URL, cluster);
  for (const bad of ['nats://n1:4222,', 'nats://n1:4222,n2:4222', 'nats://n1 nats://n2']) {
    t.throws(() => loadConfig(baseConfigSchema, { NATS_URL: bad }), {
      name: 'ConfigError',
      message: /NATS_URL must match pattern/,
    });
  }
});

t.test('BUS_STREAM_REPLICAS is optional, an integer from 1 to 5', async (t) => {
  const base = { NATS_URL: 'nats://n:4222' };
  t.notOk('BUS_STREAM_REPLICAS' in loadConfig(baseConfigSchema, base), 'unset stays unset');
  t.equal(
    loadConfig(baseConfigSchema, { ...base, BUS_STREAM_REPLICAS: '3' }).BUS_STREAM_REPLICAS,
    3,
  );
  for (const bad of ['0', '6', 'three'])
    t.throws(() => loadConfig(baseConfigSchema, { ...base, BUS_STREAM_REPLICAS: bad }), {
      name: 'ConfigError',
      message: /BUS_STREAM_REPLICAS/,
    });
});
