import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import t from 'tap';
import { baseConfigSchema, loadConfig } from '../src/config';
import { openServiceRuntime } from '../src/runtime';
import { createTestDatabase, testNamespace, testNatsUrl } from '../src/testing';
import { ownerSql, waitFor } from '../src/testing/helpers';
import { testApp } from './helpers';

const migrationsFolder = fileURLToPath(new URL('./db/fixtures/migrations', import.meta.url));

/** Sockets the process holds open: what would keep it (or a test file) from ending. */
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
}

t.test(
  'a runtime that fails to start closes the database and NATS connections it opened',
  async (t) => {
    const testDb = await createTestDatabase('platform_runtime');
    t.teardown(() => testDb.drop());
    const namespace = testNamespace();
    const natsUrl = testNatsUrl();

    // Another stream already captures the namespace's events: creating the events stream is refused.
    const nc = await connect({ servers: natsUrl, name: 'runtime-test' });
    t.teardown(() => nc.close());
    const jsm = await jetstreamManager(nc);
    const squatter = `${namespace.toUpperCase()}_SQUATTER`;
    await jsm.streams.add({ name: squatter, subjects: [`${namespace}.evt.>`] });
    t.teardown(() => jsm.streams.delete(squatter));

    const app = await testApp(t);
    const config = loadConfig(baseConfigSchema, {
      NATS_URL: natsUrl,
      LOG_LEVEL: 'silent',
      DATABASE_URL: testDb.url,
      DATABASE_APP_ROLE: 'hall_app',
      BUS_NAMESPACE: namespace,
    });
    const sockets = openSockets();
    const failure = await openServiceRuntime(app, {
      service: 'runtime-test',
      config,
      migrationsFolder,
    }).then(
      () => null,
      (err: unknown) => err,
    );

    t.ok(failure instanceof Error, 'openServiceRuntime rejects');
    t.match(
      (failure as Error).message,
      /^creating the events stream T_\w+_EVENTS failed \(JetStream 10065\)$/,
      'the message names the stream and the JetStream code (10065: subjects overlap)',
    );
    // A closed socket is released on a later tick: wait for it, as a process ending would.
    await waitFor(
      'the failed start to release its sockets',
      () => openSockets() === sockets,
      5_000,
    );
    t.pass('no socket is left open by the failed start');

    const sql = ownerSql(t, testServer(testDb.url));
    const [{ connections } = { connections: -1 }] = await sql<Array<{ connections: number }>>`
      select count(*)::int as connections from pg_stat_activity where datname = ${testDb.name}`;
    t.equal(connections, 0, 'no connection to the service database is left');
  },
);

/** The server's maintenance database, so counting connections adds none to the one counted. */
function testServer(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}
