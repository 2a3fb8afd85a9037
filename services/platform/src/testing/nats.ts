import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The NATS server (with JetStream) that `tools/services up` starts for tests. */
export function testNatsUrl(): string {
  const url = process.env.HALL_TEST_NATS_URL;
  if (!url)
    throw new Error(
      'HALL_TEST_NATS_URL is not set: run the tests through tools/test (it starts PostgreSQL and NATS)',
    );
  return url;
}

/** A private bus namespace such as `t_ab12cd`, so test files sharing a server never collide. */
export function testNamespace(): string {
  return `t_${randomBytes(4).toString('hex')}`;
}

export interface NatsServer {
  readonly url: string;
  readonly port: number;
  /** JetStream store directory; kept across restart(). */
  readonly storeDir: string;
  /** Stop the server (SIGTERM, or SIGKILL with `{ kill: true }` to simulate a crash). */
  stop(options?: { kill?: boolean }): Promise<void>;
  /** Start it again on the same port and store, so streams and consumers survive. */
  restart(): Promise<void>;
  /** Stop it and remove its store. */
  dispose(): Promise<void>;
}

/**
 * A private `nats-server -js` on a free port, for tests that stop and restart NATS without
 * disturbing other test files on the shared server.
 */
export async function startNatsServer(): Promise<NatsServer> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'hall-nats-'));
  let proc: ChildProcess | null = null;
  let output = '';

  async function start(): Promise<void> {
    output = '';
    const child = spawn(
      'nats-server',
      ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    proc = child;
    // A crashed or killed test process must not leave a server behind.
    const orphanGuard = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', orphanGuard);
    child.once('exit', () => process.removeListener('exit', orphanGuard));
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (err) =>
        reject(
          (err as NodeJS.ErrnoException).code === 'ENOENT'
            ? new Error('nats-server is not installed (apt-get install -y nats-server)')
            : err,
        ),
      );
      child.once('exit', (code) => reject(new Error(`nats-server exited with ${code}: ${output}`)));
    });
    failed.catch(() => {});
    const deadline = Date.now() + 10_000;
    while (!output.includes('Server is ready') || !(await canConnect(port))) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`nats-server did not start on port ${port}: ${output}`);
      }
      await Promise.race([failed, sleep(50)]);
    }
  }

  async function stop(options: { kill?: boolean } = {}): Promise<void> {
    const child = proc;
    proc = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(options.kill ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
