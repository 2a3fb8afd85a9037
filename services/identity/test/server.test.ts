import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, testNamespace } from '@hall/platform/testing';
import t from 'tap';
import { SigningKeys } from '../src/domain/signing-keys';

const serviceDir = join(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

interface Span {
  traceId: string;
  name: string;
}

/** A minimal OTLP/HTTP (JSON) trace receiver. */
async function startCollector(): Promise<{ url: string; spans: Span[]; server: Server }> {
  const spans: Span[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const data = JSON.parse(body) as {
        resourceSpans: Array<{ scopeSpans: Array<{ spans: Span[] }> }>;
      };
      for (const rs of data.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, spans, server };
}

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(
    'node',
    ['--import', 'tsx', '--import', '@hall/platform/telemetry', 'src/server.ts'],
    {
      cwd: serviceDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

t.test('refuses to start with a message naming each bad variable', async (t) => {
  const { child, output } = startServer({ IDENTITY_PORT: 'eighty', DATABASE_URL: 'mysql://x' });
  const [code] = (await once(child, 'exit')) as [number];
  t.equal(code, 78, 'exits with EX_CONFIG');
  t.match(output(), /invalid configuration/);
  for (const name of [
    'NATS_URL',
    'IDENTITY_PORT',
    'DATABASE_URL',
    'IDENTITY_SIGNING_KEYS_FILE',
    'IDENTITY_DATA_KEY',
  ]) {
    t.match(output(), name, `names ${name}`);
  }
  t.notMatch(output(), /\n\s+at /, 'no stack trace');
});

t.test(
  'serves, traces HTTP and PostgreSQL work into one trace, and shuts down gracefully',
  async (t) => {
    const db = await createTestDatabase('identity_server');
    t.teardown(() => db.drop());
    const collector = await startCollector();
    t.teardown(() => collector.server.close());
    const keysFile = join(tmpdir(), `hall-keys-${randomBytes(4).toString('hex')}.json`);
    writeFileSync(keysFile, JSON.stringify(await SigningKeys.generateJwks('server-test')));
    const port = await freePort();
    const { child, output } = startServer({
      DATABASE_URL: db.url,
      NATS_URL: process.env.HALL_TEST_NATS_URL ?? '',
      BUS_NAMESPACE: testNamespace(),
      IDENTITY_PORT: String(port),
      IDENTITY_SIGNING_KEYS_FILE: keysFile,
      IDENTITY_DATA_KEY: randomBytes(32).toString('base64'),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_SERVICE_NAME: 'identity',
    });
    t.teardown(() => void child.kill('SIGKILL'));
    const base = `http://127.0.0.1:${port}`;

    let ready = false;
    for (let i = 0; i < 100 && !ready; i++) {
      ready = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await sleep(200);
    }
    t.ok(ready, `ready (output: ${output().slice(-500)})`);

    const res = await fetch(`${base}/stations/yuzhong`);
    t.equal(res.status, 200);
    t.equal(((await res.json()) as { name: string }).name, '渝中区');

    let httpSpan: Span | undefined;
    for (let i = 0; i < 50 && !httpSpan; i++) {
      await sleep(200);
      httpSpan = collector.spans.find(
        (s) =>
          /GET/.test(s.name) &&
          collector.spans.some((d) => d.traceId === s.traceId && d.name === 'db.transaction'),
      );
    }
    t.ok(
      httpSpan,
      `an HTTP span and a db.transaction span share a trace (spans: ${collector.spans.map((s) => s.name).join(', ')})`,
    );

    t.match(
      output(),
      new RegExp(`"trace_id":"${httpSpan?.traceId ?? 'none'}"`),
      'request logs carry the trace id',
    );

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    t.equal(code, 0, 'exits cleanly on SIGTERM');
    t.match(output(), /shutting down/);
  },
);
