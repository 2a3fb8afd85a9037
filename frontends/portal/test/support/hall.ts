/**
 * The hall for a browser test file: identity built in-process on a fresh test database and a
 * private NATS namespace, listening on a real port; the BUILT portal (`node build`) started on a
 * free port against it; one headless Chromium. Everything is stopped when the test ends.
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
import type { TestPerson, TestUnit } from './data';

/** What the helpers need of a tap test: somewhere to register clean-up. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

const portalDir = join(import.meta.dirname, '../..');

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

export interface Hall {
  /** The portal's base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  identityUrl: string;
  identity: HallApp;
  browser: Browser;
  /** A fresh browser context (its own cookies) and page. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Opens a path of the portal and, with JavaScript on, waits until the page is hydrated. */
  goto(page: Page, path: string): Promise<void>;
  /** Accounts made straight through identity's API, for tests about something else. */
  createPerson(person: TestPerson): Promise<void>;
  createUnit(unit: TestUnit): Promise<void>;
  setSecurityQuestions(
    username: string,
    password: string,
    qa: Array<{ question: string; answer: string }>,
  ): Promise<void>;
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

export async function startIdentity(
  t: Teardown,
  env: Record<string, string>,
): Promise<{ app: HallApp; url: string }> {
  const db = await createTestDatabase('portal');
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
  const keys = await SigningKeys.fromJwks(await SigningKeys.generateJwks('portal-test'));
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
      name: 'portal-test-cleanup',
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

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** `node build` of frontends/portal, on a free port, waited for until it answers. */
export async function startPortal(
  t: Teardown,
  env: Record<string, string>,
): Promise<{ url: string; process: ChildProcess; output: () => string }> {
  if (!existsSync(join(portalDir, 'build/index.js'))) {
    throw new Error(
      'frontends/portal/build is missing: run `pnpm --filter @hall/portal build` before the browser tests',
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['build'], {
    cwd: portalDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ORIGIN: url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  t.teardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the portal exited (${child.exitCode}):\n${output}`);
    try {
      await fetch(`${url}/robots.txt`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`the portal did not answer at ${url}:\n${output}`);
      await sleep(100);
    }
  }
  return { url, process: child, output: () => output };
}

async function api(
  base: string,
  method: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function startHall(
  t: Teardown,
  options: { identityEnv?: Record<string, string> } = {},
): Promise<Hall> {
  const identity = await startIdentity(t, options.identityEnv ?? {});
  const portal = await startPortal(t, { IDENTITY_URL: identity.url });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const scriptless = new WeakSet<Page>();
  t.teardown(async () => {
    await browser.close();
  });
  return {
    url: portal.url,
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
      await page.goto(`${portal.url}${path}`);
      if (!scriptless.has(page))
        await page.waitForSelector('html[data-js="ready"]', { state: 'attached' });
    },
    async createPerson(person) {
      await api(identity.url, 'POST', '/accounts/person', person);
    },
    async createUnit(unit) {
      await api(identity.url, 'POST', '/accounts/unit', unit);
    },
    async setSecurityQuestions(username, password, questions) {
      const { accessToken } = (await api(identity.url, 'POST', '/sessions', {
        username,
        password,
      })) as { accessToken: string };
      await api(
        identity.url,
        'PUT',
        '/me/security-questions',
        { currentPassword: password, questions },
        accessToken,
      );
    },
  };
}

/** Signs in through the 登录 page of a station. */
export async function signIn(
  hall: Hall,
  page: Page,
  username: string,
  password: string,
  station = 'cq',
): Promise<void> {
  await hall.goto(page, `/${station}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel(/^密码/).fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.endsWith('/login')),
    page.getByRole('button', { name: '登录' }).click(),
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
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const error = ids
      .map((id) => document.getElementById(id))
      .find((el) => el?.classList.contains('field-error'));
    return error?.textContent?.trim() ?? '';
  });
}
