/**
 * `pnpm bench`: the platform's per-request cost and identity's sign-in throughput, each as a
 * ratio against a bare Fastify baseline measured in the same run; the portal's
 * server-rendered pages against a static file served by the same portal server; the catalog's
 * lists and the submissions service's submit against the same SQL replayed by bare Fastify;
 * the materials service's uploads (MB/s, peak memory) against bare Fastify + multipart.
 * See README.md.
 *
 * Processes: this one drives the load (autocannon's API) and reports; every server runs in a
 * child process of its own (server.ts), so load generator and servers never share an event
 * loop, and the bare baselines load no platform code. The children's stdout — the servers'
 * pino request logs at the production level `info` — goes to results/server.log.
 *
 * Noise: the machine is small and shared, so a scenario's BENCH_SECONDS are cut into
 * BENCH_ROUNDS slices, interleaved with its baseline's slices in ABBA order (forward, then
 * backward, …). A ratio is the median of the per-round ratios: a burst of background load
 * spoils one round, not the comparison. Uploads slice by count (a 50 MB upload takes seconds):
 * so many uploads per slice, timed to the last answer.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SigningKeys } from '@hall/identity/src/domain/signing-keys';
import postgres from 'postgres';
import { load, type LoadResult, type LoadSpec, type NextRequest } from './lib/load';
import { idNumber } from './lib/people';
import { prepareRobot } from './lib/assistant';
import { prepareCatalog } from './lib/catalog';
import type { Mix, MixRequest } from './lib/mix';
import { ensurePortalBuild, signInThroughPortal, startPortal } from './lib/portal';
import type {
  FromServer,
  PlatformVariant,
  ServerReady,
  ServerSpec,
  ToServer,
} from './lib/protocol';
import { table, uploadTable, type Row } from './lib/report';
import { prepareSubmit, type DraftPool } from './lib/submissions';
import { ensurePdf, MB, multipartBody } from './lib/upload';
import { backingServices, natsServerPid } from './lib/services';
import { measureLag, prepareAnnouncements } from './lib/publicity';
import { testNamespace } from '@hall/platform/testing';

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
  catalogSequence: envNumber('BENCH_CATALOG_SEQUENCE', 80000),
  announcementsSequence: envNumber('BENCH_ANNOUNCEMENTS_SEQUENCE', 4000),
  /** Concurrent connections of the robot group (the Q&A robot over the scaled catalog). */
  robotConnections: envNumber('BENCH_ROBOT_CONNECTIONS', 50),
  /** Connections of the announcements group, and the rows of its read model (all stations). */
  announcementsConnections: envNumber('BENCH_ANNOUNCEMENTS_CONNECTIONS', 50),
  announcementsRows: envNumber('BENCH_ANNOUNCEMENTS_ROWS', 1_000_000),
  /** The lag burst: events a second, and for how long. */
  lagRate: envNumber('BENCH_LAG_RATE', 50),
  lagSeconds: envNumber('BENCH_LAG_SECONDS', 20),
  /** Connections of the submit group. */
  submitConnections: envNumber('BENCH_SUBMIT_CONNECTIONS', 10),
  /** Drafts prepared for each side before the submit group (more are added between slices). */
  submitDrafts: envNumber('BENCH_SUBMIT_DRAFTS', 6000),
  /** Connections of the upload group. */
  uploadConnections: envNumber('BENCH_UPLOAD_CONNECTIONS', 4),
  /** Size of the uploaded PDF, and of the small one the memory comparison uses, in MB (10^6 B). */
  uploadMb: envNumber('BENCH_UPLOAD_MB', 50),
  uploadSmallMb: envNumber('BENCH_UPLOAD_SMALL_MB', 5),
  /** Megabytes uploaded per slice (a slice is a number of uploads, not of seconds). */
  uploadSliceMb: envNumber('BENCH_UPLOAD_SLICE_MB', 400),
  /** Run only these groups (comma-separated: platform, sign-in, pages, catalog, submit, upload, robot, announcements); all when unset. */
  only: (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean),
};
const GROUPS = [
  'platform',
  'sign-in',
  'pages',
  'catalog',
  'submit',
  'upload',
  'robot',
  'announcements',
] as const;
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
/** Issue 5: submit ≥ 0.6 of the bare SQL's req/s, uploads ≥ 0.7 of bare Fastify's MB/s. */
const SUBMIT_GOAL = 0.6;
const UPLOAD_GOAL = 0.7;

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
/** What the groups leave behind (databases, streams, stored uploads): removed after the servers stop. */
const cleanups: Array<() => Promise<unknown>> = [];
/** Findings of the checks after the groups, printed under the table and kept in the JSON. */
const notes: string[] = [];
/** Each memory-measured server's RSS after start, before its group's load. */
const startRss = new Map<number, number>();

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
  /** The server's peak resident memory during the slice, in bytes (scenarios with `memory`). */
  peakRss?: number;
  /** Mean number of the database's sessions in each state over the slice (`sessions`). */
  sessions?: Record<string, number>;
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
 * The PostgreSQL backends serving a database (`backends` lists their pids: identity's pool, or
 * pg_stat_activity of the database), found at the start and end of a slice; a backend that
 * appears meanwhile counts from zero. PostgreSQL's background processes (WAL writer,
 * checkpointer) are not included.
 */
function postgresCpu(backends: () => Promise<number[]>): CpuMeter {
  return {
    name: 'postgres',
    async start() {
      const pids = await backends();
      const before = new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
      return async () => {
        let spent = 0;
        for (const [pid, cpu] of before) {
          const now = cpuSeconds(pid);
          if (Number.isFinite(now) && Number.isFinite(cpu)) spent += now - cpu;
        }
        for (const pid of await backends()) {
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
  load: Omit<LoadSpec, 'connections' | 'seconds' | 'amount'>;
  baseline?: Scenario;
  goal?: number;
  /** Texts the body must contain; then the answer must also be exactly 200 (no redirect). */
  expect?: string[];
  /**
   * Checks one request of its own before and after the load (instead of replaying the load's
   * first request), for scenarios whose every request is different; returns the body size.
   */
  check?: (when: string) => Promise<number>;
  /** Other processes whose CPU is measured around this scenario's slices. */
  elsewhere?: CpuMeter[];
  /** Sample what the database's sessions are doing during the slices (see sessionSampler). */
  sessions?: SessionSampler;
  /** Body size of the probe's answer. */
  bytes?: number;
  /** Concurrent connections, when not settings.connections. */
  connections?: number;
  /** Slices of so many requests instead of so many seconds (long requests: uploads). */
  amount?: { warmup: number; slice: number };
  /** Runs before every load of this scenario (warm-up and slices), outside the measurement. */
  beforeLoad?: () => Promise<void>;
  /** Sample the server's peak memory (RSS) during every slice. */
  memory?: boolean;
  /** Bytes each request uploads: the row then gives MB/s. */
  uploadBytes?: number;
  slices: Slice[];
}

/**
 * The rows of a group measured with mixes of requests (lib/mix.ts): per mix the bare SQL, the
 * same in the unit of work's shape, the service with its cache of recent pages (held to the
 * goal), and the service with the cache off. Every scenario walks the mix's sequence from its own
 * cursor; `cacheNote` says afterwards how the cached service answered.
 */
function mixScenarios(options: {
  mixes: Mix[];
  connections: number;
  sequence: number;
  bare: Server;
  bareId: (mix: Mix) => string;
  service: Server;
  uncached: Server;
  serviceId: (mix: Mix) => string;
  describe: (mix: Mix) => string;
  uncachedSetting: string;
}): { scenarios: Scenario[]; cacheNote: () => Promise<string> } {
  const cursors = new Map<string, number>();
  const walk = (id: string, mix: Mix, path: (r: MixRequest) => string) => {
    cursors.set(id, 0);
    return (): NextRequest => {
      const at = cursors.get(id)!;
      cursors.set(id, at + 1);
      return { path: path(mix.sequence[at % mix.sequence.length]!), headers: {} };
    };
  };
  const side = (
    id: string,
    description: string,
    server: Server,
    mix: Mix,
    path: (r: MixRequest) => string,
    compare: Parameters<typeof scenario>[5] = {},
  ) => {
    const next = walk(id, mix, path);
    return scenario(
      id,
      description,
      server,
      '/',
      { next },
      {
        connections: options.connections,
        // Before and after the load: one request of the sequence must answer 200 with JSON.
        check: async (when) => {
          const { path } = next();
          const res = await fetch(server.url(path));
          const body = await res.text();
          if (res.status !== 200 || !body.startsWith('{'))
            throw new Error(
              `${id} (${when}): GET ${path} answered ${res.status}: ${body.slice(0, 300)}`,
            );
          return Buffer.byteLength(body);
        },
        ...compare,
      },
    );
  };
  const scenarios: Scenario[] = [];
  for (const mix of options.mixes) {
    const bareId = options.bareId(mix);
    const bare = side(
      bareId,
      `Fastify() + postgres.js: the statements of each request of the ${mix.id} mix (baseline)`,
      options.bare,
      mix,
      (r) => `/bare/${r.route}`,
    );
    scenarios.push(
      bare,
      side(
        bareId.replace(/^bare-sql-/, 'bare-sql-tx-'),
        'the same statements in a transaction with the station setting (attribution)',
        options.bare,
        mix,
        (r) => `/bare-tx/${r.route}`,
        { baseline: bare },
      ),
      side(options.serviceId(mix), options.describe(mix), options.service, mix, (r) => r.path, {
        baseline: bare,
        goal: GOAL,
      }),
      side(
        `${options.serviceId(mix)}-uncached`,
        `the same with ${options.uncachedSetting}: every request to the database (attribution)`,
        options.uncached,
        mix,
        (r) => r.path,
        { baseline: bare },
      ),
    );
  }
  const cacheNote = async () => {
    const metrics = await (await fetch(options.service.url('/metrics'))).text();
    // Per cache: hall_answer_cache_requests_total{cache="…",outcome="…"} n.
    const counts = new Map<string, Record<string, number>>();
    for (const [, labels, value] of metrics.matchAll(
      /^hall_answer_cache_requests_total\{([^}]*)\} (\d+)$/gm,
    )) {
      const cache = /cache="([^"]+)"/.exec(labels!)?.[1] ?? '?';
      const outcome = /outcome="([^"]+)"/.exec(labels!)?.[1] ?? '?';
      counts.set(cache, { ...counts.get(cache), [outcome]: Number(value) });
    }
    const caches = [...counts]
      .map(([cache, c]) => {
        const [hits, misses, shared] = [c.hit ?? 0, c.miss ?? 0, c.shared ?? 0];
        const asked = hits + misses + shared;
        return (
          `${cache} was asked ${asked} times: ${hits} held (${((100 * hits) / asked).toFixed(1)}%), ` +
          `${shared} sharing another request's load, ${misses} loaded`
        );
      })
      .join('; ');
    const walked = [...cursors]
      .filter(([, at]) => at > 0)
      .map(([id, at]) => `${id} ${(at / options.sequence).toFixed(2)}`)
      .join(', ');
    return (
      `the cached service's caches (warm-ups, slices and checks): ${caches}. Sequences of ` +
      `${options.sequence} requests walked (× their length): ${walked}.`
    );
  };
  return { scenarios, cacheNote };
}

function scenario(
  id: string,
  description: string,
  server: Server,
  path: string,
  spec: Omit<Scenario['load'], 'url'>,
  compare?: Partial<
    Pick<
      Scenario,
      | 'baseline'
      | 'goal'
      | 'expect'
      | 'check'
      | 'elsewhere'
      | 'sessions'
      | 'connections'
      | 'amount'
      | 'beforeLoad'
      | 'memory'
      | 'uploadBytes'
    >
  >,
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
 * What a database's sessions are doing, sampled every 20 ms from pg_stat_activity while a slice
 * runs: the mean number waiting for a lock (`lock`: a row lock shows as `transactionid`),
 * running a statement (`active`), holding a transaction open while the client prepares its
 * next statement (`idle in transaction`). Says whether throughput is bound by a lock.
 */
interface SessionSampler {
  start(): () => Promise<Record<string, number>>;
}

function sessionSampler(admin: postgres.Sql, database: string): SessionSampler {
  return {
    start() {
      const totals = new Map<string, number>();
      let samples = 0;
      let running = true;
      const loop = (async () => {
        while (running) {
          const rows = await admin<{ kind: string; n: number }[]>`
            select case when wait_event_type = 'Lock' then 'lock'
                        when state = 'active' then 'active'
                        when state like 'idle in transaction%' then 'idle in transaction'
                        else 'idle' end as kind, count(*)::int as n
            from pg_stat_activity where datname = ${database} group by 1`;
          samples += 1;
          for (const r of rows) totals.set(r.kind, (totals.get(r.kind) ?? 0) + r.n);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      return async () => {
        running = false;
        await loop;
        return Object.fromEntries(
          ['lock', 'active', 'idle in transaction'].map((k) => [
            k,
            (totals.get(k) ?? 0) / Math.max(1, samples),
          ]),
        );
      };
    },
  };
}

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM); NaN when unreadable. */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * The peak resident memory of a process over a slice: the kernel's high-water mark (VmHWM),
 * reset at the start by writing 5 to /proc/<pid>/clear_refs, and VmRSS polled every 20 ms in
 * case the reset is not permitted. Returns the function that ends the measurement.
 */
function peakMemory(pid: number): () => number {
  let reset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    reset = false;
  }
  let peak = statusBytes(pid, 'VmRSS');
  const timer = setInterval(() => {
    const rss = statusBytes(pid, 'VmRSS');
    if (rss > peak) peak = rss;
  }, 20);
  return () => {
    clearInterval(timer);
    const hwm = reset ? statusBytes(pid, 'VmHWM') : Number.NaN;
    return Math.max(peak, Number.isFinite(hwm) ? hwm : 0);
  };
}

/**
 * One request must answer 2xx before any load (and after it); a scenario with `expect` must
 * answer exactly 200 with those texts in the body, so that an error page, a redirect to
 * 【登录】 or an empty frame cannot pass for a fast page.
 */
async function probe(s: Scenario, when: string): Promise<void> {
  if (s.check) {
    s.bytes = await s.check(when);
    return;
  }
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

/** The bench's own session on the test PostgreSQL, for `databaseQuiet`; opened by main. */
let monitor: postgres.Sql | null = null;
/** Longest wait for the database to go quiet before a slice. */
const QUIET_TIMEOUT_MS = 5000;

/**
 * Wait until no other session of the test PostgreSQL is running a statement. A slice's load
 * stops at its end, but the statements its server had sent go on: a baseline's 600 ms queries
 * would otherwise run on into the next scenario's slice and be counted against it.
 */
async function databaseQuiet(): Promise<void> {
  if (!monitor) return;
  const deadline = Date.now() + QUIET_TIMEOUT_MS;
  for (;;) {
    const [{ active } = { active: 0 }] = await monitor<{ active: number }[]>`
      select count(*)::int as active from pg_stat_activity
      where state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid()`;
    if (active === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Warm each scenario up, then measure them slice by slice, in ABBA order. */
async function runGroup(name: string, group: Scenario[]): Promise<void> {
  for (const s of group)
    if (s.memory && !startRss.has(s.server.pid))
      startRss.set(s.server.pid, statusBytes(s.server.pid, 'VmRSS'));
  for (const s of group) await probe(s, 'before the load');
  const counted = [
    ...new Set(group.map((s) => s.amount && `${s.amount.warmup}/${s.amount.slice}`)),
  ];
  console.log(
    group.some((s) => s.amount)
      ? `${name}: warm-up/slice of ${counted.join(' or ')} requests, ${settings.rounds} rounds`
      : `${name}: warm-up ${settings.warmupSeconds} s each, then ${settings.rounds} rounds × ${settings.sliceSeconds} s`,
  );
  const span = (s: Scenario, warmup: boolean) =>
    s.amount
      ? { amount: warmup ? s.amount.warmup : s.amount.slice }
      : { seconds: warmup ? settings.warmupSeconds : settings.sliceSeconds };
  for (const s of group) {
    await s.beforeLoad?.();
    await load({ ...s.load, connections: s.connections ?? settings.connections, ...span(s, true) });
  }
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? group : [...group].reverse();
    const line: string[] = [];
    for (const s of order) {
      await s.beforeLoad?.();
      await databaseQuiet();
      const meters = await Promise.all((s.elsewhere ?? []).map((m) => m.start()));
      const memory = s.memory ? peakMemory(s.server.pid) : null;
      const sampling = s.sessions?.start();
      const before = cpuSeconds(s.server.pid);
      const result = await load({
        ...s.load,
        connections: s.connections ?? settings.connections,
        ...span(s, false),
      });
      const cpu = cpuSeconds(s.server.pid) - before;
      const peakRss = memory?.();
      const sessions = await sampling?.();
      const spent = await Promise.all(meters.map((read) => read()));
      const otherCpu = Object.fromEntries(
        (s.elsewhere ?? []).map((m, i) => [m.name, spent[i]!] as const),
      );
      const slice = {
        ...result,
        cpu,
        otherCpu,
        ...(peakRss !== undefined ? { peakRss } : {}),
        ...(sessions ? { sessions } : {}),
      };
      s.slices[round] = slice;
      line.push(`${s.id} ${slice.rps.toFixed(0)} (p99 ${slice.p99.toFixed(0)} ms)`);
    }
    console.log(`  round ${round + 1}: ${line.join(', ')} req/s`);
  }
  // Still the right pages at the end (e.g. the session did not lapse during the run).
  for (const s of group) if (s.expect || s.check) await probe(s, 'after the load');
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
    rps: requests / s.slices.reduce((n, r) => n + r.seconds, 0),
    p50: median(s.slices.map((r) => r.p50)),
    p99: median(s.slices.map((r) => r.p99)),
    mean: s.slices.reduce((n, r) => n + r.mean * r.requests, 0) / Math.max(1, requests),
    requests,
    non2xx: total('non2xx'),
    errors: total('errors'),
    timeouts: total('timeouts'),
    seconds: s.slices.reduce((n, r) => n + r.seconds, 0),
    roundsRps: s.slices.map((r) => Math.round(r.rps)),
    roundsP99: s.slices.map((r) => Math.round(r.p99)),
    cpuMsPerRequest: cpuMsPerRequest(s),
    ...(s.uploadBytes !== undefined
      ? { mbps: (requests * s.uploadBytes) / MB / s.slices.reduce((n, r) => n + r.seconds, 0) }
      : {}),
    ...(s.sessions
      ? {
          sessions: Object.fromEntries(
            Object.keys(s.slices[0]?.sessions ?? {}).map((k) => [
              k,
              s.slices.reduce((n, r) => n + (r.sessions?.[k] ?? 0), 0) / s.slices.length,
            ]),
          ),
        }
      : {}),
    ...(s.memory
      ? {
          peakRssMiB: Math.max(...s.slices.map((r) => r.peakRss ?? 0)) / 2 ** 20,
          startRssMiB: (startRss.get(s.server.pid) ?? Number.NaN) / 2 ** 20,
        }
      : {}),
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
  monitor = postgres(services.pgUrl, { max: 1, onnotice: () => {} });
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
  /** Checks run right after a group's load (e.g. what the database holds); they add notes. */
  const afterGroup = new Map<string, () => Promise<void>>();

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
            elsewhere: [processCpu('identity', identity.pid), postgresCpu(identity.backends!)],
          },
        ),
      ],
    ]);
  }

  if (runs('catalog')) {
    // 5: the catalog's keyword search and department listing over ≥ 100,000 items, as many
    // citizens ask them (a mix of requests), against a bare Fastify route running the very
    // statements the service runs for each of those requests.
    const prepared = await prepareCatalog(services.pgUrl, {
      perStation: settings.catalogPerStation,
      sequence: settings.catalogSequence,
      log: (line) => console.log(line),
    });
    console.log(
      `catalog: ${prepared.items} items; ` +
        prepared.mixes
          .map((m) => `${m.id}: ${m.sequence.length} requests, ${m.distinct} distinct`)
          .join('; '),
    );
    const catalogServer = await startServer({
      kind: 'catalog',
      databaseUrl: prepared.databaseUrl,
      natsUrl: services.natsUrl,
      cacheSeconds: 60,
    });
    const uncachedServer = await startServer({
      kind: 'catalog',
      databaseUrl: prepared.databaseUrl,
      natsUrl: services.natsUrl,
      cacheSeconds: 0,
    });
    const bareSqlServer = await startServer({
      kind: 'bare-sql',
      databaseUrl: prepared.databaseUrl,
      routes: Object.assign({}, ...prepared.mixes.map((m) => m.routes)),
    });
    const connections = settings.catalogConnections;
    const { scenarios, cacheNote } = mixScenarios({
      mixes: prepared.mixes,
      connections,
      sequence: settings.catalogSequence,
      bare: bareSqlServer,
      bareId: (mix) => `bare-sql-${mix.id}`,
      service: catalogServer,
      uncached: uncachedServer,
      serviceId: (mix) => `catalog-${mix.id}`,
      describe: (mix) =>
        `catalog GET /stations/cq/items…: ${mix.description}; its recent pages and station catalogs in memory (production)`,
      uncachedSetting: 'CATALOG_CACHE_TTL_SECONDS=0',
    });
    const name = `catalog (${connections} connections)`;
    groups.push([name, scenarios]);
    afterGroup.set(name, async () => {
      notes.push(`catalog: ${await cacheNote()}`);
    });
  }

  if (runs('submit')) {
    // 6: the submissions service's submit against the same statements replayed by bare SQL.
    const prepared = await prepareSubmit({
      pgUrl: services.pgUrl,
      natsUrl: services.natsUrl,
      drafts: settings.submitDrafts,
      log: (line) => console.log(line),
    });
    cleanups.push(() => prepared.close());
    const tokens = new Map<string, string>();
    for (const applicant of prepared.applicants)
      tokens.set(applicant, `Bearer ${await signer.sign({ sub: applicant, typ: 'person' }, 3600)}`);
    const submissionsServer = await startServer({
      kind: 'submissions',
      jwks,
      databaseUrl: prepared.service.url,
      natsUrl: services.natsUrl,
      namespace: prepared.namespace,
      dataKey: prepared.dataKey,
    });
    const bareServer = await startServer({
      kind: 'bare-submit',
      databaseUrl: prepared.bare.url,
      appRole: 'hall_app',
      units: prepared.units,
      serial: prepared.serial,
    });
    const admin = postgres(services.pgUrl, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end({ timeout: 5 }));
    // Its own connection: the CPU meters' look-ups must not wait behind the sampling.
    const sessionsAdmin = postgres(services.pgUrl, { max: 1, onnotice: () => {} });
    cleanups.push(() => sessionsAdmin.end({ timeout: 5 }));
    const backendsOf = (database: string) => async () =>
      (
        await admin<{ pid: number }[]>`
          select pid from pg_stat_activity where datname = ${database}`
      ).map((r) => Number(r.pid));
    const ifMatch = `"${prepared.revision}"`;
    const natsPid = natsServerPid(root);
    // Every request takes the next draft of its side, with its applicant's token; the bare
    // server is told the applicant in the query (it checks no token).
    const nextOf =
      (pool: DraftPool, prefix: string): (() => NextRequest) =>
      () => {
        const draft = pool.take() ?? { id: randomUUID(), applicant: prepared.applicants[0]! };
        return {
          path: `${prefix}/applications/${draft.id}/submit${prefix ? `?applicant=${draft.applicant}` : ''}`,
          headers: { authorization: tokens.get(draft.applicant)!, 'if-match': ifMatch },
        };
      };
    // Enough drafts before every load: twice the most any load has taken so far.
    const feeder = (pool: DraftPool) => {
      let last = pool.used;
      let most = 0;
      return async () => {
        most = Math.max(most, pool.used - last);
        await pool.ensure(2 * most + 500);
        last = pool.used;
      };
    };
    const serialPattern = new RegExp(`^${prepared.serial.prefix}${prepared.serial.day}\\d{6}$`);
    const check =
      (id: string, server: Server, next: () => NextRequest, receipt: boolean) =>
      async (when: string) => {
        const { path, headers } = next();
        const res = await fetch(server.url(path), { method: 'POST', headers });
        const body = await res.text();
        const answer = JSON.parse(body || '{}') as { serial?: string; progressUrl?: string };
        if (
          res.status !== 200 ||
          !serialPattern.test(answer.serial ?? '') ||
          (receipt && !answer.progressUrl?.includes(`serial=${answer.serial}&password=`))
        )
          throw new Error(
            `${id} (${when}): POST ${path} answered ${res.status}: ${body.slice(0, 500)}`,
          );
        return Buffer.byteLength(body);
      };
    const bareFeed = feeder(prepared.bare.pool);
    const statements = prepared.units.reduce((n, u) => n + u.statements.length, 0);
    const side = (
      id: string,
      description: string,
      server: Server,
      prefix: string,
      pool: DraftPool,
      database: string,
      compare: Parameters<typeof scenario>[5] = {},
      receipt = false,
    ) => {
      const next = nextOf(pool, prefix);
      return scenario(
        id,
        description,
        server,
        '/',
        { method: 'POST', next },
        {
          connections: settings.submitConnections,
          check: check(id, server, next, receipt),
          elsewhere: [postgresCpu(backendsOf(database))],
          sessions: sessionSampler(sessionsAdmin, database),
          ...compare,
        },
      );
    };
    const bare = side(
      'bare-submit',
      `Fastify() + postgres.js: the ${statements} statements of one submit, as owner, the writes in one transaction (baseline)`,
      bareServer,
      '/bare',
      prepared.bare.pool,
      prepared.bare.name,
      { beforeLoad: bareFeed },
    );
    const service = side(
      'submissions-submit',
      `submissions POST /applications/:id/submit (${prepared.item.name}: ${prepared.item.fields} form fields, ${prepared.item.materials} materials)`,
      submissionsServer,
      '',
      prepared.service.pool,
      prepared.service.name,
      {
        baseline: bare,
        goal: SUBMIT_GOAL,
        beforeLoad: feeder(prepared.service.pool),
        // The relay's publishes: what JetStream spends storing the two events of a submit.
        elsewhere: [
          postgresCpu(backendsOf(prepared.service.name)),
          ...(natsPid ? [processCpu('nats-server', natsPid)] : []),
        ],
      },
      true,
    );
    const name = `submit (${settings.submitConnections} connections)`;
    groups.push([
      name,
      [
        bare,
        side(
          'bare-submit-tx',
          "the same in the service's unit of work: begin, set_config, the look-up, set_config to its station, statements, commit; as hall_app (RLS) (attribution)",
          bareServer,
          '/bare-tx',
          prepared.bare.pool,
          prepared.bare.name,
          { baseline: bare, beforeLoad: bareFeed },
        ),
        service,
      ],
    ]);
    afterGroup.set(name, async () => {
      const drained = await prepared.drainOutbox(30_000);
      const census = await prepared.service.pool.census();
      const measured = service.slices.reduce((n, r) => n + r.requests, 0);
      notes.push(
        `submit: the service's database holds ${census.submitted} submitted applications ` +
          `(${measured} answered 200 in the measured slices, ${prepared.service.pool.used} drafts handed out in all); ` +
          `its outbox ${drained.pending === 0 ? `was empty ${(drained.ms / 1000).toFixed(1)} s after the load` : `still held ${drained.pending} events after 30 s`}; ` +
          `the stream holds ${drained.streamed} events (2 per submit: ApplicationSubmitted, FilesAttached).`,
      );
      if (census.submitted < measured)
        throw new Error(
          `submit: ${measured} submits answered 200 but only ${census.submitted} applications are submitted`,
        );
    });
  }

  if (runs('upload')) {
    // 7: uploads of a large PDF to the materials service against bare Fastify + multipart.
    const storage = `${resultsDir}/uploads`;
    rmSync(storage, { recursive: true, force: true });
    for (const dir of ['service', 'bare']) mkdirSync(`${storage}/${dir}`, { recursive: true });
    cleanups.push(async () => rmSync(storage, { recursive: true, force: true }));
    const materialsServer = await startServer({
      kind: 'materials',
      jwks,
      pgUrl: services.pgUrl,
      natsUrl: services.natsUrl,
      storageDir: `${storage}/service`,
    });
    const bareServer = await startServer({
      kind: 'bare-upload',
      dir: `${storage}/bare`,
      maxFileBytes: 100 * 2 ** 20,
    });
    const citizen = `Bearer ${await signer.sign({ sub: randomUUID(), typ: 'person' }, 3600)}`;
    // The stored files are removed before every load (and the quota is raised for the run),
    // so the disk holds at most one slice's uploads.
    const clean = async () => {
      rmSync(`${storage}/service/objects`, { recursive: true, force: true });
      for (const file of readdirSync(`${storage}/bare`)) rmSync(`${storage}/bare/${file}`);
    };
    const connections = settings.uploadConnections;
    const scenarios: Scenario[] = [];
    for (const mb of [settings.uploadMb, settings.uploadSmallMb]) {
      const pdf = ensurePdf(`${resultsDir}/upload-${mb}mb.pdf`, mb * MB);
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      const { body, contentType } = multipartBody(pdf, `bench-${mb}mb.pdf`);
      const perSlice = Math.max(1, Math.round(settings.uploadSliceMb / mb / connections));
      const upload = (
        id: string,
        description: string,
        server: Server,
        path: string,
        compare: Parameters<typeof scenario>[5] = {},
      ) =>
        scenario(
          id,
          description,
          server,
          path,
          {
            method: 'POST',
            headers: { 'content-type': contentType, authorization: citizen },
            body,
            timeout: 300,
          },
          {
            connections,
            amount: { warmup: connections, slice: perSlice * connections },
            beforeLoad: clean,
            memory: true,
            uploadBytes: pdf.length,
            check: async (when) => {
              const res = await fetch(server.url(path), {
                method: 'POST',
                headers: { 'content-type': contentType, authorization: citizen },
                body,
              });
              const text = await res.text();
              const answer = JSON.parse(text || '{}') as { size?: number; sha256?: string };
              if (
                res.status !== 201 ||
                answer.size !== pdf.length ||
                (answer.sha256 !== undefined && answer.sha256 !== sha256)
              )
                throw new Error(
                  `${id} (${when}): POST ${path} answered ${res.status}: ${text.slice(0, 500)}`,
                );
              return Buffer.byteLength(text);
            },
            ...compare,
          },
        );
      const bare = upload(
        `bare-upload-${mb}mb`,
        `Fastify() + @fastify/multipart, POST /files: pipeline(part.file, createWriteStream(tmp)) (baseline)`,
        bareServer,
        '/files',
      );
      scenarios.push(bare);
      if (mb === settings.uploadMb)
        scenarios.push(
          upload(
            `bare-upload-sync-${mb}mb`,
            `the same with createWriteStream(tmp, { flush: true }): fsync before close, as the service's fs storage (attribution)`,
            bareServer,
            '/files-sync',
            { baseline: bare },
          ),
        );
      scenarios.push(
        upload(
          `materials-upload-${mb}mb`,
          `materials POST /files, a ${mb} MB PDF (sniffed, counted, SHA-256, fs storage, quota checked), citizen token`,
          materialsServer,
          '/files',
          { baseline: bare, ...(mb === settings.uploadMb ? { goal: UPLOAD_GOAL } : {}) },
        ),
      );
    }
    const name = `upload (${connections} connections)`;
    groups.push([name, scenarios]);
    // The service stores durably (fsync before the rename): compare it with the baseline that
    // does the same, round by round, as well as with the brief's baseline.
    afterGroup.set(name, async () => {
      const find = (id: string) => scenarios.find((s) => s.id === id)!;
      const service = find(`materials-upload-${settings.uploadMb}mb`);
      const synced = find(`bare-upload-sync-${settings.uploadMb}mb`);
      const perRound = service.slices.map((r, i) => r.rps / synced.slices[i]!.rps);
      notes.push(
        `upload: ${service.id} ÷ ${synced.id} (both fsync): ${median(perRound).toFixed(2)} ` +
          `(${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}) by MB/s, ` +
          `${(cpuMsPerRequest(synced) / cpuMsPerRequest(service)).toFixed(2)} by server CPU per upload.`,
      );
    });
  }

  if (runs('robot')) {
    // 8: the Q&A robot over the scaled catalog, the evaluation's questions of cq rotating over
    // the connections, against the statements of each answer replayed by bare Fastify.
    const log = (line: string) => console.log(line);
    const catalog = await prepareCatalog(services.pgUrl, {
      perStation: settings.catalogPerStation,
      log,
    });
    const prepared = await prepareRobot(services.pgUrl, { catalogUrl: catalog.databaseUrl, log });
    console.log(
      `robot: ${prepared.items} items indexed, ${prepared.questions.length} questions of cq`,
    );
    const robotServer = await startServer({
      kind: 'assistant',
      databaseUrl: prepared.databaseUrl,
      natsUrl: services.natsUrl,
    });
    const bareServer = await startServer({
      kind: 'bare-ask',
      databaseUrl: prepared.databaseUrl,
      questions: Object.fromEntries(prepared.questions.map((q) => [q.question, q.statements])),
    });
    const connections = settings.robotConnections;
    const ask = {
      method: 'POST' as const,
      bodies: prepared.questions.map((q) => ({ question: q.question })),
    };
    const bare = scenario(
      'bare-ask',
      "Fastify() + postgres.js: the statements of each question's answer, as the robot runs them (baseline)",
      bareServer,
      '/bare/ask',
      ask,
      { connections },
    );
    // Every question still gets the answer it got when its statements were captured.
    const answersAsCaptured = async (when: string) => {
      let bytes = 0;
      for (const q of prepared.questions) {
        const res = await fetch(robotServer.url('/stations/cq/ask'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question: q.question }),
        });
        const body = await res.text();
        const intent = (JSON.parse(body || '{}') as { intent?: string }).intent;
        if (res.status !== 200 || intent !== q.intent)
          throw new Error(
            `robot-ask (${when}): ${q.question} answered ${res.status}: ${body.slice(0, 300)}`,
          );
        bytes ||= Buffer.byteLength(body);
      }
      return bytes;
    };
    groups.push([
      `robot (${connections} connections)`,
      [
        bare,
        scenario(
          'bare-ask-tx',
          'the same statements in a transaction with the station setting (attribution)',
          bareServer,
          '/bare-tx/ask',
          ask,
          { baseline: bare, connections },
        ),
        scenario(
          'robot-ask',
          `assistant POST /stations/cq/ask, ${prepared.questions.length} questions of the evaluation set over the connections`,
          robotServer,
          '/stations/cq/ask',
          ask,
          { baseline: bare, connections, check: answersAsCaptured },
        ),
      ],
    ]);
  }

  if (runs('announcements')) {
    // 9: the public 办件公告 list over ≥ 1,000,000 rows, filtered and paged, against a bare
    // Fastify route running the very statements the service runs for the same request; then
    // the event-to-visible lag of a steady burst of submissions.
    const prepared = await prepareAnnouncements(services.pgUrl, {
      rows: settings.announcementsRows,
      sequence: settings.announcementsSequence,
      log: (line) => console.log(line),
    });
    console.log(
      `announcements: ${prepared.rows} rows` +
        (prepared.generatedSeconds
          ? ` (generated in ${prepared.generatedSeconds.toFixed(0)} s)`
          : '') +
        '; ' +
        prepared.mixes
          .map((m) => `${m.id}: ${m.sequence.length} requests, ${m.distinct} distinct`)
          .join('; '),
    );
    const namespace = testNamespace();
    const service = await startServer({
      kind: 'publicity',
      databaseUrl: prepared.databaseUrl,
      natsUrl: services.natsUrl,
      namespace,
      cacheSeconds: 60,
    });
    const uncached = await startServer({
      kind: 'publicity',
      databaseUrl: prepared.databaseUrl,
      natsUrl: services.natsUrl,
      namespace: testNamespace(),
      cacheSeconds: 0,
    });
    const bareServer = await startServer({
      kind: 'bare-sql',
      databaseUrl: prepared.databaseUrl,
      routes: Object.assign({}, ...prepared.mixes.map((m) => m.routes)),
    });
    const connections = settings.announcementsConnections;
    const { scenarios, cacheNote } = mixScenarios({
      mixes: prepared.mixes,
      connections,
      sequence: settings.announcementsSequence,
      bare: bareServer,
      bareId: (mix) => `bare-sql-ann-${mix.id}`,
      service,
      uncached,
      serviceId: (mix) => `publicity-${mix.id}`,
      describe: (mix) =>
        `publicity GET /stations/cq/announcements…: ${mix.description}; its cache of recent pages on (production)`,
      uncachedSetting: 'PUBLICITY_CACHE_TTL_SECONDS=0',
    });
    const name = `announcements (${connections} connections)`;
    groups.push([name, scenarios]);
    afterGroup.set(name, async () => {
      notes.push(`announcements: ${await cacheNote()}`);
      const lag = await measureLag({
        natsUrl: services.natsUrl,
        namespace,
        serviceUrl: service.url(''),
        databaseUrl: prepared.databaseUrl,
        rate: settings.lagRate,
        seconds: settings.lagSeconds,
      });
      notes.push(
        `announcements lag: ${lag.events} ApplicationSubmitted events at ${lag.ratePerSecond}/s, ` +
          `${lag.seen} seen through GET /stations/cq/announcements (polled every 25 ms): ` +
          `event-to-visible p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms; ` +
          `all visible ${lag.drainMs} ms after the last publish.`,
      );
      if (lag.seen < lag.events)
        throw new Error(
          `announcements lag: only ${lag.seen} of ${lag.events} events became visible`,
        );
    });
  }

  for (const [name, group] of groups) {
    await runGroup(name, group);
    await afterGroup.get(name)?.();
  }

  const rows = groups.flatMap(([, group]) => group).map(rowOf);
  console.log(`\n${table(rows)}\n`);
  const uploads = rows.filter((r) => r.mbps !== undefined);
  if (uploads.length) console.log(`${uploadTable(uploads)}\n`);
  for (const note of notes) console.log(note);
  const platform = rows.find((r) => r.id === 'platform');
  if (platform)
    console.log(
      `Goal — the platform costs at most 30% (platform ÷ bare-jwt req/s ≥ ${GOAL}): ` +
        `${(platform.ratio ?? 0).toFixed(2)}, ${platform.goal?.holds ? 'holds' : 'FAILS'} ` +
        `(by server CPU per request: ${(platform.cpuRatio ?? Number.NaN).toFixed(2)}).`,
    );
  for (const row of rows.filter((r) => r.id.startsWith('catalog-') && r.goal)) {
    const bare = rows.find((r) => r.id === row.baseline);
    console.log(
      `Goal — ${row.id}: ≥ ${GOAL} of the bare SQL's req/s: ${(row.ratio ?? 0).toFixed(2)} ` +
        `${row.goal?.holds ? 'holds' : 'FAILS'}; p99 < ${CATALOG_P99_GOAL_MS} ms at ` +
        `${settings.catalogConnections} connections: ${row.p99.toFixed(0)} ms ` +
        `${row.p99 < CATALOG_P99_GOAL_MS && !row.invalid ? 'holds' : 'FAILS'} ` +
        `(the bare SQL's: ${bare ? bare.p99.toFixed(0) : '?'} ms).`,
    );
  }
  for (const row of rows.filter(
    (r) => r.goal && (r.id.includes('submit') || r.id.includes('upload')),
  ))
    console.log(
      `Goal — ${row.id}: ≥ ${row.goal!.min} of ${row.baseline}'s ${row.mbps !== undefined ? 'MB/s' : 'req/s'}: ` +
        `${(row.ratio ?? 0).toFixed(2)} ${row.goal!.holds ? 'holds' : 'FAILS'} ` +
        `(by server CPU per request: ${(row.cpuRatio ?? Number.NaN).toFixed(2)}).`,
    );
  for (const row of rows.filter((r) => r.id.startsWith('publicity-') && r.goal)) {
    const bare = rows.find((r) => r.id === row.baseline);
    console.log(
      `Goal — ${row.id}: ≥ ${GOAL} of the bare SQL's req/s: ${(row.ratio ?? 0).toFixed(2)} ` +
        `${row.goal?.holds ? 'holds' : 'FAILS'}; p99 < ${CATALOG_P99_GOAL_MS} ms at ` +
        `${settings.announcementsConnections} connections: ${row.p99.toFixed(0)} ms ` +
        `${row.p99 < CATALOG_P99_GOAL_MS && !row.invalid ? 'holds' : 'FAILS'} ` +
        `(the bare SQL's: ${bare ? bare.p99.toFixed(0) : '?'} ms).`,
    );
  }
  const robot = rows.find((r) => r.id === 'robot-ask');
  if (robot)
    console.log(
      `Robot — robot-ask: ${(robot.ratio ?? 0).toFixed(2)} of bare-ask's req/s ` +
        `(${robot.ratioRange?.map((x) => x.toFixed(2)).join('–')}); p99 ${robot.p99.toFixed(0)} ms at ` +
        `${settings.robotConnections} connections (bare-ask's: ${rows.find((r) => r.id === 'bare-ask')?.p99.toFixed(0)} ms).`,
    );
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
    ...(notes.length ? { notes } : {}),
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
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await monitor?.end({ timeout: 5 });
    closeSync(logFd);
  });
