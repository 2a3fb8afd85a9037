/**
 * The hall for a console browser test file: identity built in-process on a fresh test database
 * and a private NATS namespace, listening on a real port; the BUILT console (`node build`)
 * started on a free port against it; one headless Chromium. Everything is stopped when the test
 * ends. (The portal's test support does the same for the portal; the two could share a module
 * once both settle.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectBus, type HallApp } from '@hall/platform';
import { createTestDatabase, testNamespace } from '@hall/platform/testing';
import { buildApp } from '@hall/identity/src/app';
import { identityConfig, type IdentityConfig } from '@hall/identity/src/config';
import { SigningKeys } from '@hall/identity/src/domain/signing-keys';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** What the helpers need of a tap test: somewhere to register clean-up. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

const consoleDir = join(import.meta.dirname, '../..');

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

export const OPERATOR = { username: 'operator1', password: 'Operator#2026' };

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

export interface StaffInput {
  username: string;
  password: string;
  name: string;
  mobile?: string;
  departmentId?: string | null;
  roles: string[];
}

export interface StaffView {
  id: string;
  station: string | null;
  username: string;
  name: string;
  mobileMasked: string | null;
  departmentId: string | null;
  roles: string[];
  enabled: boolean;
}

export interface Hall {
  /** The console's base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  identityUrl: string;
  identity: HallApp;
  browser: Browser;
  /** A fresh browser context (its own cookies) and page. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Opens a path of the console and, with JavaScript on, waits until the page is hydrated. */
  goto(page: Page, path: string): Promise<void>;
  /** identity's API as the bootstrap operator, for setting up what a test is not about. */
  api<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
  operatorToken(): Promise<string>;
  staffToken(username: string, password: string): Promise<string>;
  createStaff(station: string, input: StaffInput): Promise<StaffView>;
  listStaff(station: string): Promise<StaffView[]>;
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

export async function startIdentity(
  t: Teardown,
  env: Record<string, string> = {},
): Promise<{ app: HallApp; url: string }> {
  const db = await createTestDatabase('console');
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
  const keys = await SigningKeys.fromJwks(await SigningKeys.generateJwks('console-test'));
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
      name: 'console-test-cleanup',
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
  return { app, url: `http://127.0.0.1:${address.port}` };
}

/** Runs `node build` of frontends/console with `env`; resolves once it exits (for refusals). */
export function runConsole(env: Record<string, string>): {
  process: ChildProcess;
  output: () => string;
} {
  const child = spawn(process.execPath, ['build'], {
    cwd: consoleDir,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { process: child, output: () => output };
}

/** `node build` of frontends/console, on a free port, waited for until it answers. */
export async function startConsole(
  t: Teardown,
  env: Record<string, string>,
): Promise<{ url: string; process: ChildProcess; output: () => string }> {
  if (!existsSync(join(consoleDir, 'build/index.js'))) {
    throw new Error(
      'frontends/console/build is missing: run `pnpm --filter @hall/console build` before the browser tests',
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { process: child, output } = runConsole({ PORT: String(port), ORIGIN: url, ...env });
  t.teardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the console exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(`${url}/robots.txt`);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`the console did not answer at ${url}:\n${output()}`);
      await sleep(100);
    }
  }
  return { url, process: child, output };
}

async function call<T>(
  base: string,
  method: string,
  path: string,
  body: unknown,
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

export async function startHall(
  t: Teardown,
  options: { identityEnv?: Record<string, string> } = {},
): Promise<Hall> {
  const identity = await startIdentity(t, options.identityEnv ?? {});
  const consoleApp = await startConsole(t, { IDENTITY_URL: identity.url });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  t.teardown(async () => {
    await browser.close();
  });
  const scriptless = new WeakSet<Page>();
  const api = <T>(method: string, path: string, body?: unknown, token?: string) =>
    call<T>(identity.url, method, path, body, token);
  const staffToken = async (username: string, password: string) =>
    (await api<{ accessToken: string }>('POST', '/staff/sessions', { username, password }))
      .accessToken;
  let operator: { token: string; at: number } | undefined;
  const operatorToken = async () => {
    if (!operator || Date.now() - operator.at > 5 * 60_000)
      operator = { token: await staffToken(OPERATOR.username, OPERATOR.password), at: Date.now() };
    return operator.token;
  };
  return {
    url: consoleApp.url,
    identityUrl: identity.url,
    identity: identity.app,
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
      await page.goto(`${consoleApp.url}${path}`);
      if (!scriptless.has(page))
        await page.waitForSelector('html[data-js="ready"]', { state: 'attached' });
    },
    api,
    operatorToken,
    staffToken,
    async createStaff(station, input) {
      return api<StaffView>('POST', `/stations/${station}/staff`, input, await operatorToken());
    },
    async listStaff(station) {
      return (
        await api<{ staff: StaffView[] }>(
          'GET',
          `/stations/${station}/staff`,
          undefined,
          await operatorToken(),
        )
      ).staff;
    },
  };
}

/** Signs in through the console's 登录 page and waits to leave it. */
export async function signIn(
  hall: Hall,
  page: Page,
  username: string,
  password: string,
): Promise<void> {
  await hall.goto(page, '/login');
  await page.locator('#f-username').fill(username);
  await page.locator('#f-password').fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/login'),
    page.getByRole('button', { name: '登录', exact: true }).click(),
  ]);
}

/** Fills form fields by name (each input's id is `f-<name>`). */
export async function fillForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await page.locator(`#f-${name}`).fill(value);
}

/**
 * A field's error as a screen reader gets it: the text of the elements its aria-describedby
 * names, only when it is marked aria-invalid; null when the field is not invalid.
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

/** The flash message (a status, never a pop-up) of the page. */
export async function notice(page: Page): Promise<string> {
  return (await page.locator('.notice[role="status"]').first().innerText()).trim();
}

let sequence = 0;
/** A username new in this process (4–20 characters, starting with a letter). */
export const newUsername = (prefix = 'staff'): string =>
  `${prefix}${process.pid % 10000}${String(++sequence).padStart(3, '0')}`;

export const PASSWORD = 'Console#2026ok';
