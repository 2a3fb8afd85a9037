import { StringValueSchema } from '@bufbuild/protobuf/wkt';
import { nanos } from '@nats-io/transport-node';
import { count, countDistinct, eq, gt } from 'drizzle-orm';
import t from 'tap';
import { Database } from '../../src/db/database';
import {
  OutboxRelay,
  connectBus,
  consumeEvents,
  decodeEvent,
  enqueueEvent,
  outbox,
  toMsgHdrs,
} from '../../src/bus';
import { createTestDatabase } from '../../src/testing/database';
import { startNatsServer, testNamespace } from '../../src/testing/nats';
import { receivedEvents } from './fixtures/schema';
import { captureLogger, migrationsFolder, sleep, waitFor } from './helpers';

const N = 200;
const STOP_AT = 60;
const RESTART_AT = 140;

t.test('no event is lost or applied twice across a NATS crash and restart', async (t) => {
  const nats = await startNatsServer();
  const testDb = await createTestDatabase('bus');
  const database = await Database.open({
    url: testDb.url,
    migrationsFolder,
    appRole: 'hall_app',
    maxConnections: 5,
  });
  const logger = captureLogger();
  const bus = await connectBus({
    url: nats.url,
    name: 'outage-test',
    namespace: testNamespace(),
    logger,
    reconnectTimeWaitMs: 200,
  });
  await bus.ensureStream();
  const relay = new OutboxRelay({
    database,
    bus,
    logger,
    idleMs: 100,
    batchSize: 25,
    maxBackoffMs: 1000,
    publishTimeoutMs: 1000,
  });
  const consumer = consumeEvents({
    bus,
    database,
    durable: 'counter',
    logger,
    handler: async (event, tx) => {
      const value = decodeEvent(event, StringValueSchema).value;
      await tx
        .insert(receivedEvents)
        .values({ consumer: 'counter', eventId: event.id, station: event.station, value });
    },
  });
  t.teardown(async () => {
    await relay.stop();
    await consumer.stop();
    await bus.close();
    await nats.dispose();
    await database.close();
    await testDb.drop();
  });
  relay.start();

  const received = async () => {
    const [row] = await database.db
      .select({ n: count(), distinct: countDistinct(receivedEvents.eventId) })
      .from(receivedEvents)
      .where(eq(receivedEvents.consumer, 'counter'));
    return row ?? { n: 0, distinct: 0 };
  };
  const stations = ['cq', 'yuzhong', 'jiangbei', 'liangjiang'];
  const ids: string[] = [];
  const emit = async (i: number) => {
    const id = await database.withAllStations((tx) =>
      enqueueEvent(tx, bus.namespace, {
        station: stations[i % stations.length] ?? 'cq',
        domain: 'submissions',
        event: 'application_submitted',
        schema: StringValueSchema,
        message: { value: `event ${i}` },
      }),
    );
    relay.wake();
    ids.push(id);
  };

  for (let i = 0; i < STOP_AT; i++) await emit(i);
  // Let some, not necessarily all, of the first events through before the crash.
  await waitFor('the first events to arrive', async () => (await received()).n >= 20);

  await nats.stop({ kill: true });
  await waitFor('the bus to notice', () => !bus.isConnected(), 5000);
  for (let i = STOP_AT; i < RESTART_AT; i++) await emit(i);
  await waitFor('the relay to record a failed attempt', async () => {
    const [row] = await database.db
      .select({ n: count() })
      .from(outbox)
      .where(gt(outbox.attempts, 0));
    return (row?.n ?? 0) > 0;
  });
  const [failed] = await database.db.select().from(outbox).where(gt(outbox.attempts, 0)).limit(1);
  t.ok(failed?.lastError, `the failure is recorded on the row (${failed?.lastError})`);
  t.ok(
    (await relay.pending()) >= RESTART_AT - STOP_AT,
    'events produced during the outage wait in the outbox',
  );
  const duringOutage = (await received()).n;
  await sleep(1500);

  await nats.restart();
  for (let i = RESTART_AT; i < N; i++) await emit(i);

  await waitFor('every event to arrive', async () => (await received()).n >= N, 45_000);
  await waitFor('the outbox to drain', async () => (await relay.pending()) === 0);
  await sleep(500); // a late duplicate would show up here
  const final = await received();
  t.equal(final.n, N, `every event applied (${duringOutage} had arrived before the outage ended)`);
  t.equal(final.distinct, N, 'none applied twice');
  const stored = await database.db.select({ id: receivedEvents.eventId }).from(receivedEvents);
  t.same(new Set(stored.map((r) => r.id)), new Set(ids), 'exactly the produced ids');
  t.ok(relay.stats().failures > 0, 'the relay did fail during the outage');
  t.equal(relay.stats().consecutiveFailures, 0, 'and recovered');
  t.ok(
    logger.entries.some((e) => e.msg === 'nats disconnected'),
    'disconnect logged',
  );
  t.ok(
    logger.entries.some((e) => e.msg === 'nats reconnected'),
    'reconnect logged',
  );
  const stream = await bus.jsm.streams.info(bus.subjects.stream);
  t.equal(stream.state.messages, N, 'the stream holds each event once');

  // Redeliveries of already applied events (a stalled relay re-publishing after the duplicate
  // window): they reach the consumer and change nothing.
  const before = consumer.stats().duplicates;
  await bus.jsm.streams.update(bus.subjects.stream, { duplicate_window: nanos(100) });
  await sleep(300);
  for (let seq = 1; seq <= 5; seq++) {
    const m = await bus.jsm.streams.getMessage(bus.subjects.stream, { seq });
    if (!m) throw new Error(`no message ${seq}`);
    const headers: Record<string, string> = {};
    for (const k of m.header.keys()) if (k !== 'Nats-Msg-Id') headers[k] = m.header.get(k);
    const ack = await bus.js.publish(m.subject, m.data, {
      msgID: m.header.get('Nats-Msg-Id'),
      headers: toMsgHdrs(headers),
    });
    t.equal(ack.duplicate, false);
  }
  await waitFor('the copies to be recognised', () => consumer.stats().duplicates >= before + 5);
  const after = await received();
  t.same(after, { n: N, distinct: N }, 'copies were acknowledged without being applied');
  t.comment(
    `consumer stats: ${JSON.stringify(consumer.stats())}; relay stats: ${JSON.stringify(relay.stats())}`,
  );
});
