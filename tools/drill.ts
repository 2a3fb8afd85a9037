/**
 * tools/drill: the hall as a small cluster on this machine — a 3-node NATS JetStream cluster,
 * two replicas of every service behind HAProxy — under a steady load of citizens' submissions.
 * Mid-load it SIGKILLs one NATS node and one replica of each service, brings them back, and
 * then checks that nothing was lost or duplicated. See the README's "Multi-node drill".
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer, connect as unixConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  ApplicationStateChangedSchema,
  ApplicationSubmittedSchema,
} from '../proto/gen/hall/submissions/v1/submissions_events_pb';
import { connectBus, decodeEvent, type Bus, type BusEvent } from '../services/platform/src/bus';
import {
  createTestDatabase,
  ownerSql,
  startNatsCluster,
  type NatsCluster,
  type NatsClusterNode,
  type TestDatabase,
} from '../services/platform/src/testing';
import { SigningKeys } from '../services/identity/src/domain/signing-keys';

const root = join(import.meta.dirname, '..');
// Every replica and NATS node adds an exit hook that kills it should the drill die.
process.setMaxListeners(64);
const STATION = 'cq';
const ITEM_NAME = '普通话水平测试等级证书核发';
const NAMESPACE = 'hall';

// ------------------------------------------------------------------------------- options

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string' },
    down: { type: 'string' },
    'fault-at': { type: 'string' },
    workers: { type: 'string' },
    citizens: { type: 'string' },
    'base-port': { type: 'string', default: '46000' },
    smoke: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stderr.write(`usage: tools/drill [--duration 90] [--down 20] [--fault-at S] [--workers 6]
                   [--citizens 12] [--base-port 46000] [--smoke] [--json]
  --smoke   a short drill (20 s, faults for 6 s) for the tap test
  --json    the report as JSON on stdout (progress stays on stderr)
`);
  process.exit(0);
}
const seconds = (value: string | undefined, fallback: number): number => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`not a positive number: ${value}`);
  return n;
};
const durationS = seconds(args.duration, args.smoke ? 20 : 90);
const downS = seconds(args.down, args.smoke ? 6 : 20);
const faultAtS = seconds(args['fault-at'], Math.max(3, Math.round(durationS / 3)));
const workers = seconds(args.workers, args.smoke ? 3 : 6);
const citizenCount = seconds(args.citizens, args.smoke ? 6 : 12);
const basePort = seconds(args['base-port'], 46000);
if (faultAtS + downS >= durationS)
  throw new Error('--fault-at + --down must leave some load after the restart');

const log = (line: string): void => {
  process.stderr.write(`[drill ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

// ------------------------------------------------------------------------------- cleanup

const cleanups: Array<() => Promise<unknown> | unknown> = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (err) {
        log(`cleanup step failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });

// ------------------------------------------------------------------------------- services

const SERVICES = [
  'identity',
  'catalog',
  'materials',
  'submissions',
  'letters',
  'publicity',
  'assistant',
] as const;
type Service = (typeof SERVICES)[number];
const lbPort = (s: Service): number => basePort + 1 + SERVICES.indexOf(s);
const replicaPort = (s: Service, r: number): number =>
  basePort + 100 * (r + 1) + 1 + SERVICES.indexOf(s);
const lbUrl = (s: Service): string => `http://127.0.0.1:${lbPort(s)}`;

class Replica {
  private child: ChildProcess | null = null;
  constructor(
    readonly service: Service,
    readonly index: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  get name(): string {
    return `${this.service}-${'ab'[this.index]}`;
  }
  get port(): number {
    return replicaPort(this.service, this.index);
  }

  start(): void {
    const out = createWriteStream(this.logFile, { flags: 'a' });
    // Its own process group: a Ctrl-C in the terminal reaches the drill, which stops replicas
    // in order, rather than every process at once.
    const child = spawn('node', ['--import', 'tsx', 'src/server.ts'], {
      cwd: join(root, 'services', this.service),
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    const orphanGuard = (): void => void child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    child.once('exit', () => process.removeListener('exit', orphanGuard));
    this.child = child;
  }

  alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.alive()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  async ready(): Promise<boolean> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.port}/readyz`, {
        signal: AbortSignal.timeout(2000),
      });
      return res.ok;
    } catch {
      return false;
    }
  }

  async waitReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.ready())) {
      if (!this.alive()) throw new Error(`${this.name} exited during start-up:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.name} not ready:\n${this.tail()}`);
      await sleep(300);
    }
  }

  tail(lines = 30): string {
    if (!existsSync(this.logFile)) return '(no log)';
    return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }
}

// ------------------------------------------------------------------------------- HAProxy

/**
 * One frontend per service, round robin over its two replicas; a replica is in rotation only
 * while its /readyz answers 200. A request whose connection fails (a killed replica) is sent to
 * the other one: it never reached a server, so that is safe for every method. Anything later
 * (an answer lost mid-way) goes back to the client, which retries with its own key.
 */
function haproxyConfig(socket: string): string {
  const lines = [
    'global',
    `  stats socket ${socket} mode 600 level admin`,
    '  maxconn 4000',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout check 2s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure',
    '  option http-server-close',
    '  default-server inter 1s fastinter 500ms downinter 500ms fall 2 rise 2',
  ];
  for (const s of SERVICES) {
    lines.push(
      `frontend fe_${s}`,
      `  bind 127.0.0.1:${lbPort(s)}`,
      `  default_backend be_${s}`,
      `backend be_${s}`,
      '  balance roundrobin',
      '  option httpchk GET /readyz',
      '  http-check expect status 200',
    );
    for (let r = 0; r < 2; r++)
      lines.push(
        `  server ${s}-${'ab'[r]} 127.0.0.1:${replicaPort(s, r)} check observe layer4 error-limit 1 on-error mark-down`,
      );
  }
  return lines.join('\n') + '\n';
}

/** `show stat` over the admin socket: server name → UP / DOWN / … */
function haproxyServerStates(socket: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const conn = unixConnect(socket);
    let data = '';
    conn.setTimeout(2000, () => conn.destroy(new Error('haproxy socket timed out')));
    conn.on('connect', () => conn.end('show stat\n'));
    conn.on('data', (chunk) => (data += chunk.toString()));
    conn.on('error', reject);
    conn.on('close', () => {
      const states = new Map<string, string>();
      for (const line of data.split('\n')) {
        const cols = line.split(',');
        if (cols[0]?.startsWith('be_') && cols[1] && cols[1] !== 'BACKEND')
          states.set(cols[1], cols[17] ?? '');
      }
      resolve(states);
    });
  });
}

// ------------------------------------------------------------------------------- HTTP load

interface Failure {
  at: number;
  step: string;
  status: string;
}

class LoadStats {
  /** Logical requests (a request and its retries count once), by step. */
  sent = new Map<string, number>();
  /** Requests that still failed after their retries, by final status. */
  failed = new Map<string, number>();
  /** Attempts that failed and were retried to success, by status. */
  retried = new Map<string, number>();
  /** Every failed attempt, for the error-rate timeline. */
  failures: Failure[] = [];
  receipts = new Map<string, string>(); // application id → serial
  doubleClicks = 0;
  doubleClickMismatches: string[] = [];
  decisions = new Set<string>();
  journeysFailed = 0;

  bump(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }
}

const stats = new LoadStats();
let startedAt = 0;
const since = (): number => Date.now() - startedAt;

class HttpError extends Error {
  constructor(
    readonly step: string,
    readonly status: number | string,
    readonly body: string,
  ) {
    super(`${step}: ${status} ${body.slice(0, 300)}`);
  }
}

interface CallOptions {
  method?: string;
  body?: unknown;
  form?: () => FormData;
  headers?: Record<string, string>;
  token?: string;
  /** Statuses that answer the request (anything else below 500 is a failure at once). */
  expect: number[];
  /** The step's own handling of a 4xx on a retry (e.g. 412 after a lost answer). */
  onRetryStatus?: number[];
}

/**
 * One logical request through the load balancer: network errors and 5xx are retried with the
 * same body and headers (the same key) until they succeed or 60 s pass.
 */
async function call<T>(
  step: string,
  url: string,
  options: CallOptions,
): Promise<{ status: number; body: T }> {
  stats.bump(stats.sent, step);
  const deadline = Date.now() + 60_000;
  const retriedStatuses: string[] = [];
  for (let attempt = 0; ; attempt++) {
    let status: string;
    try {
      const res = await fetch(url, {
        method: options.method ?? 'GET',
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: options.form
          ? options.form()
          : options.body !== undefined
            ? JSON.stringify(options.body)
            : undefined,
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      const answered =
        options.expect.includes(res.status) ||
        (attempt > 0 && options.onRetryStatus?.includes(res.status));
      if (answered) {
        for (const s of retriedStatuses) stats.bump(stats.retried, s);
        return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
      }
      status = String(res.status);
      if (res.status < 500) {
        stats.bump(stats.failed, status);
        stats.failures.push({ at: since(), step, status });
        throw new HttpError(step, res.status, text);
      }
    } catch (err) {
      if (err instanceof HttpError) throw err;
      status = `network (${(err as Error).cause ? String((err as { cause: Error }).cause.message ?? err) : (err as Error).name})`;
      status = status.replace(/ \d+\.\d+\.\d+\.\d+:\d+/, '');
    }
    stats.failures.push({ at: since(), step, status });
    if (Date.now() > deadline) {
      stats.bump(stats.failed, status);
      throw new HttpError(step, status, 'gave up after 60 s of retries');
    }
    retriedStatuses.push(status);
    await sleep(Math.min(2000, 200 * 2 ** Math.min(attempt, 4)));
  }
}

// ------------------------------------------------------------------------------- people

/** A valid 18-digit 居民身份证号码, distinct per n. */
function idNumber(n: number): string {
  const body = `500103199${String(n % 10)}${String(1 + (Math.floor(n / 10) % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(100 + (n % 900)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

interface Citizen {
  n: number;
  token: string;
  idNumber: string;
  mobile: string;
}

async function registerCitizen(n: number, runTag: string): Promise<Citizen> {
  const identity = lbUrl('identity');
  const password = 'Drill#2026pass';
  const username = `drill${runTag}${n}`;
  const person = {
    username,
    password,
    realName: '赵演练',
    idNumber: idNumber(n),
    mobile: `139${String(10_000_000 + n * 7919).slice(-8)}`,
  };
  await call('register', `${identity}/accounts/person`, {
    method: 'POST',
    body: person,
    expect: [201],
    onRetryStatus: [409],
  });
  const session = await call<{ accessToken: string }>('sign-in', `${identity}/sessions`, {
    method: 'POST',
    body: { username, password },
    expect: [200],
  });
  return { n, token: session.body.accessToken, idNumber: person.idNumber, mobile: person.mobile };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  randomBytes(512),
  Buffer.from([0xff, 0xd9]),
]);

interface ItemMaterial {
  id: string;
  name: string;
  collection: string;
  necessity: string;
  fileTypes: string[];
}

interface AppView {
  id: string;
  revision: number;
  state: string;
}

/** A citizen's whole 在线申报: draft, two uploads, save, submit (sometimes double-clicked). */
async function journey(who: Citizen, itemId: string, uploads: ItemMaterial[], n: number) {
  const submissions = lbUrl('submissions');
  const draft = await call<AppView>('draft', `${submissions}/stations/${STATION}/applications`, {
    method: 'POST',
    token: who.token,
    body: { itemId },
    expect: [201],
  });
  const provisions: Array<{ materialId: string; provision: 'upload'; fileIds: string[] }> = [];
  for (const material of uploads) {
    const pdf = material.fileTypes.includes('pdf');
    const file = await call<{ id: string }>('upload', `${lbUrl('materials')}/files`, {
      method: 'POST',
      token: who.token,
      form: () => {
        const form = new FormData();
        form.append(
          'file',
          new Blob([pdf ? PDF : JPEG], { type: pdf ? 'application/pdf' : 'image/jpeg' }),
          pdf ? '身份证.pdf' : '证件照.jpg',
        );
        return form;
      },
      expect: [201],
    });
    provisions.push({ materialId: material.id, provision: 'upload', fileIds: [file.body.id] });
  }
  const url = `${submissions}/applications/${draft.body.id}`;
  const content = {
    step: 'materials',
    basic: {
      name: '赵演练',
      idNumber: who.idNumber,
      contactName: '赵演练',
      mobile: who.mobile,
      address: '重庆市渝中区解放碑街道民族路188号',
      postcode: '400010',
    },
    answers: {},
    materials: provisions,
  };
  let saved = await call<AppView>('save', url, {
    method: 'PATCH',
    token: who.token,
    headers: { 'if-match': `"${draft.body.revision}"` },
    body: content,
    expect: [200],
    // The first attempt was saved but its answer lost: save again at the new revision.
    onRetryStatus: [412],
  });
  if (saved.status === 412) {
    const current = await call<AppView>('read', url, { token: who.token, expect: [200] });
    saved = await call<AppView>('save', url, {
      method: 'PATCH',
      token: who.token,
      headers: { 'if-match': `"${current.body.revision}"` },
      body: content,
      expect: [200],
    });
  }
  // The application id is the submit's idempotency key: a submitted application answers its
  // receipt again (README), so the client retries with the same URL.
  const submit = () =>
    call<{ serial: string }>('submit', `${url}/submit`, {
      method: 'POST',
      token: who.token,
      headers: { 'if-match': `"${saved.body.revision}"` },
      expect: [200],
    });
  const doubleClick = n % 7 === 3;
  const answers = await Promise.all(doubleClick ? [submit(), submit()] : [submit()]);
  const serials = new Set(answers.map((a) => a.body.serial));
  if (doubleClick) {
    stats.doubleClicks++;
    if (serials.size !== 1)
      stats.doubleClickMismatches.push(`${draft.body.id}: ${[...serials].join(' ≠ ')}`);
  }
  stats.receipts.set(draft.body.id, answers[0]!.body.serial);
}

/** 预审通过 by a clerk for submitted applications, now and then: staff work beside the load. */
async function decide(clerkToken: string, id: string): Promise<void> {
  const url = `${lbUrl('submissions')}/admin/stations/${STATION}/applications/${id}`;
  const current = await call<AppView>('staff-read', url, { token: clerkToken, expect: [200] });
  if (current.body.state !== 'submitted') return;
  const res = await call<AppView>('prereview', `${url}/actions/prereview`, {
    method: 'POST',
    token: clerkToken,
    headers: { 'if-match': `"${current.body.revision}"` },
    body: {},
    expect: [200],
    onRetryStatus: [409, 412],
  });
  if (res.status === 200) stats.decisions.add(id);
  else {
    // A retry after a lost answer: the decision stands if the application moved on.
    const after = await call<AppView>('staff-read', url, { token: clerkToken, expect: [200] });
    if (after.body.state === 'prereviewed') stats.decisions.add(id);
  }
}

// ------------------------------------------------------------------------------- checks

interface StreamCount {
  total: number;
  distinct: number;
  byApplication: Map<string, number>;
}

/** Every event of one type in the stream, read with an ordered consumer filtered on it. */
async function readEvents(bus: Bus, eventName: string): Promise<BusEvent[]> {
  const subject = bus.subjects.domainEvents('submissions', eventName);
  const info = await bus.jsm.streams.info(bus.subjects.stream, { subjects_filter: subject });
  const expected = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  const events: BusEvent[] = [];
  if (expected === 0) return events;
  const consumer = await bus.js.consumers.get(bus.subjects.stream, { filter_subjects: subject });
  while (events.length < expected) {
    const m = await consumer.next({ expires: 5000 });
    if (!m) throw new Error(`read ${events.length} of ${expected} ${eventName} events`);
    events.push({
      id: m.headers?.get('Nats-Msg-Id') ?? '',
      type: m.headers?.get('Hall-Event-Type') ?? '',
      station: m.headers?.get('Hall-Station') ?? '',
      subject: m.subject,
      data: m.data,
      occurredAt: new Date(),
      headers: {},
      deliveryCount: 1,
      streamSequence: m.seq,
    });
  }
  return events;
}

function countBy(ids: string[]): StreamCount {
  const byApplication = new Map<string, number>();
  for (const id of ids) byApplication.set(id, (byApplication.get(id) ?? 0) + 1);
  return { total: ids.length, distinct: byApplication.size, byApplication };
}

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 500,
): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - start;
    await sleep(everyMs);
  }
  return null;
}

// ------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  const pgUrl = process.env.HALL_TEST_PG_URL;
  if (!pgUrl) throw new Error('HALL_TEST_PG_URL is not set: run tools/drill, not drill.ts');
  const ports = SERVICES.flatMap((s) => [lbPort(s), replicaPort(s, 0), replicaPort(s, 1)]);
  const taken = (
    await Promise.all(ports.map(async (p) => ((await portFree(p)) ? null : p)))
  ).filter((p) => p !== null);
  if (taken.length > 0)
    throw new Error(`ports ${taken.join(', ')} are taken (another drill?); try --base-port`);
  const dir = await mkdtemp(join(tmpdir(), 'hall-drill-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'logs'));
  await mkdir(join(dir, 'materials'));
  const runTag = randomBytes(3).toString('hex');
  log(
    `run ${runTag}: ${durationS} s of load, faults at ${faultAtS} s for ${downS} s; ` +
      `${workers} workers over ${citizenCount} citizens; work dir ${dir}`,
  );

  // NATS: 3 nodes, the events stream with 3 copies.
  const cluster: NatsCluster = await startNatsCluster({
    name: 'drill',
    baseDir: join(dir, 'nats'),
  });
  cleanups.push(() => cluster.dispose());
  log(`NATS cluster ready: ${cluster.url}`);

  // PostgreSQL: one fresh database per service on the tools/services server.
  const databases = new Map<Service, TestDatabase>();
  for (const s of SERVICES) {
    const db = await createTestDatabase(`drill_${s}`);
    databases.set(s, db);
    cleanups.push(() => db.drop());
  }
  const sqlClosers: Array<() => unknown> = [];
  cleanups.push(() => Promise.all(sqlClosers.map((close) => close())));
  const ownerConnections = new Map<Service, ReturnType<typeof ownerSql>>();
  const owner = (s: Service) => {
    let sql = ownerConnections.get(s);
    if (!sql) {
      sql = ownerSql({ teardown: (fn) => sqlClosers.push(fn) }, databases.get(s)!.url);
      ownerConnections.set(s, sql);
    }
    return sql;
  };

  // Secrets every replica of a service shares.
  const keysFile = join(dir, 'identity-signing-keys.json');
  writeFileSync(keysFile, JSON.stringify(await SigningKeys.generateJwks('drill-1')), {
    mode: 0o600,
  });
  const key = () => randomBytes(32).toString('base64');
  const operator = { username: 'drillops', password: 'Drill#Ops2026' };
  const jwks = { IDENTITY_JWKS_URL: `${lbUrl('identity')}/.well-known/jwks.json` };
  const own: Record<Service, Record<string, string>> = {
    identity: {
      IDENTITY_SIGNING_KEYS_FILE: keysFile,
      IDENTITY_DATA_KEY: key(),
      BOOTSTRAP_OPERATOR_USERNAME: operator.username,
      BOOTSTRAP_OPERATOR_PASSWORD: operator.password,
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    },
    catalog: { ...jwks },
    materials: {
      ...jwks,
      MATERIALS_STORAGE: 'fs',
      MATERIALS_STORAGE_DIR: join(dir, 'materials'),
      MATERIALS_LINK_SECRET: randomBytes(48).toString('base64'),
    },
    submissions: { ...jwks, SUBMISSIONS_DATA_KEY: key() },
    letters: { ...jwks, LETTERS_DATA_KEY: key() },
    publicity: { ...jwks },
    assistant: {},
  };
  const envOf = (s: Service, r: number): Record<string, string> => ({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: databases.get(s)!.url,
    DATABASE_MAX_CONNECTIONS: '4',
    NATS_URL: cluster.url,
    BUS_NAMESPACE: NAMESPACE,
    BUS_STREAM_REPLICAS: '3',
    [`${s.toUpperCase()}_PORT`]: String(replicaPort(s, r)),
    ...own[s],
  });
  const replicas = new Map<Service, Replica[]>();
  for (const s of SERVICES)
    replicas.set(
      s,
      [0, 1].map((r) => new Replica(s, r, envOf(s, r), join(dir, 'logs', `${s}-${'ab'[r]}.log`))),
    );
  const all = (): Replica[] => [...replicas.values()].flat();
  cleanups.push(async () => {
    // Replicas drain their NATS connections before the cluster goes.
    await Promise.all(all().map((r) => r.stop('SIGTERM')));
  });

  // HAProxy in front of every service.
  const socket = join(dir, 'haproxy.sock');
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, haproxyConfig(socket));
  const haproxy = spawn('haproxy', ['-f', cfg, '-db'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let haproxyErr = '';
  haproxy.stderr!.on('data', (d: Buffer) => (haproxyErr += d.toString()));
  const haproxyGuard = (): void => void haproxy.kill('SIGKILL');
  process.once('exit', haproxyGuard);
  cleanups.push(async () => {
    if (haproxy.exitCode !== null) return;
    const exited = new Promise((resolve) => haproxy.once('exit', resolve));
    haproxy.kill('SIGTERM');
    await exited;
  });
  if ((await waitUntil(async () => existsSync(socket), 10_000, 100)) === null)
    throw new Error(`haproxy did not start: ${haproxyErr}`);
  log(`HAProxy up: ${SERVICES.map((s) => `${s} ${lbPort(s)}`).join(', ')}`);

  // Start: identity first (its first replica creates the operator), the catalog's seed before the
  // catalog, then the first replica of everything else, then the second ones.
  const bootStarted = Date.now();
  const [identityA, identityB] = replicas.get('identity')!;
  identityA!.start();
  await identityA!.waitReady();
  identityB!.start();
  await runSeed(envOf('catalog', 0), join(dir, 'logs', 'catalog-seed.log'));
  const rest = SERVICES.filter((s) => s !== 'identity');
  for (const s of rest) replicas.get(s)![0]!.start();
  await Promise.all(rest.map((s) => replicas.get(s)![0]!.waitReady()));
  for (const s of rest) replicas.get(s)![1]!.start();
  await Promise.all(all().map((r) => r.waitReady()));
  const allUp = async () => {
    const states = await haproxyServerStates(socket);
    return all().every((r) => states.get(r.name) === 'UP');
  };
  if ((await waitUntil(allUp, 30_000)) === null)
    throw new Error('HAProxy does not see every replica');
  log(
    `14 replicas ready and in rotation after ${((Date.now() - bootStarted) / 1000).toFixed(0)} s`,
  );

  // The load's cast: citizens, a clerk, the item.
  startedAt = Date.now();
  const citizens: Citizen[] = [];
  for (let n = 0; n < citizenCount; n++) citizens.push(await registerCitizen(n, runTag));
  const ops = await call<{ accessToken: string }>(
    'sign-in',
    `${lbUrl('identity')}/staff/sessions`,
    {
      method: 'POST',
      body: operator,
      expect: [200],
    },
  );
  const clerk = {
    username: `drillclerk${runTag}`,
    password: 'Drill#Clerk2026',
    name: '演练受理人员',
  };
  await call('staff-create', `${lbUrl('identity')}/stations/${STATION}/staff`, {
    method: 'POST',
    token: ops.body.accessToken,
    body: { ...clerk, roles: ['clerk'] },
    expect: [201],
  });
  const clerkToken = (
    await call<{ accessToken: string }>('sign-in', `${lbUrl('identity')}/staff/sessions`, {
      method: 'POST',
      body: { username: clerk.username, password: clerk.password },
      expect: [200],
    })
  ).body.accessToken;
  const found = await call<{ items: Array<{ id: string; name: string }> }>(
    'catalog',
    `${lbUrl('catalog')}/stations/${STATION}/items?q=${encodeURIComponent('普通话水平测试')}&pageSize=10`,
    { expect: [200] },
  );
  const item = found.body.items.find((i) => i.name === ITEM_NAME);
  if (!item) throw new Error(`the catalog seed has no ${ITEM_NAME} at ${STATION}`);
  const guide = await call<{ definition: { materials: ItemMaterial[] } }>(
    'catalog',
    `${lbUrl('catalog')}/stations/${STATION}/items/${item.id}`,
    { expect: [200] },
  );
  const uploads = guide.body.definition.materials.filter(
    (m) => m.collection === 'upload' && m.necessity === 'required',
  );

  // Load, with faults in the middle.
  const loadStart = Date.now();
  startedAt = loadStart;
  stats.failures.length = 0;
  const loadEnd = loadStart + durationS * 1000;
  let journeys = 0;
  const worker = async (w: number) => {
    while (Date.now() < loadEnd) {
      const n = journeys++;
      try {
        await journey(citizens[(w + n) % citizens.length]!, item.id, uploads, n);
      } catch (err) {
        stats.journeysFailed++;
        log(`journey ${n} failed: ${(err as Error).message}`);
      }
    }
  };
  const staff = async () => {
    while (Date.now() < loadEnd) {
      await sleep(1500);
      const open = [...stats.receipts.keys()].filter((id) => !stats.decisions.has(id));
      const id = open[Math.floor(open.length / 2)];
      if (id)
        await decide(clerkToken, id).catch((err) =>
          log(`decision failed: ${(err as Error).message}`),
        );
    }
  };

  const faults = (async () => {
    await sleep(faultAtS * 1000);
    const bus = await verifyBus(cluster);
    const info = await bus.jsm.streams.info(bus.subjects.stream);
    await bus.close();
    const victim: NatsClusterNode =
      cluster.nodes.find((n) => n.name === info.cluster?.leader) ?? cluster.nodes[0]!;
    const killed = SERVICES.map((s) => replicas.get(s)![0]!);
    const killAt = Date.now();
    await Promise.all([victim.stop({ kill: true }), ...killed.map((r) => r.stop('SIGKILL'))]);
    log(
      `SIGKILL: NATS ${victim.name} (the events stream's leader) and ${killed.map((r) => r.name).join(', ')}`,
    );
    await sleep(downS * 1000);
    const restartAt = Date.now();
    log('restarting them');
    const elapsed = (): number => Date.now() - restartAt;
    // Each recovery is timed on its own, from the restart.
    const [natsMs, readyMs, lbMs] = await Promise.all([
      victim.start().then(async () => {
        const check = await verifyBus(cluster);
        try {
          const current = await waitUntil(async () => {
            const i = await check.jsm.streams.info(check.subjects.stream);
            return (
              i.cluster?.replicas?.length === 2 &&
              i.cluster.replicas.every((p) => p.current && !p.offline)
            );
          }, 120_000);
          return current === null ? null : elapsed();
        } finally {
          await check.close();
        }
      }),
      Promise.all(
        killed.map(async (r) => {
          r.start();
          await r.waitReady();
          return elapsed();
        }),
      ),
      waitUntil(allUp, 120_000, 200).then((ms) => (ms === null ? null : elapsed())),
    ]);
    log(
      `recovered: NATS ${victim.name} current after ${natsMs} ms, replicas ready after ` +
        `${Math.max(...readyMs)} ms, all in the LB's rotation after ${lbMs} ms`,
    );
    return {
      natsNode: victim.name,
      replicas: killed.map((r) => r.name),
      killAtS: (killAt - loadStart) / 1000,
      restartAtS: (restartAt - loadStart) / 1000,
      natsNodeCurrentMs: natsMs,
      replicasReadyMs: Object.fromEntries(killed.map((r, i) => [r.name, readyMs[i]!])),
      allReplicasReadyMs: Math.max(...readyMs),
      lbSeesAllMs: lbMs,
    };
  })();

  const ticker = setInterval(() => {
    log(
      `t=${Math.round((Date.now() - loadStart) / 1000)} s: ${stats.receipts.size} submitted, ` +
        `${stats.failures.length} failed attempts so far, ${stats.decisions.size} decisions`,
    );
  }, 10_000);
  await Promise.all([...Array.from({ length: workers }, (_, w) => worker(w)), staff()]);
  const loadMs = Date.now() - loadStart;
  const fault = await faults;
  clearInterval(ticker);
  log(`load done: ${stats.receipts.size} submissions in ${(loadMs / 1000).toFixed(0)} s; settling`);

  // Settle: outboxes empty, publicity's 办件公告 caught up.
  const settleStart = Date.now();
  const submitted = stats.receipts.size;
  const outboxesEmpty = await waitUntil(async () => {
    for (const s of SERVICES) {
      const [row] = await owner(s)`select count(*)::int as n from outbox`;
      if (row!.n !== 0) return false;
    }
    return true;
  }, 120_000);
  const publicityRows = async (): Promise<number> => {
    const [row] = await owner(
      'publicity',
    )`select count(*)::int as n from announcements where station = ${STATION}`;
    return row!.n as number;
  };
  const caughtUpMs = await waitUntil(async () => (await publicityRows()) >= submitted, 120_000);
  const announcementRows = await publicityRows();
  const publicApi = await call<{ total: number }>(
    'publicity',
    `${lbUrl('publicity')}/stations/${STATION}/announcements?pageSize=1`,
    { expect: [200] },
  ).catch(() => null);

  // Ground truth: the submissions database and the stream.
  const sub = owner('submissions');
  const rows = await sub<{ id: string; serial: string; station: string }[]>`
    select id, serial, station from applications where serial is not null`;
  const stored = new Map(rows.map((r) => [r.id, r.serial]));
  const receiptMismatch = [...stats.receipts].filter(([id, serial]) => stored.get(id) !== serial);
  const serialGaps: string[] = [];
  const perDay = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.station}/${r.serial.slice(0, -6)}`;
    perDay.set(key, [...(perDay.get(key) ?? []), Number(r.serial.slice(-6))]);
  }
  const counters = await sub<{ station: string; day: string; last: number }[]>`
    select station, day, last from serial_counters`;
  for (const [key, numbers] of perDay) {
    numbers.sort((a, b) => a - b);
    const gapless = numbers.every((v, i) => v === i + 1);
    const counter = counters.find((c) => key.startsWith(`${c.station}/`) && key.endsWith(c.day));
    if (!gapless || counter?.last !== numbers.length)
      serialGaps.push(
        `${key}: ${numbers.length} serials, counter ${counter?.last}, gapless ${gapless}`,
      );
  }

  const bus = await verifyBus(cluster);
  const submittedEvents = (await readEvents(bus, 'application_submitted')).map((e) =>
    decodeEvent(e, ApplicationSubmittedSchema),
  );
  const stateEvents = (await readEvents(bus, 'application_state_changed')).map((e) =>
    decodeEvent(e, ApplicationStateChangedSchema),
  );
  const streamInfo = await bus.jsm.streams.info(bus.subjects.stream);
  await bus.close();
  const events = countBy(submittedEvents.map((e) => e.application?.applicationId ?? ''));
  const lost = [...stored.keys()].filter((id) => !events.byApplication.has(id));
  const duplicated = [...events.byApplication].filter(([, n]) => n > 1).map(([id]) => id);
  const prereviews = countBy(
    stateEvents
      .filter((e) => e.action === 'prereview')
      .map((e) => e.application?.applicationId ?? ''),
  );

  const failuresAfterKill = stats.failures.filter((f) => f.at >= fault.killAtS * 1000);
  const lastFailure = failuresAfterKill.at(-1);
  const report = {
    command: `tools/drill ${process.argv.slice(2).join(' ')}`.trim(),
    run: runTag,
    setup: {
      nats: `${cluster.nodes.length}-node JetStream cluster (nats-server ${natsVersion()}), events stream R${streamInfo.config.num_replicas}`,
      replicas: '2 per service × 7, HAProxy round robin, /readyz checks',
      workers,
      citizens: citizenCount,
      item: ITEM_NAME,
    },
    loadSeconds: Math.round(loadMs / 1000),
    requests: {
      sent: Object.fromEntries(stats.sent),
      sentTotal: [...stats.sent.values()].reduce((a, b) => a + b, 0),
      failed: Object.fromEntries(stats.failed),
      failedTotal: [...stats.failed.values()].reduce((a, b) => a + b, 0),
      retriedThenSucceeded: Object.fromEntries(stats.retried),
      journeysFailed: stats.journeysFailed,
    },
    submissions: {
      receipts: stats.receipts.size,
      storedSubmitted: stored.size,
      receiptsNotMatchingRows: receiptMismatch.length,
      doubleClicks: stats.doubleClicks,
      doubleClickMismatches: stats.doubleClickMismatches,
      decisions: stats.decisions.size,
    },
    events: {
      applicationSubmittedTotal: events.total,
      applicationSubmittedDistinct: events.distinct,
      lost: lost.length,
      duplicated: duplicated.length,
      prereviewEventsTotal: prereviews.total,
      prereviewEventsDistinct: prereviews.distinct,
      outboxesDrained: outboxesEmpty !== null,
    },
    publicity: {
      announcementRows,
      announcementsApiTotal: publicApi?.body.total ?? null,
      caughtUpAfterLoadMs: caughtUpMs,
    },
    serials: { gapless: serialGaps.length === 0, problems: serialGaps },
    faults: fault,
    recovery: {
      failedAttemptsBeforeFault: stats.failures.filter((f) => f.at < fault.killAtS * 1000).length,
      failedAttemptsAfterFault: failuresAfterKill.length,
      failedAttemptsBySecond: histogram(failuresAfterKill),
      failedAttempts: failuresAfterKill.slice(0, 40),
      errorsStoppedAfterKillS: lastFailure
        ? round(Math.max(0, lastFailure.at / 1000 - fault.killAtS))
        : null,
      errorsAfterRestart: failuresAfterKill.filter((f) => f.at >= fault.restartAtS * 1000).length,
      errorFreeAfterRestartS: lastFailure
        ? round(Math.max(0, lastFailure.at / 1000 - fault.restartAtS))
        : 0,
    },
    settleSeconds: Math.round((Date.now() - settleStart) / 1000),
  };
  const ok =
    report.requests.failedTotal === 0 &&
    report.events.lost === 0 &&
    report.events.duplicated === 0 &&
    events.distinct === stored.size &&
    stored.size === stats.receipts.size &&
    receiptMismatch.length === 0 &&
    stats.doubleClickMismatches.length === 0 &&
    report.serials.gapless &&
    prereviews.total === stats.decisions.size &&
    prereviews.distinct === stats.decisions.size &&
    announcementRows === stored.size &&
    outboxesEmpty !== null;
  const final = { ...report, verdict: ok ? 'pass' : 'fail' };
  type Report = typeof final;
  /** The report for people: the figures that matter first, the rest below. */
  function text(r: Report): string {
    const kv = (o: Record<string, number>) =>
      Object.entries(o)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none';
    const f = r.faults;
    return [
      '',
      `Multi-node drill ${r.run} — ${r.verdict.toUpperCase()}   (${r.command})`,
      `  setup        ${r.setup.nats}; ${r.setup.replicas}; ${r.setup.workers} workers, ${r.setup.citizens} citizens, item ${r.setup.item}`,
      `  load         ${r.loadSeconds} s; ${r.requests.sentTotal} requests (${kv(r.requests.sent)})`,
      `  failed       ${r.requests.failedTotal} (${kv(r.requests.failed)}); journeys abandoned ${r.requests.journeysFailed}`,
      `  retried ok   ${kv(r.requests.retriedThenSucceeded)}`,
      `  submissions  ${r.submissions.receipts} receipts, ${r.submissions.storedSubmitted} submitted rows, ${r.submissions.receiptsNotMatchingRows} receipts ≠ rows; ${r.submissions.doubleClicks} double clicks, ${r.submissions.doubleClickMismatches.length} answered two serials; ${r.submissions.decisions} 预审 decisions`,
      `  events       ApplicationSubmitted ${r.events.applicationSubmittedTotal} total / ${r.events.applicationSubmittedDistinct} distinct: lost ${r.events.lost}, duplicated ${r.events.duplicated}; prereview events ${r.events.prereviewEventsTotal} / ${r.events.prereviewEventsDistinct} distinct; outboxes drained ${r.events.outboxesDrained}`,
      `  publicity    办件公告 rows ${r.publicity.announcementRows} (API total ${r.publicity.announcementsApiTotal}), caught up ${r.publicity.caughtUpAfterLoadMs} ms after the load`,
      `  serials      ${r.serials.gapless ? 'gapless per station and day' : r.serials.problems.join('; ')}`,
      `  faults       t=${f.killAtS.toFixed(1)} s SIGKILL NATS ${f.natsNode} + ${f.replicas.join(', ')}; restarted t=${f.restartAtS.toFixed(1)} s`,
      `  recovery     after the restart: NATS ${f.natsNode} current in ${f.natsNodeCurrentMs} ms, killed replicas ready in ${f.allReplicasReadyMs} ms (${kv(f.replicasReadyMs)}), all 14 in the LB's rotation in ${f.lbSeesAllMs} ms`,
      `  error rate   ${r.recovery.failedAttemptsBeforeFault} failed attempts before the faults, ${r.recovery.failedAttemptsAfterFault} after (by second of load: ${kv(r.recovery.failedAttemptsBySecond)}); ${r.recovery.errorsStoppedAfterKillS === null ? 'no errors at all' : `errors stopped ${r.recovery.errorsStoppedAfterKillS} s after the kill`}${r.recovery.errorsAfterRestart ? `, ${r.recovery.errorsAfterRestart} more after the restart, the last ${r.recovery.errorFreeAfterRestartS} s after it` : ', none after the restart'}`,
      ...r.recovery.failedAttempts.map(
        (a) => `               t=${(a.at / 1000).toFixed(1)} s ${a.step}: ${a.status}`,
      ),
      '',
    ].join('\n');
  }
  process.stdout.write(args.json ? JSON.stringify(final, null, 2) + '\n' : text(final));
  return ok ? 0 : 1;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const round = (n: number): number => Math.round(n * 10) / 10;

function histogram(failures: Failure[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of failures) {
    const key = String(Math.floor(f.at / 1000));
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

function natsVersion(): string {
  const out = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  return out.stdout?.trim().replace(/^nats-server: /, '') || 'unknown';
}

async function runSeed(env: Record<string, string>, logFile: string): Promise<void> {
  const out = createWriteStream(logFile);
  const child = spawn('node', ['--import', 'tsx', 'src/db/seed/run.ts', '--stations', STATION], {
    cwd: join(root, 'services/catalog'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0)
    throw new Error(`catalog seed failed (${code}): ${readFileSync(logFile, 'utf8')}`);
}

function verifyBus(cluster: NatsCluster): Promise<Bus> {
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  return connectBus({ url: cluster.url, name: 'drill-check', namespace: NAMESPACE, logger: quiet });
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    // After a Ctrl-C the cleanup stops replicas under main's feet: that is no failure to show.
    if (!cleaning) log(`failed: ${(err as Error).stack ?? String(err)}`);
    await cleanup();
    process.exit(2);
  });
