/**
 * `pnpm bench`: the platform's per-request cost and identity's sign-in throughput, each as a
 * ratio against a bare Fastify baseline measured in the same run; and the portal's
 * server-rendered pages against a static file served by the same portal server. See README.md.
 *
 * Processes: this one drives the load (autocannon's API) and reports; every server runs in a
 * child process of its own (server.ts), so load generator and servers never share an event
 * loop, and the bare baselines load no platform code. The children's stdout — the servers'
 * pino request logs at the production level `info` — goes to results/server.log.
 *
 * Noise: the machine is small and shared, so a scenario's BENCH_SECONDS are cut into
 * BENCH_ROUNDS slices, interleaved with its baseline's slices in ABBA order (forward, then
 * backward, …). A ratio is the median of the per-round ratios: a burst of background load
 * spoils one round, not the comparison.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SigningKeys } from '@hall/identity/src/domain/signing-keys';
import { load, type LoadResult, type LoadSpec } from './lib/load';
import { idNumber } from './lib/people';
import { prepareCatalog } from './lib/catalog';
import { ensurePortalBuild, signInThroughPortal, startPortal } from './lib/portal';
import type {
  FromServer,
  PlatformVariant,
  ServerReady,
  ServerSpec,
  ToServer,
} from './lib/protocol';
import { table, type Row } from './lib/report';
import { backingServices } from './lib/services';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = `${here}results`;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive integer, not '${raw}'`);
  return n;
}

const seconds = envNumber('BENCH_SECONDS', 10);
const rounds = Math.min(envNumber('BENCH_ROUNDS', 5), seconds);
const settings = {
  /** Measured seconds per scenario, in total over the rounds. */
  seconds,
  rounds,
  sliceSeconds: Math.max(1, Math.round(seconds / rounds)),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 3),
  connections: envNumber('BENCH_CONNECTIONS', 10),
  /** Also run the platform with OpenTelemetry loaded, as the services' start scripts do. */
  otel: process.env.BENCH_OTEL !== '0',
  /** Also run the platform rebuilt piece by piece, to attribute its cost. */
  breakdown: process.env.BENCH_BREAKDOWN === '1',
  /** Write a V8 CPU profile of every server to results/profiles (summarise with profile.ts). */
  cpuProf: process.env.BENCH_CPU_PROF === '1',
  /** The portal's pages against a static file of the same server. */
  pages: process.env.BENCH_PAGES !== '0',
  /** Concurrent connections of the catalog group (the issue's figure). */
  catalogConnections: envNumber('BENCH_CATALOG_CONNECTIONS', 50),
  /** Generated catalog items per station (42 stations; 2,400 → 100,800 items). */
  catalogPerStation: envNumber('BENCH_CATALOG_PER_STATION', 2400),
  /** Run only these groups (comma-separated: platform, sign-in, pages, catalog); all when unset. */
  only: (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean),
};
const GROUPS = ['platform', 'sign-in', 'pages', 'catalog'] as const;
type GroupName = (typeof GROUPS)[number];
for (const g of settings.only)
  if (!(GROUPS as readonly string[]).includes(g))
    throw new Error(`BENCH_ONLY: unknown group '${g}' (groups: ${GROUPS.join(', ')})`);
const runs = (group: GroupName): boolean =>
  (settings.only.length === 0 || settings.only.includes(group)) &&
  (group !== 'pages' || settings.pages);
const GOAL = 0.7;
/** The catalog's latency goal at BENCH_CATALOG_CONNECTIONS: p99 under this many ms. */
const CATALOG_P99_GOAL_MS = 50;

mkdirSync(resultsDir, { recursive: true });
if (settings.cpuProf) rmSync(`${resultsDir}/profiles`, { recursive: true, force: true });
const logPath = `${resultsDir}/server.log`;
writeFileSync(logPath, '');
const logFd = openSync(logPath, 'a');

function profileName(spec: ServerSpec, options: { otel?: boolean }): string {
  const name =
    spec.kind === 'platform' ? `platform-${spec.variant}${options.otel ? '-otel' : ''}` : spec.kind;
  return name.replace(/[^a-z0-9-]+/gi, '_');
}

interface Server {
  pid: number;
  ready: ServerReady;
  url(path: string): string;
  stop(): Promise<void>;
  /** identity: the pids of the PostgreSQL backends serving its database. */
  backends?(): Promise<number[]>;
}

const servers: Server[] = [];

/** Fork server.ts, start `spec` in it, and wait until it listens. */
async function startServer(spec: ServerSpec, options: { otel?: boolean } = {}): Promise<Server> {
  const child: ChildProcess = fork(`${here}server.ts`, [], {
    cwd: here,
    execArgv: [
      '--import',
      'tsx',
      ...(options.otel ? ['--import', '@hall/platform/telemetry'] : []),
      // One directory per server: tsx's loader thread writes a profile of its own beside the
      // main thread's (CPU.<date>.<time>.<pid>.0.<seq>.cpuprofile; thread 0 is the main one).
      ...(settings.cpuProf
        ? ['--cpu-prof', '--cpu-prof-dir', `${resultsDir}/profiles/${profileName(spec, options)}`]
        : []),
    ],
    stdio: ['ignore', logFd, 'inherit', 'ipc'],
  });
  const reply = new Promise<FromServer>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the ${spec.kind} server exited (${String(code)})`));
    child.once('exit', onExit);
    child.once('message', (m: FromServer) => {
      child.off('exit', onExit);
      resolve(m);
    });
  });
  child.send({ type: 'start', spec } satisfies ToServer);
  const m = await reply.catch((err: unknown) => ({ type: 'failed' as const, error: String(err) }));
  if (m.type !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(
      `the ${spec.kind} server did not start: ${m.type === 'failed' ? m.error : m.type}`,
    );
  }
  const { ready } = m;
  // Later replies: the answers to `backends` requests, in order.
  const pending: Array<{ resolve(pids: number[]): void; reject(err: Error): void }> = [];
  child.on('message', (reply: FromServer) => {
    if (reply.type === 'backends') pending.shift()?.resolve(reply.pids);
    else if (reply.type === 'failed') pending.shift()?.reject(new Error(reply.error));
  });
  const server: Server = {
    pid: child.pid ?? 0,
    ready,
    url: (path) => `http://127.0.0.1:${ready.port}${path}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.send({ type: 'stop' } satisfies ToServer);
      await exited;
      clearTimeout(timer);
    },
    backends: () =>
      new Promise((resolve, reject) => {
        pending.push({ resolve, reject });
        child.send({ type: 'backends' } satisfies ToServer);
      }),
  };
  servers.push(server);
  return server;
}

/** The portal's build (`node build`) as one more server of the run. */
async function startPortalServer(identityUrl: string): Promise<Server> {
  const portal = await startPortal({
    root,
    identityUrl,
    logFd,
    execArgv: settings.cpuProf
      ? ['--cpu-prof', '--cpu-prof-dir', `${resultsDir}/profiles/portal`]
      : [],
  });
  const server: Server = {
    pid: portal.pid,
    ready: { port: Number(new URL(portal.base).port) },
    url: portal.url,
    stop: portal.stop,
  };
  servers.push(server);
  return server;
}

interface Slice extends LoadResult {
  /** CPU seconds the server process spent (all its threads: argon2 runs on libuv's pool). */
  cpu: number;
  /** CPU seconds other processes spent for this scenario's requests, by name (see CpuMeter). */
  otherCpu: Record<string, number>;
}

/**
 * CPU spent elsewhere for a scenario's requests (the portal's calls to identity, identity's
 * queries): `start` reads the counters, the function it returns reads the difference.
 */
interface CpuMeter {
  name: string;
  start(): Promise<() => Promise<number>>;
}

function processCpu(name: string, pid: number): CpuMeter {
  return {
    name,
    async start() {
      const before = cpuSeconds(pid);
      return async () => cpuSeconds(pid) - before;
    },
  };
}

/**
 * The PostgreSQL backends serving identity's database (identity's pool), found through
 * pg_stat_activity at the start and end of a slice; a backend that appears meanwhile counts
 * from zero. PostgreSQL's background processes (WAL writer, checkpointer) are not included.
 */
function postgresCpu(identity: Server): CpuMeter {
  return {
    name: 'postgres',
    async start() {
      const pids = await identity.backends!();
      const before = new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
      return async () => {
        let spent = 0;
        for (const [pid, cpu] of before) {
          const now = cpuSeconds(pid);
          if (Number.isFinite(now) && Number.isFinite(cpu)) spent += now - cpu;
        }
        for (const pid of await identity.backends!()) {
          if (before.has(pid)) continue;
          const now = cpuSeconds(pid);
          if (Number.isFinite(now)) spent += now;
        }
        return spent;
      };
    },
  };
}

interface Scenario {
  id: string;
  description: string;
  server: Server;
  load: Omit<LoadSpec, 'connections' | 'seconds'>;
  baseline?: Scenario;
  goal?: number;
  /** Texts the body must contain; then the answer must also be exactly 200 (no redirect). */
  expect?: string[];
  /** Other processes whose CPU is measured around this scenario's slices. */
  elsewhere?: CpuMeter[];
  /** Body size of the probe's answer. */
  bytes?: number;
  /** Concurrent connections, when not settings.connections. */
  connections?: number;
  slices: Slice[];
}

function scenario(
  id: string,
  description: string,
  server: Server,
  path: string,
  spec: Omit<Scenario['load'], 'url'>,
  compare?: {
    baseline?: Scenario;
    goal?: number;
    expect?: string[];
    elsewhere?: CpuMeter[];
    connections?: number;
  },
): Scenario {
  return {
    id,
    description,
    server,
    load: { ...spec, url: server.url(path) },
    ...compare,
    slices: [],
  };
}

/** User + system CPU seconds of a process so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

/**
 * One request must answer 2xx before any load (and after it); a scenario with `expect` must
 * answer exactly 200 with those texts in the body, so that an error page, a redirect to
 * 【登录】 or an empty frame cannot pass for a fast page.
 */
async function probe(s: Scenario, when: string): Promise<void> {
  const first = s.load.bodies?.[0];
  const request = `${s.load.method ?? 'GET'} ${s.load.url}`;
  const res = await fetch(s.load.url, {
    method: s.load.method ?? 'GET',
    redirect: 'manual',
    headers: {
      ...(first !== undefined ? { 'content-type': 'application/json' } : {}),
      ...s.load.headers,
    },
    ...(first !== undefined ? { body: JSON.stringify(first) } : {}),
  });
  const body = await res.text();
  s.bytes = Buffer.byteLength(body);
  const location = res.headers.get('location');
  const answered = `${res.status}${location ? ` → ${location}` : ''}`;
  if (!res.ok || (s.expect && res.status !== 200))
    throw new Error(`${s.id} (${when}): ${request} answered ${answered}: ${body.slice(0, 500)}`);
  const missing = (s.expect ?? []).filter((text) => !body.includes(text));
  if (missing.length)
    throw new Error(
      `${s.id} (${when}): ${request} answered ${res.status} without ${missing.map((t) => `'${t}'`).join(', ')}: ${body.slice(0, 500)}`,
    );
}

/** Warm each scenario up, then measure them slice by slice, in ABBA order. */
async function runGroup(name: string, group: Scenario[]): Promise<void> {
  for (const s of group) await probe(s, 'before the load');
  console.log(
    `${name}: warm-up ${settings.warmupSeconds} s each, then ${settings.rounds} rounds × ${settings.sliceSeconds} s`,
  );
  for (const s of group)
    await load({
      ...s.load,
      connections: s.connections ?? settings.connections,
      seconds: settings.warmupSeconds,
    });
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? group : [...group].reverse();
    const line: string[] = [];
    for (const s of order) {
      const meters = await Promise.all((s.elsewhere ?? []).map((m) => m.start()));
      const before = cpuSeconds(s.server.pid);
      const result = await load({
        ...s.load,
        connections: s.connections ?? settings.connections,
        seconds: settings.sliceSeconds,
      });
      const cpu = cpuSeconds(s.server.pid) - before;
      const spent = await Promise.all(meters.map((read) => read()));
      const otherCpu = Object.fromEntries(
        (s.elsewhere ?? []).map((m, i) => [m.name, spent[i]!] as const),
      );
      const slice = { ...result, cpu, otherCpu };
      s.slices[round] = slice;
      line.push(`${s.id} ${slice.rps.toFixed(0)}`);
    }
    console.log(`  round ${round + 1}: ${line.join(', ')} req/s`);
  }
  // Still the right pages at the end (e.g. the session did not lapse during the run).
  for (const s of group) if (s.expect) await probe(s, 'after the load');
}

/**
 * JSON as prettier prints it (arrays of numbers on one line), so that the repository's
 * `prettier --check .`, which does not read bench/.gitignore, passes over results/latest.json.
 */
function prettyJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2).replace(
    /\[\n\s*([-\d.e+,\s]*?)\n\s*\]/g,
    (_m, items: string) => `[${items.split(/,\s*/).join(', ')}]`,
  );
  return `${json}\n`;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Server CPU per request over all the slices: far steadier than req/s on a busy machine. */
function cpuMsPerRequest(s: Scenario): number {
  const requests = s.slices.reduce((n, r) => n + r.requests, 0);
  return (1000 * s.slices.reduce((n, r) => n + r.cpu, 0)) / Math.max(1, requests);
}

function rowOf(s: Scenario): Row {
  const total = (k: 'requests' | 'non2xx' | 'errors' | 'timeouts') =>
    s.slices.reduce((n, r) => n + r[k], 0);
  const requests = total('requests');
  const problems = [
    total('non2xx') && `${total('non2xx')} non-2xx`,
    total('errors') && `${total('errors')} errors`,
    total('timeouts') && `${total('timeouts')} timeouts`,
  ].filter(Boolean);
  const row: Row = {
    id: s.id,
    scenario: s.description,
    rps: requests / (s.slices.length * settings.sliceSeconds),
    p50: median(s.slices.map((r) => r.p50)),
    p99: median(s.slices.map((r) => r.p99)),
    mean: s.slices.reduce((n, r) => n + r.mean * r.requests, 0) / Math.max(1, requests),
    requests,
    non2xx: total('non2xx'),
    errors: total('errors'),
    timeouts: total('timeouts'),
    roundsRps: s.slices.map((r) => Math.round(r.rps)),
    cpuMsPerRequest: cpuMsPerRequest(s),
    ...(s.bytes !== undefined ? { bytes: s.bytes } : {}),
    ...(s.elsewhere?.length
      ? {
          otherCpuMsPerRequest: Object.fromEntries(
            s.elsewhere.map((m) => [
              m.name,
              (1000 * s.slices.reduce((n, r) => n + (r.otherCpu[m.name] ?? 0), 0)) /
                Math.max(1, requests),
            ]),
          ),
        }
      : {}),
    ...(problems.length ? { invalid: problems.join(', ') } : {}),
  };
  if (s.baseline) {
    const base = s.baseline;
    const perRound = s.slices.map((r, i) => r.rps / base.slices[i]!.rps);
    row.baseline = base.id;
    row.ratio = median(perRound);
    row.ratioRange = [Math.min(...perRound), Math.max(...perRound)];
    row.cpuRatio = cpuMsPerRequest(base) / cpuMsPerRequest(s);
    if (s.goal !== undefined)
      row.goal = { min: s.goal, holds: row.ratio >= s.goal && !row.invalid };
  }
  return row;
}

/** The portal's account (besides identity's bench accounts): registered and signed in for `pages`. */
const PORTAL_PERSON = {
  username: 'benchportal',
  password: 'Bench#Portal2026',
  realName: '李四',
  idNumber: idNumber(899),
  mobile: '13900138999',
};

async function main(): Promise<void> {
  const services = backingServices(root);
  const jwks = await SigningKeys.generateJwks('bench-key');
  const signer = await SigningKeys.fromJwks(jwks);
  // A token as identity issues them (same key, issuer, audience, typ), valid for the whole run.
  const token = await signer.sign({ sub: randomUUID(), typ: 'person' }, 3600);
  const bearer = { authorization: `Bearer ${token}` };
  const portalBuild = runs('pages') ? ensurePortalBuild(root) : null;

  console.log(
    `hall bench: ${settings.connections} connections; per scenario ${settings.warmupSeconds} s warm-up + ` +
      `${settings.rounds} × ${settings.sliceSeconds} s interleaved with its baseline; server logs → ${logPath}\n`,
  );

  // Every server, each in its own process, before any load; idle ones cost next to nothing.
  const identity = await startServer({
    kind: 'identity',
    jwks,
    accounts: settings.connections,
    pgUrl: services.pgUrl,
    natsUrl: services.natsUrl,
  });
  const { usernames = [], password, hash = '', token: meToken } = identity.ready;
  const groups: Array<[string, Scenario[]]> = [];

  if (runs('platform')) {
    // 1 and 3: authenticated trivial request, and identity's GET /me, against bare Fastify + jose.
    const bareJwtServer = await startServer({ kind: 'bare-jwt', jwks });
    const platformServer = await startServer({ kind: 'platform', jwks, variant: 'full' });
    const get = { headers: bearer };
    const bareJwt = scenario(
      'bare-jwt',
      'Fastify() + jose jwtVerify, GET /bare (baseline)',
      bareJwtServer,
      '/bare',
      get,
    );
    const jwtGroup: Scenario[] = [
      bareJwt,
      scenario(
        'platform',
        'createApp + authPlugin, GET /platform (guard.signedIn), LOG_LEVEL=info',
        platformServer,
        '/platform',
        get,
        { baseline: bareJwt, goal: GOAL },
      ),
    ];
    if (settings.otel) {
      const server = await startServer({ kind: 'platform', jwks, variant: 'full' }, { otel: true });
      jwtGroup.push(
        scenario(
          'platform+otel',
          'as platform, with --import @hall/platform/telemetry (as the start scripts)',
          server,
          '/platform',
          get,
          { baseline: bareJwt },
        ),
      );
    }
    if (settings.breakdown) {
      const variants: Array<[PlatformVariant, string]> = [
        ['full-log-warn', 'createApp + authPlugin, LOG_LEVEL=warn'],
        ['auth-only', 'Fastify() + errorsPlugin + authPlugin, no logger'],
        ['auth+logger', '+ pino logger (platform options: info, redaction)'],
        ['auth+logger-noredact', '+ pino logger, info, without redaction'],
        ['auth+logger-oneline', '+ pino logger, info, one line per request (onResponse)'],
        ['auth+logger+reqid', '+ pino logger + x-request-id / uuidv7 genReqId'],
        [
          'auth+logger+reqid+metrics',
          '+ pino logger + genReqId + observabilityPlugin (metrics hook)',
        ],
      ];
      for (const [variant, description] of variants) {
        const server = await startServer({ kind: 'platform', jwks, variant });
        jwtGroup.push(
          scenario(`platform:${variant}`, description, server, '/platform', get, {
            baseline: bareJwt,
          }),
        );
      }
    }
    jwtGroup.push(
      scenario(
        'identity-me',
        'identity GET /me (token check + DB read + decrypt)',
        identity,
        '/me',
        { headers: { authorization: `Bearer ${meToken}` } },
        { baseline: bareJwt },
      ),
    );
    groups.push(['authenticated trivial request', jwtGroup]);
  }

  if (runs('sign-in')) {
    // 2: sign-in against bare Fastify + argon2id verify of the same hash.
    const bareArgon2Server = await startServer({ kind: 'bare-argon2', hash });
    const post = (bodies: unknown[]) => ({ method: 'POST' as const, bodies });
    const first = [{ username: usernames[0], password }];
    const bareArgon2 = scenario(
      'bare-argon2',
      'Fastify() + argon2id verify of the same hash (baseline)',
      bareArgon2Server,
      '/argon2',
      post(first),
    );
    groups.push([
      'sign-in',
      [
        bareArgon2,
        scenario(
          'identity-login',
          'identity POST /sessions, one account on every connection',
          identity,
          '/sessions',
          post(first),
          { baseline: bareArgon2 },
        ),
        scenario(
          'identity-login-n',
          `identity POST /sessions, ${usernames.length} accounts (one per connection)`,
          identity,
          '/sessions',
          post(usernames.map((username) => ({ username, password }))),
          { baseline: bareArgon2 },
        ),
      ],
    ]);
  }

  if (runs('pages')) {
    // 4: the portal's server-rendered pages against a static file of the same `node build`.
    const portal = await startPortalServer(identity.url(''));
    console.log(`portal: ${portal.url('')}, build of ${portalBuild!.toISOString()}`);
    const registered = await fetch(identity.url('/accounts/person'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(PORTAL_PERSON),
    });
    if (registered.status !== 201)
      throw new Error(
        `registering ${PORTAL_PERSON.username}: ${registered.status} ${await registered.text()}`,
      );
    // Signed in once, as a browser would be; every connection sends that browser's cookies.
    const cookie = await signInThroughPortal(
      portal.url(''),
      'cq',
      PORTAL_PERSON.username,
      PORTAL_PERSON.password,
    );
    const staticFile = scenario(
      'portal-static',
      'portal (node build): GET /robots.txt, a static file (sirv) (baseline)',
      portal,
      '/robots.txt',
      {},
      { expect: ['User-agent'] },
    );
    groups.push([
      'pages',
      [
        staticFile,
        scenario(
          'portal-home',
          'portal: GET /cq, the home page, SSR, signed out (station list cached)',
          portal,
          '/cq',
          {},
          { baseline: staticFile, expect: ['重庆市', '网上行政审批大厅', '登录'] },
        ),
        scenario(
          'portal-profile',
          'portal: GET /cq/space/profile, SSR, signed in (token checked locally + identity GET /me)',
          portal,
          '/cq/space/profile',
          { headers: { cookie } },
          {
            baseline: staticFile,
            expect: ['个人信息', PORTAL_PERSON.username, PORTAL_PERSON.realName],
            elsewhere: [processCpu('identity', identity.pid), postgresCpu(identity)],
          },
        ),
      ],
    ]);
  }

  if (runs('catalog')) {
    // 5: the catalog's keyword search and department listing over ≥ 100,000 items, against a
    // bare Fastify route running the very statements the service runs for the same request.
    const prepared = await prepareCatalog(services.pgUrl, {
      perStation: settings.catalogPerStation,
      log: (line) => console.log(line),
    });
    console.log(
      `catalog: ${prepared.items} items; ` +
        prepared.requests.map((r) => `${r.id} finds ${r.total}`).join(', '),
    );
    const catalogServer = await startServer({
      kind: 'catalog',
      databaseUrl: prepared.databaseUrl,
      natsUrl: services.natsUrl,
    });
    const bareSqlServer = await startServer({
      kind: 'bare-sql',
      databaseUrl: prepared.databaseUrl,
      routes: Object.fromEntries(prepared.requests.map((r) => [r.id, r.statements])),
    });
    const connections = settings.catalogConnections;
    const scenarios: Scenario[] = [];
    for (const request of prepared.requests) {
      const bare = scenario(
        `bare-sql-${request.id}`,
        `Fastify() + postgres.js: the ${request.statements.length} statements of catalog-${request.id} (baseline)`,
        bareSqlServer,
        `/bare/${request.id}`,
        {},
        { connections },
      );
      scenarios.push(
        bare,
        scenario(
          `bare-sql-tx-${request.id}`,
          `the same statements in a transaction with the station setting (attribution)`,
          bareSqlServer,
          `/bare-tx/${request.id}`,
          {},
          { baseline: bare, connections },
        ),
        scenario(
          `catalog-${request.id}`,
          `catalog GET ${decodeURIComponent(request.path)}`,
          catalogServer,
          request.path,
          {},
          { baseline: bare, goal: GOAL, connections },
        ),
      );
    }
    groups.push([`catalog (${connections} connections)`, scenarios]);
  }

  for (const [name, group] of groups) await runGroup(name, group);

  const rows = groups.flatMap(([, group]) => group).map(rowOf);
  console.log(`\n${table(rows)}\n`);
  const platform = rows.find((r) => r.id === 'platform');
  if (platform)
    console.log(
      `Goal — the platform costs at most 30% (platform ÷ bare-jwt req/s ≥ ${GOAL}): ` +
        `${(platform.ratio ?? 0).toFixed(2)}, ${platform.goal?.holds ? 'holds' : 'FAILS'} ` +
        `(by server CPU per request: ${(platform.cpuRatio ?? Number.NaN).toFixed(2)}).`,
    );
  for (const row of rows.filter((r) => r.id.startsWith('catalog-') && r.baseline)) {
    const bare = rows.find((r) => r.id === row.baseline);
    console.log(
      `Goal — ${row.id}: ≥ ${GOAL} of the bare SQL's req/s: ${(row.ratio ?? 0).toFixed(2)} ` +
        `${row.goal?.holds ? 'holds' : 'FAILS'}; p99 < ${CATALOG_P99_GOAL_MS} ms at ` +
        `${settings.catalogConnections} connections: ${row.p99.toFixed(0)} ms ` +
        `${row.p99 < CATALOG_P99_GOAL_MS && !row.invalid ? 'holds' : 'FAILS'} ` +
        `(the bare SQL's: ${bare ? bare.p99.toFixed(0) : '?'} ms).`,
    );
  }
  console.log(
    "ratio: req/s ÷ the baseline's, median of the per-round ratios (lowest–highest round in brackets).\n" +
      "cpu ratio: the baseline's server CPU per request ÷ this one's (identity's PostgreSQL work not included;\n" +
      "  for the portal's rows, only the portal process: identity's and PostgreSQL's CPU are listed apart).\n" +
      'Quote ratios, not req/s: the load generator, the servers and PostgreSQL share the machine.',
  );

  const cpu = cpus();
  const report = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadavgAtEnd: loadavg(),
    },
    settings: { ...settings, goal: GOAL },
    goal: platform
      ? {
          scenario: 'platform',
          baseline: 'bare-jwt',
          min: GOAL,
          ratio: platform.ratio,
          cpuRatio: platform.cpuRatio,
          holds: platform.goal?.holds ?? false,
        }
      : null,
    ...(portalBuild ? { portalBuild: portalBuild.toISOString() } : {}),
    results: rows,
  };
  writeFileSync(`${resultsDir}/latest.json`, prettyJson(report));
  console.log(`Results: ${resultsDir}/latest.json`);
  const invalid = rows.filter((r) => r.invalid);
  if (invalid.length) {
    for (const r of invalid)
      console.error(`INVALID: ${r.id} saw ${r.invalid}: its figures mean nothing.`);
    process.exitCode = 1;
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    // Servers stop one at a time: identity drops its database and stream on the way out.
    for (const server of servers) await server.stop().catch(() => {});
    closeSync(logFd);
  });
