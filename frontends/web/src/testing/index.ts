/**
 * `@hall/web/testing`: the hall for a front end's browser test file. identity built in-process
 * on a fresh test database and a private NATS namespace, listening on a real port; the BUILT
 * front end (`node build`) started on a free port against it (and, when asked, the catalog, the
 * materials and the submissions services in process too, in the same namespace); one headless
 * Chromium. Everything is stopped when the test ends. Each app's `test/support/hall.ts` adds what is its own (its
 * sign-in page, the accounts it sets up).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectBus, type HallApp } from '@hall/platform';
import { createTestDatabase, testNamespace } from '@hall/platform/testing';
import { buildApp as buildCatalog } from '@hall/catalog/src/app';
import { catalogConfig } from '@hall/catalog/src/config';
import { seedCatalog } from '@hall/catalog/src/db/seed/catalog';
import { buildApp } from '@hall/identity/src/app';
import { buildApp as buildMaterials } from '@hall/materials/src/app';
import { materialsConfig } from '@hall/materials/src/config';
import { buildApp as buildSubmissions } from '@hall/submissions/src/app';
import { submissionsConfig } from '@hall/submissions/src/config';
import { buildApp as buildLetters } from '@hall/letters/src/app';
import { lettersConfig } from '@hall/letters/src/config';
import { buildApp as buildAssistant } from '@hall/assistant/src/app';
import { assistantConfig } from '@hall/assistant/src/config';
import { buildApp as buildPublicity } from '@hall/publicity/src/app';
import { publicityConfig } from '@hall/publicity/src/config';
import { identityConfig, type IdentityConfig } from '@hall/identity/src/config';
import { SigningKeys } from '@hall/identity/src/domain/signing-keys';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** What the helpers need of a tap test: somewhere to register clean-up. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** identity's bootstrap operator in every test hall. */
export const OPERATOR = { username: 'operator1', password: 'Operator#2026' };

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/** A front end under test: its directory (with `build/`) and its name (`portal`, `console`). */
export interface FrontendApp {
  dir: string;
  name: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** identity in this process, on a fresh database named after `name`, on a real port. */
export async function startIdentity(
  t: Teardown,
  name: string,
  env: Record<string, string> = {},
): Promise<{ app: HallApp; url: string; namespace: string }> {
  const db = await createTestDatabase(name);
  const config: IdentityConfig = identityConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.url,
    NATS_URL: process.env.HALL_TEST_NATS_URL,
    BUS_NAMESPACE: testNamespace(),
    IDENTITY_SIGNING_KEYS_FILE: '/dev/null',
    IDENTITY_DATA_KEY: randomBytes(32).toString('base64'),
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    BOOTSTRAP_OPERATOR_USERNAME: OPERATOR.username,
    BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password,
    ...env,
  });
  const keys = await SigningKeys.fromJwks(await SigningKeys.generateJwks(`${name}-test`));
  let app: HallApp;
  try {
    app = await buildApp({ config, keys });
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await db.drop();
    throw err;
  }
  t.teardown(async () => {
    await app.close();
    await db.drop();
    const bus = await connectBus({
      url: config.NATS_URL,
      name: `${name}-test-cleanup`,
      namespace: config.BUS_NAMESPACE,
      logger: quiet,
    });
    try {
      await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
    } finally {
      await bus.close();
    }
  });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('identity is not listening');
  return { app, url: `http://127.0.0.1:${address.port}`, namespace: config.BUS_NAMESPACE };
}

/** identity as the other services of a test hall see it. */
export interface TestIdentity {
  url: string;
  namespace: string;
}

/** What every service of a test hall is configured with: its database, the bus, identity's keys. */
function serviceEnv(
  databaseUrl: string,
  identity: TestIdentity,
): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    NATS_URL: process.env.HALL_TEST_NATS_URL,
    BUS_NAMESPACE: identity.namespace,
    IDENTITY_JWKS_URL: `${identity.url}/.well-known/jwks.json`,
  };
}

/**
 * A service built in this process by `build` on a fresh database `database`, listening on a free
 * port; closed, its database dropped and `cleanup` run when the test ends (or when it fails to
 * start). A service that keeps a station registry has it synced from identity before this returns.
 */
async function startService(
  t: Teardown,
  what: string,
  database: string,
  build: (databaseUrl: string) => Promise<HallApp>,
  cleanup: () => Promise<void> = async () => {},
): Promise<{ app: HallApp; url: string }> {
  const db = await createTestDatabase(database);
  let app: HallApp;
  try {
    app = await build(db.url);
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await db.drop();
    await cleanup();
    throw err;
  }
  t.teardown(async () => {
    await app.close();
    await db.drop();
    await cleanup();
  });
  if (app.hasDecorator('stationSync')) await app.stationSync.synced;
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error(`${what} is not listening`);
  return { app, url: `http://127.0.0.1:${address.port}` };
}

/**
 * The catalog in this process, on a fresh database, in identity's namespace (it learns the
 * stations from identity) and verifying identity's tokens. `seed` lists the stations whose demo
 * catalog (departments, and for cq and the districts that have them, published items) is
 * loaded; none when absent.
 */
export async function startCatalog(
  t: Teardown,
  name: string,
  identity: TestIdentity,
  options: { seed?: readonly string[] } = {},
): Promise<{ app: HallApp; url: string }> {
  const catalog = await startService(t, 'the catalog', `${name}_catalog`, (databaseUrl) =>
    buildCatalog({ config: catalogConfig(serviceEnv(databaseUrl, identity)) }),
  );
  if (options.seed?.length)
    await seedCatalog(catalog.app.database, {
      namespace: identity.namespace,
      stations: options.seed,
    });
  return catalog;
}

/**
 * The materials service in this process, on a fresh database and a private storage directory
 * (removed at the end), in identity's namespace, verifying identity's tokens.
 */
export async function startMaterials(
  t: Teardown,
  name: string,
  identity: TestIdentity,
  env: Record<string, string> = {},
): Promise<{ app: HallApp; url: string }> {
  const storage = await mkdtemp(join(tmpdir(), `${name}-materials-`));
  return startService(
    t,
    'the materials service',
    `${name}_materials`,
    (databaseUrl) =>
      buildMaterials({
        config: materialsConfig({
          ...serviceEnv(databaseUrl, identity),
          MATERIALS_STORAGE_DIR: storage,
          MATERIALS_LINK_SECRET: randomBytes(32).toString('base64'),
          ...env,
        }),
      }),
    () => rm(storage, { recursive: true, force: true }),
  );
}

/**
 * The submissions service in this process, on a fresh database, in identity's namespace (the
 * catalog and the materials service it asks must run there too), verifying identity's tokens.
 * `portalUrl` is where its receipts' QR codes point (the portal's 进度查询).
 */
export async function startSubmissions(
  t: Teardown,
  name: string,
  identity: TestIdentity,
  options: { portalUrl: string; env?: Record<string, string> },
): Promise<{ app: HallApp; url: string }> {
  return startService(t, 'the submissions service', `${name}_submissions`, (databaseUrl) =>
    buildSubmissions({
      config: submissionsConfig({
        ...serviceEnv(databaseUrl, identity),
        SUBMISSIONS_DATA_KEY: randomBytes(32).toString('base64'),
        PORTAL_PUBLIC_URL: options.portalUrl,
        ...options.env,
      }),
    }),
  );
}

/**
 * The letters service in this process, on a fresh database, in identity's namespace (the
 * catalog it asks for departments and the materials service it asks about attachments must run
 * there too), verifying identity's tokens; on `now` when given (letters sent "days ago").
 */
export async function startLetters(
  t: Teardown,
  name: string,
  identity: TestIdentity,
  env: Record<string, string> = {},
  now?: () => Date,
): Promise<{ app: HallApp; url: string }> {
  return startService(t, 'the letters service', `${name}_letters`, (databaseUrl) =>
    buildLetters({
      config: lettersConfig({
        ...serviceEnv(databaseUrl, identity),
        LETTERS_DATA_KEY: randomBytes(32).toString('base64'),
        ...env,
      }),
      ...(now ? { now } : {}),
    }),
  );
}

/**
 * The Q&A robot in this process, on a fresh database, in identity's namespace: it indexes what
 * the catalog and the letters service running there publish.
 */
export async function startAssistant(
  t: Teardown,
  name: string,
  identity: TestIdentity,
  env: Record<string, string> = {},
): Promise<{ app: HallApp; url: string }> {
  return startService(t, 'the Q&A robot', `${name}_assistant`, (databaseUrl) =>
    buildAssistant({ config: assistantConfig({ ...serviceEnv(databaseUrl, identity), ...env }) }),
  );
}

/**
 * The publicity service in this process, on a fresh database, in identity's namespace: it folds
 * the events of the submissions service running there into 办件公告 and asks the catalog there
 * for 公示 entries' departments; on `now` when given.
 */
export async function startPublicity(
  t: Teardown,
  name: string,
  identity: TestIdentity,
  env: Record<string, string> = {},
  now?: () => Date,
): Promise<{ app: HallApp; url: string }> {
  return startService(t, 'the publicity service', `${name}_publicity`, (databaseUrl) =>
    buildPublicity({
      config: publicityConfig({ ...serviceEnv(databaseUrl, identity), ...env }),
      ...(now ? { now } : {}),
    }),
  );
}

/**
 * Runs `node build` of a front end with `env`, not waiting for anything (e.g. for refusals);
 * `entry` runs another copy of the build (see `startApp`).
 */
export function runApp(
  app: FrontendApp,
  env: Record<string, string>,
  entry = 'build',
): { process: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [entry], {
    cwd: app.dir,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { process: child, output: () => output };
}

/**
 * A private copy of a front end's build for one test file. `tools/test` rebuilds the front ends
 * before every run, and test files of other runs may be going meanwhile: a server whose build
 * is replaced under it loses its lazily loaded chunks. The copy lives under the app's
 * node_modules (so its imports resolve as the build's do) and is removed at the end.
 */
async function privateBuild(app: FrontendApp): Promise<string> {
  const root = join(app.dir, 'node_modules', '.hall-test-builds');
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'build-'));
  const parts = ['index.js', 'handler.js', 'env.js', 'server/chunks', 'client/_app'];
  // Another run may be rebuilding right now: wait for a whole build.
  const deadline = Date.now() + 60_000;
  while (!parts.every((p) => existsSync(join(app.dir, 'build', p)))) {
    if (Date.now() > deadline) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(
        `frontends/${app.name}/build is missing or incomplete: run \`pnpm --filter @hall/${app.name} build\` before the browser tests`,
      );
    }
    await sleep(500);
  }
  await cp(join(app.dir, 'build'), dir, { recursive: true });
  // Inside node_modules the app's package.json no longer applies: the build is ES modules.
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

/** `node build` of a front end (a private copy of it), on a free port, waited for until it answers. */
export async function startApp(
  t: Teardown,
  app: FrontendApp,
  env: Record<string, string>,
  options: { port?: number } = {},
): Promise<{ url: string; process: ChildProcess; output: () => string }> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const entry = await privateBuild(app);
  const { process: child, output } = runApp(
    app,
    { PORT: String(port), ORIGIN: url, ...env },
    entry,
  );
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(entry, { recursive: true, force: true });
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the ${app.name} exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(`${url}/robots.txt`);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`the ${app.name} did not answer at ${url}:\n${output()}`);
      await sleep(100);
    }
  }
  return { url, process: child, output };
}

/** A JSON call to identity's API; a failure throws with the status and body. */
export async function callIdentity<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export interface TestHall {
  /** The front end's base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  identityUrl: string;
  identity: HallApp;
  /** The catalog, when the hall was started with `catalog`. */
  catalogUrl: string | null;
  catalog: HallApp | null;
  /** The materials service, when the hall was started with `materials` (or `submissions`). */
  materialsUrl: string | null;
  materials: HallApp | null;
  /** The submissions service, when the hall was started with `submissions`. */
  submissionsUrl: string | null;
  submissions: HallApp | null;
  /** The letters service, when the hall was started with `letters`. */
  lettersUrl: string | null;
  letters: HallApp | null;
  /** The Q&A robot, when the hall was started with `assistant`. */
  assistantUrl: string | null;
  assistant: HallApp | null;
  /** The publicity service, when the hall was started with `publicity`. */
  publicityUrl: string | null;
  publicity: HallApp | null;
  browser: Browser;
  /** A fresh browser context (its own cookies) and page. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Opens a path of the front end and, with JavaScript on, waits until the page is hydrated. */
  goto(page: Page, path: string): Promise<void>;
  /** identity's API, for setting up what a test is not about. */
  api<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
}

export interface TestHallOptions {
  identityEnv?: Record<string, string>;
  /** Extra environment of the front end (e.g. adapter-node's BODY_SIZE_LIMIT). */
  frontendEnv?: Record<string, string>;
  /** Also run the catalog (CATALOG_URL of the front end), seeding these stations' demo catalog. */
  catalog?: { seed?: readonly string[] };
  /** Also run the materials service (MATERIALS_URL), with these extra settings. */
  materials?: { env?: Record<string, string> };
  /**
   * Also run the submissions service (SUBMISSIONS_URL); it needs the catalog and the materials
   * service, which are then started too (the catalog unseeded unless `catalog` says otherwise).
   */
  submissions?: { env?: Record<string, string> };
  /**
   * Also run the letters service (LETTERS_URL); it needs the catalog (departments) and the
   * materials service (attachments), which are then started too.
   */
  letters?: { env?: Record<string, string>; now?: () => Date };
  /** Also run the Q&A robot (ASSISTANT_URL); the catalog is then started too. */
  assistant?: { env?: Record<string, string> };
  /**
   * Also run the publicity service (PUBLICITY_URL); it needs the catalog (公示 departments),
   * which is then started too. Start `submissions` as well for 办件公告 and the statistics.
   */
  publicity?: { env?: Record<string, string>; now?: () => Date };
}

/**
 * identity (and the catalog, materials, submissions as asked), the built front end against
 * them, and Chromium, for one test file.
 */
export async function startTestHall(
  t: Teardown,
  app: FrontendApp,
  options: TestHallOptions = {},
): Promise<TestHall> {
  const identity = await startIdentity(t, app.name, options.identityEnv ?? {});
  const wantSubmissions = options.submissions !== undefined;
  const wantLetters = options.letters !== undefined;
  const wantAssistant = options.assistant !== undefined;
  const wantPublicity = options.publicity !== undefined;
  // The robot subscribes before the catalog is seeded, so it indexes the seed from the events.
  const assistant = wantAssistant
    ? await startAssistant(t, app.name, identity, options.assistant?.env ?? {})
    : null;
  const catalog =
    options.catalog || wantSubmissions || wantLetters || wantAssistant || wantPublicity
      ? await startCatalog(t, app.name, identity, options.catalog ?? {})
      : null;
  const materials =
    options.materials || wantSubmissions || wantLetters
      ? await startMaterials(t, app.name, identity, options.materials?.env ?? {})
      : null;
  const letters = wantLetters
    ? await startLetters(t, app.name, identity, options.letters?.env ?? {}, options.letters?.now)
    : null;
  const publicity = wantPublicity
    ? await startPublicity(
        t,
        app.name,
        identity,
        options.publicity?.env ?? {},
        options.publicity?.now,
      )
    : null;
  // The front end's address is chosen first: the receipts' QR codes point at it.
  const port = await freePort();
  const submissions = wantSubmissions
    ? await startSubmissions(t, app.name, identity, {
        portalUrl: `http://127.0.0.1:${port}`,
        env: options.submissions?.env ?? {},
      })
    : null;
  const frontend = await startApp(
    t,
    app,
    {
      IDENTITY_URL: identity.url,
      ...(catalog ? { CATALOG_URL: catalog.url } : {}),
      ...(materials ? { MATERIALS_URL: materials.url } : {}),
      ...(submissions ? { SUBMISSIONS_URL: submissions.url } : {}),
      ...(letters ? { LETTERS_URL: letters.url } : {}),
      ...(assistant ? { ASSISTANT_URL: assistant.url } : {}),
      ...(publicity ? { PUBLICITY_URL: publicity.url } : {}),
      ...options.frontendEnv,
    },
    { port },
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  t.teardown(async () => {
    await browser.close();
  });
  const scriptless = new WeakSet<Page>();
  return {
    url: frontend.url,
    identityUrl: identity.url,
    identity: identity.app,
    catalogUrl: catalog?.url ?? null,
    catalog: catalog?.app ?? null,
    materialsUrl: materials?.url ?? null,
    materials: materials?.app ?? null,
    submissionsUrl: submissions?.url ?? null,
    submissions: submissions?.app ?? null,
    lettersUrl: letters?.url ?? null,
    letters: letters?.app ?? null,
    assistantUrl: assistant?.url ?? null,
    assistant: assistant?.app ?? null,
    publicityUrl: publicity?.url ?? null,
    publicity: publicity?.app ?? null,
    browser,
    async newPage(contextOptions = {}) {
      const context = await browser.newContext({
        viewport: DESKTOP,
        locale: 'zh-CN',
        ...contextOptions,
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      if (contextOptions.javaScriptEnabled === false) scriptless.add(page);
      return page;
    },
    async goto(page, path) {
      await page.goto(`${frontend.url}${path}`);
      if (!scriptless.has(page))
        await page.waitForSelector('html[data-js="ready"]', { state: 'attached' });
    },
    api: (method, path, body, token) => callIdentity(identity.url, method, path, body, token),
  };
}

/** Fills form fields by name (each input's id is `f-<name>`). */
export async function fillForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await page.locator(`#f-${name}`).fill(value);
}

/**
 * A field's error as a screen reader gets it: the text of the elements its aria-describedby
 * (or its fieldset's) names, only when it is marked aria-invalid; null when it is not invalid.
 */
export async function fieldError(page: Page, name: string): Promise<string | null> {
  return page.locator(`#f-${name}`).evaluate((input) => {
    if (input.getAttribute('aria-invalid') !== 'true') return null;
    const owner = input.closest('fieldset') ?? input;
    const ids =
      `${input.getAttribute('aria-describedby') ?? ''} ${owner.getAttribute('aria-describedby') ?? ''}`
        .split(/\s+/)
        .filter(Boolean);
    const error = ids
      .map((id) => document.getElementById(id))
      .find((el) => el?.classList.contains('field-error'));
    return error?.textContent?.trim() ?? '';
  });
}
