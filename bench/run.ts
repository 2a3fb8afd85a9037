/**
 * `pnpm bench`: the platform's per-request cost and identity's sign-in throughput, each as a
 * ratio against a bare Fastify baseline measured in the same run. See README.md.
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
};
const GOAL = 0.7;

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
  };
  servers.push(server);
  return server;
}

interface Slice extends LoadResult {
  /** CPU seconds the server process spent (all its threads: argon2 runs on libuv's pool). */
  cpu: number;
}

interface Scenario {
  id: string;
  description: string;
  server: Server;
  load: Omit<LoadSpec, 'connections' | 'seconds'>;
  baseline?: Scenario;
  goal?: number;
  slices: Slice[];
}

function scenario(
  id: string,
  description: string,
  server: Server,
  path: string,
  spec: Omit<Scenario['load'], 'url'>,
  compare?: { baseline: Scenario; goal?: number },
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

/** One request must answer 2xx before any load. */
async function probe(s: Scenario): Promise<void> {
  const first = s.load.bodies?.[0];
  const res = await fetch(s.load.url, {
    method: s.load.method ?? 'GET',
    headers: {
      ...(first !== undefined ? { 'content-type': 'application/json' } : {}),
      ...s.load.headers,
    },
    ...(first !== undefined ? { body: JSON.stringify(first) } : {}),
  });
  if (!res.ok)
    throw new Error(
      `${s.id}: ${s.load.method ?? 'GET'} ${s.load.url} answered ${res.status}: ${await res.text()}`,
    );
}

/** Warm each scenario up, then measure them slice by slice, in ABBA order. */
async function runGroup(name: string, group: Scenario[]): Promise<void> {
  for (const s of group) await probe(s);
  console.log(
    `${name}: warm-up ${settings.warmupSeconds} s each, then ${settings.rounds} rounds × ${settings.sliceSeconds} s`,
  );
  for (const s of group)
    await load({ ...s.load, connections: settings.connections, seconds: settings.warmupSeconds });
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? group : [...group].reverse();
    const line: string[] = [];
    for (const s of order) {
      const before = cpuSeconds(s.server.pid);
      const result = await load({
        ...s.load,
        connections: settings.connections,
        seconds: settings.sliceSeconds,
      });
      const slice = { ...result, cpu: cpuSeconds(s.server.pid) - before };
      s.slices[round] = slice;
      line.push(`${s.id} ${slice.rps.toFixed(0)}`);
    }
    console.log(`  round ${round + 1}: ${line.join(', ')} req/s`);
  }
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

async function main(): Promise<void> {
  const services = backingServices(root);
  const jwks = await SigningKeys.generateJwks('bench-key');
  const signer = await SigningKeys.fromJwks(jwks);
  // A token as identity issues them (same key, issuer, audience, typ), valid for the whole run.
  const token = await signer.sign({ sub: randomUUID(), typ: 'person' }, 3600);
  const bearer = { authorization: `Bearer ${token}` };

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
  const bareJwtServer = await startServer({ kind: 'bare-jwt', jwks });
  const platformServer = await startServer({ kind: 'platform', jwks, variant: 'full' });
  const bareArgon2Server = await startServer({ kind: 'bare-argon2', hash });

  // 1 and 3: authenticated trivial request, and identity's GET /me, against bare Fastify + jose.
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

  // 2: sign-in against bare Fastify + argon2id verify of the same hash.
  const post = (bodies: unknown[]) => ({ method: 'POST' as const, bodies });
  const first = [{ username: usernames[0], password }];
  const bareArgon2 = scenario(
    'bare-argon2',
    'Fastify() + argon2id verify of the same hash (baseline)',
    bareArgon2Server,
    '/argon2',
    post(first),
  );
  const loginGroup: Scenario[] = [
    bareArgon2,
    scenario(
      'identity-login',
      'identity POST /sessions, one account on every connection',
      identity,
      '/sessions',
      post(first),
      {
        baseline: bareArgon2,
      },
    ),
    scenario(
      'identity-login-n',
      `identity POST /sessions, ${usernames.length} accounts (one per connection)`,
      identity,
      '/sessions',
      post(usernames.map((username) => ({ username, password }))),
      { baseline: bareArgon2 },
    ),
  ];

  await runGroup('authenticated trivial request', jwtGroup);
  await runGroup('sign-in', loginGroup);

  const rows = [...jwtGroup, ...loginGroup].map(rowOf);
  const platform = rows.find((r) => r.id === 'platform')!;
  console.log(`\n${table(rows)}\n`);
  console.log(
    `Goal — the platform costs at most 30% (platform ÷ bare-jwt req/s ≥ ${GOAL}): ` +
      `${(platform.ratio ?? 0).toFixed(2)}, ${platform.goal?.holds ? 'holds' : 'FAILS'} ` +
      `(by server CPU per request: ${(platform.cpuRatio ?? Number.NaN).toFixed(2)}).`,
  );
  console.log(
    "ratio: req/s ÷ the baseline's, median of the per-round ratios (lowest–highest round in brackets).\n" +
      "cpu ratio: the baseline's server CPU per request ÷ this one's (identity's PostgreSQL work not included).\n" +
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
    goal: {
      scenario: 'platform',
      baseline: 'bare-jwt',
      min: GOAL,
      ratio: platform.ratio,
      cpuRatio: platform.cpuRatio,
      holds: platform.goal?.holds ?? false,
    },
    results: rows,
  };
  writeFileSync(`${resultsDir}/latest.json`, prettyJson(report));
  console.log(`Results: ${resultsDir}/latest.json`);
  if (rows.some((r) => r.invalid)) process.exitCode = 1;
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
