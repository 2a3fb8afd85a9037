/**
 * The images' contents, proven without a Docker engine: every component is bundled by
 * tools/bundle exactly as its Dockerfile's build stage does, then started from the bundle with
 * plain `node` and an environment like the image's (no tsx, no workspace): services migrate a
 * fresh database with `node dist/migrate.js` (twice), become ready and export traces; the front
 * ends answer /healthz and render pages from the service bundles.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { SigningKeys } from '../services/identity/src/domain/signing-keys';
import { connectBus } from '../services/platform/src/bus/bus';
import {
  createTestDatabase,
  ownerSql,
  testNamespace,
  testNatsUrl,
  waitFor,
  type TestDatabase,
} from '../services/platform/src/testing';

const root = join(import.meta.dirname, '..');
// Nine bundles and two vite builds: about two minutes on two idle cores, more on a busy machine.
t.setTimeout(10 * 60_000);
const run = promisify(execFile);

/** Each service and the variable its port is read from. */
const services = {
  identity: 'IDENTITY_PORT',
  catalog: 'CATALOG_PORT',
  materials: 'MATERIALS_PORT',
  submissions: 'SUBMISSIONS_PORT',
  letters: 'LETTERS_PORT',
  publicity: 'PUBLICITY_PORT',
  assistant: 'ASSISTANT_PORT',
} as const;
type Service = keyof typeof services;
const serviceNames = Object.keys(services) as Service[];
const frontendNames = ['portal', 'console'] as const;
const components = [...serviceNames, ...frontendNames];
type Component = (typeof components)[number];

const isFrontend = (c: Component): c is (typeof frontendNames)[number] =>
  (frontendNames as readonly string[]).includes(c);
const dockerfileOf = (c: Component): string =>
  join(root, isFrontend(c) ? 'frontends' : 'services', c, 'Dockerfile');

/** Development-only packages, and the workspace's own (bundled): none may be in node_modules. */
const DEV_PACKAGES = [
  'typescript',
  'tap',
  'tsx',
  'esbuild',
  'drizzle-kit',
  'vite',
  'svelte',
  'playwright-core',
  '@hall',
];

t.test(
  'every Dockerfile builds its image from tools/bundle, as user 10001, with a dev stage',
  async (t) => {
    for (const component of components) {
      const text = readFileSync(dockerfileOf(component), 'utf8');
      t.match(text, /^FROM \$\{NODE_IMAGE\} AS workspace$/m, `${component}: workspace stage`);
      t.match(
        text,
        /pnpm install --frozen-lockfile --offline/,
        `${component}: installs from the lockfile`,
      );
      t.match(text, /^FROM workspace AS dev$/m, `${component}: dev stage`);
      t.match(
        text,
        new RegExp(`^RUN tools/bundle ${component} /out$`, 'm'),
        `${component}: bundles`,
      );
      t.match(
        text,
        /^COPY --from=build \/out \.\/$/m,
        `${component}: the runtime copies only the bundle`,
      );
      t.match(text, /^USER 10001:10001$/m, `${component}: non-root`);
      t.match(
        text,
        /^HEALTHCHECK .*\n\s+CMD \["node", "-e", ".*\/healthz/m,
        `${component}: healthcheck`,
      );
      t.match(text, /^STOPSIGNAL SIGTERM$/m, `${component}: stop signal`);
      const cmd = isFrontend(component)
        ? 'CMD ["node", "build"]'
        : 'CMD ["node", "dist/server.js"]';
      t.ok(text.trimEnd().endsWith(cmd), `${component}: ${cmd}`);
    }
    t.ok(statSync(join(root, 'tools/bundle')).mode & 0o100, 'tools/bundle is executable');
  },
);

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** tools/bundle's own environment: this process's, without tap's loaders. */
function toolEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs tools/bundle for each component in turn, as the Dockerfiles' build stages do. */
async function bundleEach(dir: string, list: readonly Component[]): Promise<void> {
  for (const c of list)
    await run(join(root, 'tools/bundle'), [c, join(dir, c)], {
      cwd: root,
      env: toolEnv(),
      maxBuffer: 64 << 20,
    });
}

/** The bundle's size in bytes and its files that should not be there. */
function inventory(
  dir: string,
  unwanted: (path: string) => boolean,
): { bytes: number; unwanted: string[] } {
  const result = { bytes: 0, unwanted: [] as string[] };
  const walk = (prefix: string) => {
    for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
      const path = join(prefix, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        result.bytes += lstatSync(join(dir, path)).size;
        if (unwanted(path)) result.unwanted.push(path);
      }
    }
  };
  walk('');
  return result;
}

/** Only what runs: the output, production npm packages, package.json; no sources, no maps. */
function checkContents(t: Test, dir: string, component: Component): void {
  const bundle = join(dir, component);
  const output = isFrontend(component) ? 'build' : 'dist';
  t.same(
    readdirSync(bundle).sort(),
    [output, 'node_modules', 'package.json'],
    `${component}: only ${output}, node_modules, package.json`,
  );
  const present = DEV_PACKAGES.filter((p) => existsSync(join(bundle, 'node_modules', p)));
  t.same(present, [], `${component}: no development or workspace packages`);
  const { bytes, unwanted } = inventory(
    bundle,
    (path) => path.endsWith('.map') || (path.startsWith(`${output}/`) && path.endsWith('.ts')),
  );
  t.same(unwanted, [], `${component}: no TypeScript in ${output}/, no source maps`);
  t.comment(`${component}: ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** A bundle started as its image starts it: plain node, the bundle as cwd, only `env`. */
function start(cwd: string, args: string[], env: Record<string, string>): Started {
  const child = spawn('node', args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

async function stop({ child }: Started): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function answers(url: string): Promise<Response | null> {
  try {
    const res = await fetch(url);
    return res.ok ? res : null;
  } catch {
    return null;
  }
}

/** Waits for `url` to answer 2xx; a failure carries the last answer and the server's output. */
async function untilAnswered(url: string, server: Started): Promise<Response> {
  let last = 'no answer';
  try {
    return await waitFor(
      url,
      async () => {
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
          if (res.ok) return res;
          last = `${res.status} ${await res.text()}`;
        } catch (err) {
          last = String(err);
        }
        return null;
      },
      120_000,
    );
  } catch (err) {
    throw Object.assign(err as Error, {
      last,
      exitCode: server.child.exitCode,
      output: server.output(),
    });
  }
}

/** A minimal OTLP/HTTP (JSON) receiver: the instrumentation scopes seen per service name. */
async function startCollector(): Promise<{
  url: string;
  scopes: Map<string, Set<string>>;
  close: () => void;
}> {
  const scopes = new Map<string, Set<string>>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const data = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
          scopeSpans: Array<{ scope: { name: string } }>;
        }>;
      };
      for (const rs of data.resourceSpans) {
        const service =
          rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        const seen = scopes.get(service) ?? new Set<string>();
        for (const ss of rs.scopeSpans) seen.add(ss.scope.name);
        scopes.set(service, seen);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, scopes, close: () => server.close() };
}

t.test('each bundle runs with plain node as its image runs it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'hall-bundles-'));
  const started: Started[] = [];
  const databases: TestDatabase[] = [];
  const namespace = testNamespace();
  const collector = await startCollector();
  t.teardown(async () => {
    await Promise.all(started.map(stop));
    collector.close();
    await Promise.all(databases.map((db) => db.drop()));
    const bus = await connectBus({
      url: testNatsUrl(),
      name: 'images-test-cleanup',
      namespace,
      logger: { info() {}, warn() {}, error() {} },
    });
    try {
      for await (const name of bus.jsm.streams.names())
        if (name.toLowerCase().includes(namespace)) await bus.jsm.streams.delete(name);
    } finally {
      await bus.close();
    }
    await rm(dir, { recursive: true, force: true });
  });

  // The vite builds (CPU) run beside the services' bundles and boots; each line one at a time.
  const frontendsBundled = bundleEach(dir, frontendNames);
  frontendsBundled.catch(() => {}); // awaited, and so reported, by the front ends' test
  await bundleEach(dir, serviceNames);

  const identityPort = await freePort();
  const jwksUrl = `http://127.0.0.1:${identityPort}/.well-known/jwks.json`;
  const keysFile = join(dir, 'signing-keys.json');
  await writeFile(keysFile, JSON.stringify(await SigningKeys.generateJwks('images-1')), {
    mode: 0o600,
  });
  const dataKey = () => randomBytes(32).toString('base64');
  const own: Record<Service, Record<string, string>> = {
    identity: { IDENTITY_SIGNING_KEYS_FILE: keysFile, IDENTITY_DATA_KEY: dataKey() },
    catalog: { IDENTITY_JWKS_URL: jwksUrl },
    materials: {
      IDENTITY_JWKS_URL: jwksUrl,
      MATERIALS_LINK_SECRET: randomBytes(48).toString('base64'),
      // As the image sets it.
      MATERIALS_STORAGE: 'objectstore',
      MATERIALS_BUCKET: `materials_${namespace}`,
    },
    submissions: { IDENTITY_JWKS_URL: jwksUrl, SUBMISSIONS_DATA_KEY: dataKey() },
    letters: { IDENTITY_JWKS_URL: jwksUrl, LETTERS_DATA_KEY: dataKey() },
    publicity: { IDENTITY_JWKS_URL: jwksUrl },
    assistant: {},
  };
  const urls = {} as Record<Service, string>;

  await t.test(
    'services: migrate.js migrates and is idempotent, server.js becomes ready',
    async (t) => {
      for (const service of serviceNames) checkContents(t, dir, service);
      await Promise.all(
        serviceNames.map(async (service) => {
          const bundle = join(dir, service);
          const db = await createTestDatabase(`images_${service}`);
          databases.push(db);
          const journal = JSON.parse(
            readFileSync(join(bundle, 'dist/db/migrations/meta/_journal.json'), 'utf8'),
          ) as { entries: unknown[] };
          const sql = ownerSql(t, db.url);
          const applied = async () =>
            Number((await sql`select count(*) as n from drizzle.__drizzle_migrations`)[0]!.n);
          for (const attempt of ['first', 'second']) {
            const migrate = start(bundle, ['dist/migrate.js'], { DATABASE_URL: db.url });
            const [code] = (await once(migrate.child, 'exit')) as [number];
            t.equal(
              code,
              0,
              `${service}: migrate.js exits 0 (${attempt} run)${code ? `\n${migrate.output()}` : ''}`,
            );
            t.equal(
              await applied(),
              journal.entries.length,
              `${service}: every migration applied once`,
            );
          }

          const port = service === 'identity' ? identityPort : await freePort();
          urls[service] = `http://127.0.0.1:${port}`;
          const server = start(bundle, ['dist/server.js'], {
            HOST: '127.0.0.1',
            [services[service]]: String(port),
            DATABASE_URL: db.url,
            NATS_URL: testNatsUrl(),
            BUS_NAMESPACE: namespace,
            LOG_LEVEL: 'warn',
            OTEL_SERVICE_NAME: `hall-${service}`,
            OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
            OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
            OTEL_BSP_SCHEDULE_DELAY: '200',
            ...own[service],
          });
          started.push(server);
          await untilAnswered(`${urls[service]}/readyz`, server);
          t.pass(`${service}: /readyz answers 200`);
          t.ok(await answers(`${urls[service]}/healthz`), `${service}: /healthz answers 200`);
          const metrics = await answers(`${urls[service]}/metrics`);
          t.match(await metrics?.text(), /process_cpu/, `${service}: /metrics`);
        }),
      );
    },
  );

  await t.test('services: telemetry loads first and instruments the npm packages', async (t) => {
    for (const service of serviceNames) await fetch(`${urls[service]}/no-such-page`);
    for (const service of serviceNames) {
      let asked = Date.now();
      const scopes = await waitFor(
        `${service}'s spans`,
        async () => {
          const seen = collector.scopes.get(`hall-${service}`);
          if (seen?.has('@opentelemetry/instrumentation-http') && seen.has('@fastify/otel'))
            return seen;
          // An export that timed out while the machine was busy (the front ends are bundled
          // meanwhile) is not sent again: every few seconds, a new request makes new spans.
          if (Date.now() - asked > 3000) {
            asked = Date.now();
            await fetch(`${urls[service]}/no-such-page`).catch(() => {});
          }
          return false;
        },
        30_000,
      ).catch(() => collector.scopes.get(`hall-${service}`));
      t.ok(scopes?.has('@opentelemetry/instrumentation-http'), `${service}: http is instrumented`);
      t.ok(scopes?.has('@fastify/otel'), `${service}: fastify is instrumented`);
    }
  });

  await t.test('front ends: /healthz, and pages rendered from the service bundles', async (t) => {
    await frontendsBundled;
    for (const frontend of frontendNames) checkContents(t, dir, frontend);
    const serviceUrls = {
      IDENTITY_URL: urls.identity,
      CATALOG_URL: urls.catalog,
      MATERIALS_URL: urls.materials,
      SUBMISSIONS_URL: urls.submissions,
      LETTERS_URL: urls.letters,
      ASSISTANT_URL: urls.assistant,
      PUBLICITY_URL: urls.publicity,
    };
    const pages = { portal: ['/cq', /网上行政审批大厅/], console: ['/login', /登录/] } as const;
    for (const frontend of frontendNames) {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const server = start(join(dir, frontend), ['build'], {
        HOST: '127.0.0.1',
        PORT: String(port),
        ORIGIN: origin,
        ...serviceUrls,
      });
      started.push(server);
      const health = await untilAnswered(`${origin}/healthz`, server);
      t.equal(await health.text(), 'ok', `${frontend}: /healthz answers ok`);
      const [path, text] = pages[frontend];
      const page = await fetch(`${origin}${path}`);
      t.equal(page.status, 200, `${frontend}: ${path} renders`);
      t.match(await page.text(), text, `${frontend}: ${path} is the page`);
    }
  });
});
