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
  const server = natsProcess(port, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir]);
  await server.start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    stop: server.stop,
    async restart() {
      await server.stop();
      await server.start();
    },
    async dispose() {
      await server.stop();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

export interface NatsClusterNode {
  /** Server name, `n1`…: JetStream's peer name in the cluster. */
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** HTTP monitoring port (`/healthz`, `/jsz`). */
  readonly monitorPort: number;
  /** Kept across stop() and start(), so the node rejoins with its streams. */
  readonly storeDir: string;
  /** Stop the node (SIGTERM, or SIGKILL with `{ kill: true }` to simulate a crash). */
  stop(options?: { kill?: boolean }): Promise<void>;
  /** Start it again on the same ports and store. */
  start(): Promise<void>;
  isRunning(): boolean;
}

export interface NatsCluster {
  /** Every node's client URL, comma-separated: what NATS_URL takes for a cluster. */
  readonly url: string;
  readonly nodes: readonly NatsClusterNode[];
  /** Resolves once every running node knows the JetStream meta leader (streams can be created). */
  waitForMetaLeader(timeoutMs?: number): Promise<void>;
  /** Stop every node and remove the stores. */
  dispose(): Promise<void>;
}

/**
 * A JetStream cluster of `size` nodes on loopback (routes between them, a store each under
 * `baseDir`, by default a fresh temp folder), for tests and drills that lose a node. Resolves
 * once the meta leader is elected.
 */
export async function startNatsCluster(
  options: { size?: number; name?: string; baseDir?: string } = {},
): Promise<NatsCluster> {
  const size = options.size ?? 3;
  const clusterName = options.name ?? 'hall';
  const baseDir = options.baseDir ?? (await mkdtemp(join(tmpdir(), 'hall-nats-cluster-')));
  const specs: Array<{ name: string; port: number; monitorPort: number; routePort: number }> = [];
  for (let i = 1; i <= size; i++)
    specs.push({
      name: `n${i}`,
      port: await freePort(),
      monitorPort: await freePort(),
      routePort: await freePort(),
    });
  const routes = specs.map((s) => `nats://127.0.0.1:${s.routePort}`).join(',');
  const nodes = specs.map((spec): NatsClusterNode => {
    const storeDir = join(baseDir, spec.name);
    const server = natsProcess(spec.port, [
      '-js',
      '-n',
      spec.name,
      '-a',
      '127.0.0.1',
      '-p',
      String(spec.port),
      '-m',
      String(spec.monitorPort),
      '-sd',
      storeDir,
      '--cluster_name',
      clusterName,
      '--cluster',
      `nats://127.0.0.1:${spec.routePort}`,
      '--routes',
      routes,
    ]);
    return {
      name: spec.name,
      url: `nats://127.0.0.1:${spec.port}`,
      port: spec.port,
      monitorPort: spec.monitorPort,
      storeDir,
      stop: server.stop,
      start: server.start,
      isRunning: server.isRunning,
    };
  });

  async function waitForMetaLeader(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leaders = await Promise.all(
        nodes.filter((n) => n.isRunning()).map((n) => metaLeader(n.monitorPort)),
      );
      if (leaders.length > 0 && leaders.every((l) => l !== null)) return;
      if (Date.now() > deadline) throw new Error('the NATS cluster elected no meta leader');
      await sleep(200);
    }
  }

  try {
    await Promise.all(nodes.map((n) => n.start()));
    await waitForMetaLeader();
  } catch (err) {
    await Promise.all(nodes.map((n) => n.stop({ kill: true })));
    throw err;
  }
  return {
    url: nodes.map((n) => n.url).join(','),
    nodes,
    waitForMetaLeader,
    async dispose() {
      await Promise.all(nodes.map((n) => n.stop()));
      await rm(baseDir, { recursive: true, force: true });
    },
  };
}

async function metaLeader(monitorPort: number): Promise<string | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${monitorPort}/jsz`, {
      signal: AbortSignal.timeout(1000),
    });
    const jsz = (await res.json()) as { meta_cluster?: { leader?: string } };
    return jsz.meta_cluster?.leader || null;
  } catch {
    return null;
  }
}

/** One nats-server process that can be started, stopped and started again with `args`. */
function natsProcess(
  port: number,
  args: string[],
): {
  start(): Promise<void>;
  stop(options?: { kill?: boolean }): Promise<void>;
  isRunning(): boolean;
} {
  let proc: ChildProcess | null = null;
  let output = '';

  async function start(): Promise<void> {
    output = '';
    const child = spawn('nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
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

  return { start, stop, isRunning: () => proc !== null };
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
