/**
 * One server under load, in a process of its own (forked by run.ts with `--import tsx`, its
 * stdout — where pino writes the request logs — going to bench/results/server.log). It waits
 * for a `start` message, listens on an ephemeral 127.0.0.1 port, answers `ready`, and closes on
 * `stop`. Each kind imports only what it needs, so the bare baselines load no platform code.
 */
import { randomBytes } from 'node:crypto';
import type { HallApp } from '@hall/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JSONWebKeySet } from 'jose';
import type postgres from 'postgres';
// The materials service's copy of @fastify/multipart (the bench does not depend on it itself).
import type Multipart from '../services/materials/node_modules/@fastify/multipart';
import {
  BARE_SESSION,
  PREPARED,
  type CapturedStatement,
  type FromServer,
  type PlatformVariant,
  type PrivateJwks,
  type ReplayParam,
  type ReplayStatement,
  type ServerReady,
  type ServerSpec,
  type ToServer,
} from './lib/protocol';
import { idNumber } from './lib/people';

const HOST = '127.0.0.1';

function send(message: FromServer, then?: () => void): void {
  process.send?.(message, undefined, {}, then);
}

function publicJwks(jwks: PrivateJwks): JSONWebKeySet {
  return {
    keys: jwks.keys.map(({ d: _private, ...pub }) => ({ ...pub, alg: 'EdDSA', use: 'sig' })),
  };
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ host: HOST, port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Running {
  ready: ServerReady;
  close(): Promise<void>;
  /** identity: the PostgreSQL backends serving its database now (their CPU is read by run.ts). */
  backends?(): Promise<number[]>;
}

/** Baseline 1: plain Fastify, no logger; the route verifies the Bearer token itself. */
async function bareJwt(jwks: PrivateJwks): Promise<Running> {
  const { default: Fastify } = await import('fastify');
  const { createLocalJWKSet, jwtVerify } = await import('jose');
  const { TOKEN_AUDIENCE, TOKEN_ISSUER } = await import('../services/platform/src/auth/actor');
  const keys = createLocalJWKSet(publicJwks(jwks));
  const app = Fastify();
  app.get('/bare', async (request, reply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) return reply.code(401).send({ ok: false });
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: ['EdDSA', 'ES256'],
      });
      return { ok: true, sub: payload.sub };
    } catch {
      return reply.code(401).send({ ok: false });
    }
  });
  return { ready: { port: await listen(app) }, close: () => app.close() };
}

/** Baseline 2: plain Fastify; the route does only the argon2id verify of the stored hash. */
async function bareArgon2(hash: string): Promise<Running> {
  const { default: Fastify } = await import('fastify');
  const { verify } = await import('@node-rs/argon2');
  const app = Fastify();
  app.post('/argon2', async (request, reply) => {
    const { password } = request.body as { password: string };
    if (!(await verify(hash, password))) return reply.code(401).send({ ok: false });
    return { ok: true };
  });
  return { ready: { port: await listen(app) }, close: () => app.close() };
}

const baseEnv = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  // Required by the schema; the platform scenario never connects.
  NATS_URL: 'nats://127.0.0.1:4222',
};

/**
 * The platform: `full` is createApp + authPlugin as every service builds it. The other
 * variants rebuild it from its pieces, adding one at a time, to attribute the cost.
 */
async function platform(jwks: PrivateJwks, variant: PlatformVariant): Promise<Running> {
  const { authPlugin, baseConfigSchema, createApp, errorsPlugin, loadConfig, loggerOptions } =
    await import('@hall/platform');
  const { createLocalJWKSet } = await import('jose');
  const keys = createLocalJWKSet(publicJwks(jwks));
  let app: FastifyInstance;
  if (variant === 'full' || variant === 'full-log-warn') {
    const config = loadConfig(baseConfigSchema, {
      ...baseEnv,
      LOG_LEVEL: variant === 'full-log-warn' ? 'warn' : 'info',
    });
    app = await createApp({ service: 'bench', version: '0.0.0', description: 'bench', config });
  } else {
    const { default: Fastify } = await import('fastify');
    const { v7: uuidv7 } = await import('uuid');
    const {
      redact: _redact,
      formatters: _formatters,
      ...noRedact
    } = loggerOptions('bench', 'info');
    const logger =
      variant === 'auth-only'
        ? false
        : variant === 'auth+logger-noredact'
          ? noRedact
          : loggerOptions('bench', 'info');
    const metrics = variant === 'auth+logger+reqid+metrics';
    const reqId = variant === 'auth+logger+reqid' || metrics;
    const oneLine = variant === 'auth+logger-oneline';
    app = Fastify({
      logger,
      ...(reqId ? { requestIdHeader: 'x-request-id', genReqId: () => uuidv7() } : {}),
      ...(oneLine ? { disableRequestLogging: true } : {}),
    });
    if (oneLine) {
      // One line per request instead of Fastify's two ("incoming request", "request completed").
      app.addHook('onResponse', async (request, reply) => {
        request.log.info(
          {
            method: request.method,
            url: request.url,
            statusCode: reply.statusCode,
            responseTime: reply.elapsedTime,
          },
          'request completed',
        );
      });
    }
    await app.register(errorsPlugin);
    if (metrics) {
      const { observabilityPlugin } =
        await import('../services/platform/src/plugins/observability');
      await app.register(observabilityPlugin, { service: 'bench' });
    }
  }
  await app.register(authPlugin, { keys });
  app.get('/platform', { preHandler: app.guard.signedIn }, async (request) => ({
    ok: true,
    sub: request.actor?.id,
  }));
  return { ready: { port: await listen(app) }, close: () => app.close() };
}

/** Register `count` person accounts through identity's API; sign the first in. */
async function registerAccounts(app: HallApp, count: number): Promise<Omit<ServerReady, 'port'>> {
  const { accounts } = await import('@hall/identity/src/db/schema');
  const password = 'Bench#Pass2026';
  const usernames: string[] = [];
  for (let i = 0; i < count; i++) {
    const username = `benchuser${String(i).padStart(3, '0')}`;
    const res = await app.inject({
      method: 'POST',
      url: '/accounts/person',
      payload: {
        username,
        password,
        realName: '张三',
        idNumber: idNumber(i),
        mobile: `1380013${String(i).padStart(4, '0')}`,
      },
    });
    if (res.statusCode !== 201)
      throw new Error(`registering ${username}: ${res.statusCode} ${res.body}`);
    usernames.push(username);
  }
  const signIn = await app.inject({
    method: 'POST',
    url: '/sessions',
    payload: { username: usernames[0], password },
  });
  if (signIn.statusCode !== 200) throw new Error(`sign-in: ${signIn.statusCode} ${signIn.body}`);
  const token = (signIn.json() as { accessToken: string }).accessToken;
  const rows = await app.identity.database.withAllStations((tx) =>
    tx.select({ username: accounts.username, hash: accounts.passwordHash }).from(accounts),
  );
  const hash = rows.find((r) => r.username === usernames[0])?.hash;
  if (!hash) throw new Error('the registered account has no password hash');
  return { token, usernames, password, hash };
}

/**
 * The real identity service on a fresh database of the test PostgreSQL and a private NATS
 * namespace, with `accounts` person accounts registered through its own API.
 */
async function identity(spec: Extract<ServerSpec, { kind: 'identity' }>): Promise<Running> {
  process.env.HALL_TEST_PG_URL = spec.pgUrl;
  const { connectBus } = await import('@hall/platform');
  const { createTestDatabase, testNamespace } = await import('@hall/platform/testing');
  const { buildApp } = await import('@hall/identity/src/app');
  const { identityConfig } = await import('@hall/identity/src/config');
  const { SigningKeys } = await import('@hall/identity/src/domain/signing-keys');

  const db = await createTestDatabase('bench');
  const config = identityConfig({
    ...baseEnv,
    DATABASE_URL: db.url,
    NATS_URL: spec.natsUrl,
    BUS_NAMESPACE: testNamespace(),
    IDENTITY_SIGNING_KEYS_FILE: '/dev/null',
    IDENTITY_DATA_KEY: randomBytes(32).toString('base64'),
    // The per-IP limit on sign-in would answer 429 within the first second of load.
    AUTH_RATE_LIMIT_PER_MINUTE: '100000000',
    // GET /me uses one token for the whole run: let it live as long as allowed (1 h).
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  });
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({ config, keys: await SigningKeys.fromJwks(spec.jwks) });
  } catch (err) {
    await db.drop();
    throw err;
  }

  let ready: Omit<ServerReady, 'port'>;
  try {
    ready = await registerAccounts(app, spec.accounts);
  } catch (err) {
    await app.close();
    await db.drop();
    throw err;
  }
  const port = await listen(app);
  return {
    ready: { port, ...ready },
    async backends() {
      // postgres.js: the rows, as an array.
      const rows = (await app.identity.database.db.execute(
        'select pid from pg_stat_activity where datname = current_database()',
      )) as unknown as Array<{ pid: number }>;
      return rows.map((r) => Number(r.pid));
    },
    async close() {
      await app.close();
      const quiet = { info: () => {}, warn: () => {}, error: () => {} };
      const bus = await connectBus({
        url: config.NATS_URL,
        name: 'bench-cleanup',
        namespace: config.BUS_NAMESPACE,
        logger: quiet,
      });
      try {
        await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
      } finally {
        await bus.close();
      }
      await db.drop();
    },
  };
}

/**
 * Baseline 3: plain Fastify, no logger; `GET /bare/<name>` runs the statements the catalog
 * service runs for that request (captured by bench/lib/catalog.ts), batch by batch (a batch's
 * statements together, as the service issues them), through
 * postgres.js with the service's pool size, and answers their rows as JSON. No transaction, no
 * role or station setting, no validation or serialisation schema: the SQL alone.
 */
/** Consecutive statements of the same batch, in order. */
function batches<S extends { batch: number }>(statements: S[]): S[][] {
  const out: S[][] = [];
  for (const s of statements) {
    const last = out.at(-1);
    if (last && last[0]!.batch === s.batch) last.push(s);
    else out.push([s]);
  }
  return out;
}

async function bareSql(databaseUrl: string, routes: Record<string, CapturedStatement[]>) {
  const { default: Fastify } = await import('fastify');
  const { default: postgres } = await import('postgres');
  const sql = postgres(databaseUrl, { max: 10, onnotice: () => {}, connection: BARE_SESSION });
  const app = Fastify();
  app.get<{ Params: { name: string } }>('/bare/:name', async (request, reply) => {
    const statements = routes[request.params.name];
    if (!statements) return reply.code(404).send({ ok: false });
    const results: unknown[] = [];
    for (const batch of batches(statements))
      results.push(
        ...(await Promise.all(batch.map((s) => sql.unsafe(s.sql, s.params as never[], PREPARED)))),
      );
    return { results };
  });
  // For attribution: the same statements in the unit of work's shape (begin, the station
  // setting, the statements, commit), as Database.withStation runs them.
  app.get<{ Params: { name: string } }>('/bare-tx/:name', async (request, reply) => {
    const statements = routes[request.params.name];
    if (!statements) return reply.code(404).send({ ok: false });
    const results = await sql.begin(async (tx) => {
      await tx`select set_config('app.station', 'cq', true)`;
      const out: unknown[] = [];
      for (const batch of batches(statements))
        out.push(
          ...(await Promise.all(batch.map((s) => tx.unsafe(s.sql, s.params as never[], PREPARED)))),
        );
      return out;
    });
    return { results };
  });
  return {
    ready: { port: await listen(app) },
    async close() {
      await app.close();
      await sql.end({ timeout: 5 });
    },
  };
}

/** The real catalog service on the bench catalog, as production builds it (public routes only). */
async function catalog(spec: Extract<ServerSpec, { kind: 'catalog' }>): Promise<Running> {
  const { testNamespace } = await import('@hall/platform/testing');
  const { buildApp } = await import('@hall/catalog/src/app');
  const { catalogConfig } = await import('@hall/catalog/src/config');
  const namespace = testNamespace();
  const config = catalogConfig({
    ...baseEnv,
    DATABASE_URL: spec.databaseUrl,
    NATS_URL: spec.natsUrl,
    BUS_NAMESPACE: namespace,
    CATALOG_CACHE_TTL_SECONDS: String(spec.cacheSeconds),
  });
  const app = await buildApp({ config });
  return {
    ready: { port: await listen(app) },
    async close() {
      await app.close();
      // The private namespace's stream would otherwise outlive the run.
      await deleteStream(spec.natsUrl, namespace);
    },
  };
}

/** Drop a private namespace's event stream (and with it the consumers on it). */
async function deleteStream(natsUrl: string, namespace: string): Promise<void> {
  const { connectBus } = await import('@hall/platform');
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const bus = await connectBus({ url: natsUrl, name: 'bench-cleanup', namespace, logger: quiet });
  try {
    await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
  } finally {
    await bus.close();
  }
}

/**
 * The real submissions service as production builds it, on the database bench/lib/submissions.ts
 * prepared (drafts, cached item version, stations) and its namespace (where the bench serves
 * identity's list_stations for the station sync). Its outbox relay runs.
 */
async function submissions(spec: Extract<ServerSpec, { kind: 'submissions' }>): Promise<Running> {
  const { createLocalJWKSet } = await import('jose');
  const { buildApp } = await import('../services/submissions/src/app');
  const { submissionsConfig } = await import('../services/submissions/src/config');
  const config = submissionsConfig({
    ...baseEnv,
    DATABASE_URL: spec.databaseUrl,
    NATS_URL: spec.natsUrl,
    BUS_NAMESPACE: spec.namespace,
    SUBMISSIONS_DATA_KEY: spec.dataKey,
    PORTAL_PUBLIC_URL: 'https://hall.cq.gov.cn',
  });
  const app = await buildApp({ config, keys: createLocalJWKSet(publicJwks(spec.jwks)) });
  try {
    await Promise.race([
      app.stationSync.synced,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the station sync did not finish in 15 s')), 15_000),
      ),
    ]);
    return { ready: { port: await listen(app) }, close: () => app.close() };
  } catch (err) {
    await app.close();
    throw err;
  }
}

/**
 * Baseline 4: plain Fastify, no logger, no token check; `POST /bare/applications/:id/submit
 * ?applicant=` replays the statements the service's submit runs (captured by
 * bench/lib/submissions.ts) with this request's draft, applicant, time, serial and fresh ids,
 * through postgres.js as the database owner with the service's pool size: reads as plain
 * statements, the unit that writes in one transaction. `/bare-tx/…` runs every unit as the
 * service does — begin, the station setting, the statements, commit — as the application role
 * (row-level security on), for attribution.
 */
async function bareSubmit(spec: Extract<ServerSpec, { kind: 'bare-submit' }>): Promise<Running> {
  const { default: Fastify } = await import('fastify');
  const { default: connect } = await import('postgres');
  const { v7: uuidv7 } = await import('uuid');
  const owner = connect(spec.databaseUrl, {
    max: 10,
    onnotice: () => {},
    connection: BARE_SESSION,
  });
  const asApp = connect(spec.databaseUrl, {
    max: 10,
    onnotice: () => {},
    connection: { ...BARE_SESSION, role: spec.appRole },
  });
  interface Request {
    id: string;
    applicant: string;
    now: string;
    serial: string | null;
  }
  type Bound = (r: Request) => unknown;
  const binder = (p: ReplayParam): Bound => {
    if ('bytes' in p) {
      const bytes = Buffer.from(p.bytes, 'base64');
      return () => bytes;
    }
    if ('value' in p) return () => p.value;
    switch (p.slot) {
      case 'fresh':
        return () => uuidv7();
      case 'id':
        return (r) => r.id;
      case 'applicant':
        return (r) => r.applicant;
      case 'now':
        return (r) => r.now;
      case 'serial':
        return (r) => r.serial;
    }
  };
  const units = spec.units.map((unit) => ({
    ...unit,
    batches: batches(
      unit.statements.map((s: ReplayStatement) => ({ ...s, bind: s.params.map(binder) })),
    ),
  }));
  type Unit = (typeof units)[number];
  type Sql = postgres.Sql | postgres.TransactionSql;
  /** `scoped`: act for the stations as the service does (set_config where it re-scopes). */
  const run = async (sql: Sql, unit: Unit, r: Request, scoped = false): Promise<unknown[]> => {
    const out: unknown[] = [];
    let at = 0;
    for (const batch of unit.batches) {
      if (scoped && unit.rescope?.at === at)
        await sql`select set_config('app.station', ${unit.rescope.setting}, true)`;
      at += batch.length;
      const results = await Promise.all(
        batch.map((s) => sql.unsafe(s.sql, s.bind.map((b) => b(r)) as never[], PREPARED)),
      );
      batch.forEach((s, i) => {
        if (!s.counter) return;
        const last = Number((results[i] as unknown as Array<{ last: number }>)[0]!.last);
        r.serial = `${spec.serial.prefix}${spec.serial.day}${String(last).padStart(6, '0')}`;
      });
      out.push(...results);
    }
    return out;
  };
  const requestOf = (params: { id: string }, query: { applicant?: string }): Request => ({
    id: params.id,
    applicant: query.applicant ?? '',
    now: new Date().toISOString(),
    serial: null,
  });
  const app = Fastify();
  type Route = { Params: { id: string }; Querystring: { applicant?: string } };
  app.post<Route>('/bare/applications/:id/submit', async (request) => {
    const r = requestOf(request.params, request.query);
    let results: unknown[] = [];
    for (const unit of units)
      results = unit.writes
        ? await owner.begin((tx) => run(tx, unit, r))
        : await run(owner, unit, r);
    return { serial: r.serial, results };
  });
  app.post<Route>('/bare-tx/applications/:id/submit', async (request) => {
    const r = requestOf(request.params, request.query);
    let results: unknown[] = [];
    for (const unit of units)
      results = await asApp.begin(async (tx) => {
        await tx`select set_config('app.station', ${unit.setting}, true)`;
        return run(tx, unit, r, true);
      });
    return { serial: r.serial, results };
  });
  return {
    ready: { port: await listen(app) },
    async close() {
      await app.close();
      await Promise.all([owner.end({ timeout: 5 }), asApp.end({ timeout: 5 })]);
    },
  };
}

/**
 * The real materials service as production builds it (fs storage in `storageDir`), on a fresh
 * database of the test PostgreSQL and a private namespace, both removed on close. The library
 * quota is raised so that repeated uploads of one account never hit it (the quota checks still
 * run on every upload).
 */
async function materials(spec: Extract<ServerSpec, { kind: 'materials' }>): Promise<Running> {
  process.env.HALL_TEST_PG_URL = spec.pgUrl;
  const { createLocalJWKSet } = await import('jose');
  const { createTestDatabase, testNamespace } = await import('@hall/platform/testing');
  const { buildApp } = await import('../services/materials/src/app');
  const { materialsConfig } = await import('../services/materials/src/config');
  const db = await createTestDatabase('bench_materials');
  const namespace = testNamespace();
  try {
    const config = materialsConfig({
      ...baseEnv,
      DATABASE_URL: db.url,
      NATS_URL: spec.natsUrl,
      BUS_NAMESPACE: namespace,
      MATERIALS_STORAGE: 'fs',
      MATERIALS_STORAGE_DIR: spec.storageDir,
      MATERIALS_QUOTA_BYTES: String(2 ** 50),
      MATERIALS_LINK_SECRET: randomBytes(32).toString('base64url'),
    });
    const app = await buildApp({ config, keys: createLocalJWKSet(publicJwks(spec.jwks)) });
    return {
      ready: { port: await listen(app) },
      async close() {
        await app.close();
        await deleteStream(spec.natsUrl, namespace);
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}

/**
 * Baseline 5: plain Fastify, no logger, with @fastify/multipart (the materials service's own
 * copy, so both sides parse with the same version and the same limits); `POST /files` streams
 * the file part to a new file in `dir` (`pipeline(part.file, createWriteStream(path))`) and
 * answers 201 with its size. `/files-sync` does the same with `flush: true` (fsync before
 * close), as the service's fs storage writes, for attribution.
 */
async function bareUpload(spec: Extract<ServerSpec, { kind: 'bare-upload' }>): Promise<Running> {
  const { createRequire } = await import('node:module');
  const { createWriteStream } = await import('node:fs');
  const { join } = await import('node:path');
  const { pipeline } = await import('node:stream/promises');
  const { pathToFileURL } = await import('node:url');
  const { default: Fastify } = await import('fastify');
  const fromMaterials = createRequire(
    new URL('../services/materials/package.json', import.meta.url),
  );
  const { default: multipart } = (await import(
    pathToFileURL(fromMaterials.resolve('@fastify/multipart')).href
  )) as { default: typeof Multipart };
  const app = Fastify();
  await app.register(multipart, {
    limits: { fileSize: spec.maxFileBytes, files: 1, fields: 4, parts: 5 },
  });
  const route = (flush: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const part = await request.file();
    if (!part) return reply.code(400).send({ ok: false });
    const out = createWriteStream(join(spec.dir, randomBytes(12).toString('hex')), { flush });
    await pipeline(part.file, out);
    return reply.code(201).send({ size: out.bytesWritten });
  };
  app.post('/files', route(false));
  app.post('/files-sync', route(true));
  return { ready: { port: await listen(app) }, close: () => app.close() };
}

function start(spec: ServerSpec): Promise<Running> {
  switch (spec.kind) {
    case 'bare-jwt':
      return bareJwt(spec.jwks);
    case 'bare-argon2':
      return bareArgon2(spec.hash);
    case 'platform':
      return platform(spec.jwks, spec.variant);
    case 'identity':
      return identity(spec);
    case 'catalog':
      return catalog(spec);
    case 'bare-sql':
      return bareSql(spec.databaseUrl, spec.routes);
    case 'submissions':
      return submissions(spec);
    case 'bare-submit':
      return bareSubmit(spec);
    case 'materials':
      return materials(spec);
    case 'bare-upload':
      return bareUpload(spec);
    case 'assistant':
    case 'bare-ask':
      return robot(spec);
    case 'publicity':
      return publicity(spec);
  }
}

/** The announcements group's service (bench/lib/publicity.ts); its baseline is `bare-sql`. */
async function publicity(spec: Extract<ServerSpec, { kind: 'publicity' }>): Promise<Running> {
  const { publicityServer } = await import('./lib/publicity');
  const server = await publicityServer(spec.databaseUrl, spec.natsUrl, spec.namespace, {
    ...baseEnv,
    PUBLICITY_CACHE_TTL_SECONDS: String(spec.cacheSeconds),
  });
  return { ready: { port: await listen(server.app) }, close: () => server.close() };
}

/** The robot group's servers (bench/lib/assistant.ts): the real robot, or its bare SQL. */
async function robot(
  spec: Extract<ServerSpec, { kind: 'assistant' | 'bare-ask' }>,
): Promise<Running> {
  const { assistantServer, bareAskServer } = await import('./lib/assistant');
  const server =
    spec.kind === 'assistant'
      ? await assistantServer(spec.databaseUrl, spec.natsUrl, baseEnv)
      : await bareAskServer(spec.databaseUrl, spec.questions);
  return { ready: { port: await listen(server.app) }, close: () => server.close() };
}

let running: Running | null = null;
process.on('message', (message: ToServer) => {
  void (async () => {
    try {
      if (message.type === 'start') {
        running = await start(message.spec);
        send({ type: 'ready', ready: running.ready });
      } else if (message.type === 'backends') {
        send({ type: 'backends', pids: (await running?.backends?.()) ?? [] });
      } else {
        await running?.close();
        running = null;
        send({ type: 'stopped' }, () => process.exit(0));
      }
    } catch (err) {
      send({
        type: 'failed',
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    }
  })();
});
// The bench died: do not linger.
process.on('disconnect', () => {
  void (running?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
