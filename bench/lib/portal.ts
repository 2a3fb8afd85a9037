/**
 * The portal (frontends/portal) as it runs in production: its adapter-node build, `node build`,
 * in a process of its own. SSR pages and the static files (sirv) come from that one server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Portal {
  pid: number;
  /** e.g. http://127.0.0.1:41234 (also the ORIGIN it was started with). */
  base: string;
  url(path: string): string;
  stop(): Promise<void>;
}

/**
 * frontends/portal/build, built first if it is missing (`pnpm --filter @hall/portal build`,
 * about 10–20 s). An existing build is used as it is: rebuild it yourself after changing the
 * portal. Returns the build's date, for the report.
 */
export function ensurePortalBuild(root: string): Date {
  const entry = join(root, 'frontends/portal/build/index.js');
  if (!existsSync(entry)) {
    console.log(
      'frontends/portal/build is missing: building it (pnpm --filter @hall/portal build)',
    );
    const built = spawnSync('pnpm', ['--filter', '@hall/portal', 'build'], {
      cwd: root,
      // Its output goes to stderr, so stdout keeps only the bench's own lines.
      stdio: ['ignore', 2, 2],
    });
    if (built.status !== 0 || !existsSync(entry))
      throw new Error(
        `building the portal failed (${built.status === 0 ? 'no build/index.js written' : `exit ${String(built.status ?? built.signal)}`}): run \`pnpm --filter @hall/portal build\` and read its errors`,
      );
  }
  return statSync(entry).mtime;
}

async function freePort(): Promise<number> {
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

/**
 * `node build` in frontends/portal on a free port of 127.0.0.1, against `identityUrl`; its
 * output goes to `logFd`. Resolves once it answers /robots.txt.
 */
export async function startPortal(options: {
  root: string;
  identityUrl: string;
  logFd: number;
  execArgv?: string[];
}): Promise<Portal> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...(options.execArgv ?? []), 'build'], {
    cwd: join(options.root, 'frontends/portal'),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ORIGIN: base,
      IDENTITY_URL: options.identityUrl,
    },
    stdio: ['ignore', options.logFd, options.logFd],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `the portal exited (${child.exitCode}) while starting: see bench/results/server.log`,
      );
    try {
      const res = await fetch(`${base}/robots.txt`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the portal did not answer at ${base}: see bench/results/server.log`);
    }
    await sleep(100);
  }
  return { pid: child.pid ?? 0, base, url: (path) => `${base}${path}`, stop };
}

/**
 * Signs in through the portal's 【登录】 form, as a browser without JavaScript does (a form
 * POST with the page's Origin, answered 303 with the session cookies), and returns the
 * `Cookie` header that browser would send afterwards: hall_at, hall_rt, hall_who.
 */
export async function signInThroughPortal(
  base: string,
  station: string,
  username: string,
  password: string,
): Promise<string> {
  const res = await fetch(`${base}/${station}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      // As a browser's form post: with `*/*`, SvelteKit would answer use:enhance's JSON.
      accept: 'text/html',
      origin: base,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ username, password }).toString(),
  });
  const body = await res.text();
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const names = cookies.map((c) => c.split('=')[0]);
  if (res.status !== 303 || !['hall_at', 'hall_rt', 'hall_who'].every((n) => names.includes(n)))
    throw new Error(
      `signing in through the portal: ${res.status}, cookies [${names.join(', ')}]: ${body.slice(0, 500)}`,
    );
  return cookies.join('; ');
}
