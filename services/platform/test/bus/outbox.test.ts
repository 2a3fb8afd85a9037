import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { StringValueSchema } from '@bufbuild/protobuf/wkt';
import { trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { eq } from 'drizzle-orm';
import t, { type Test } from 'tap';
import {
  OutboxRelay,
  enqueueEvent,
  outbox,
  type Bus,
  type OutboxRelayOptions,
} from '../../src/bus';
import { Database } from '../../src/db/database';
import { captureLogger, migrationsFolder, openTestBus, openTestDatabase, waitFor } from './helpers';

// A real tracer provider, so enqueueEvent records a trace context to carry.
const provider = new NodeTracerProvider();
provider.register();
t.teardown(() => provider.shutdown());

async function streamMessages(bus: Bus): Promise<number> {
  const info = await bus.jsm.streams.info(bus.subjects.stream);
  return info.state.messages;
}

/**
 * A running relay with a poll interval far longer than any test: only wake() can explain a
 * prompt publish. Stopped at the end of the test.
 */
function startRelay(
  t: Test,
  database: Database,
  bus: Bus,
  options: Partial<OutboxRelayOptions>,
): OutboxRelay {
  const relay = new OutboxRelay({
    database,
    bus,
    logger: captureLogger(),
    idleMs: 60_000,
    ...options,
  });
  relay.start();
  t.teardown(() => relay.stop());
  return relay;
}

function enqueueOne(
  database: Database,
  bus: Bus,
  value: string,
  station = 'yuzhong',
): Promise<string> {
  return database.transaction((tx) =>
    enqueueEvent(tx, bus.namespace, {
      station,
      domain: 'identity',
      event: 'staff_changed',
      schema: StringValueSchema,
      message: { value },
    }),
  );
}

t.test('an event enqueued in a rolled-back transaction is never published', async (t) => {
  const database = await openTestDatabase(t);
  const bus = await openTestBus(t);
  await bus.ensureStream();
  const relay = new OutboxRelay({ database, bus, logger: captureLogger() });
  await t.rejects(
    database.transaction(async (tx) => {
      await enqueueEvent(tx, bus.namespace, {
        station: 'yuzhong',
        domain: 'identity',
        event: 'staff_changed',
        schema: StringValueSchema,
        message: { value: 'rolled back' },
      });
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  t.equal(await relay.pending(), 0, 'the outbox row went with the rollback');
  t.same(await relay.relayOnce(), { published: 0, failed: false, more: false });
  t.equal(await streamMessages(bus), 0);
});

t.test('a committed event is published once, with its headers, and its row deleted', async (t) => {
  const database = await openTestDatabase(t);
  const bus = await openTestBus(t);
  const relay = new OutboxRelay({ database, bus, logger: captureLogger() });

  const tracer = trace.getTracer('test');
  const { id, traceId } = await tracer.startActiveSpan('handle request', async (span) => {
    const id = await enqueueOne(database, bus, '张三 joined 渝中');
    span.end();
    return { id, traceId: span.spanContext().traceId };
  });
  t.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUIDv7');

  // The row as stored: bytea comes back as bytes, jsonb as an object.
  const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
  t.ok(row);
  t.ok(row?.payload instanceof Uint8Array, 'payload is a Uint8Array');
  t.same(
    Array.from(row?.payload ?? []),
    Array.from(
      toBinary(StringValueSchema, {
        $typeName: 'google.protobuf.StringValue',
        value: '张三 joined 渝中',
      }),
    ),
  );
  t.equal(row?.subject, `${bus.namespace}.evt.yuzhong.identity.staff_changed`);
  t.equal(row?.type, 'google.protobuf.StringValue');
  t.equal(row?.headers['Hall-Station'], 'yuzhong');
  t.equal(row?.attempts, 0);

  const result = await relay.relayOnce();
  t.same(result, { published: 1, failed: false, more: false });
  t.equal(await relay.pending(), 0, 'row deleted after the PubAck');
  t.equal(await streamMessages(bus), 1);

  const stored = await bus.jsm.streams.getMessage(bus.subjects.stream, { seq: 1 });
  t.ok(stored);
  t.equal(stored?.subject, `${bus.namespace}.evt.yuzhong.identity.staff_changed`);
  t.equal(stored?.header.get('Nats-Msg-Id'), id);
  t.equal(stored?.header.get('Hall-Event-Type'), 'google.protobuf.StringValue');
  t.equal(stored?.header.get('Hall-Station'), 'yuzhong');
  t.ok(
    !Number.isNaN(Date.parse(stored?.header.get('Hall-Occurred-At') ?? '')),
    'occurred-at is a date',
  );
  t.match(
    stored?.header.get('traceparent'),
    new RegExp(`^00-${traceId}-`),
    'the request trace travels with the event',
  );
  t.equal(
    fromBinary(StringValueSchema, stored?.data ?? new Uint8Array()).value,
    '张三 joined 渝中',
  );

  // The commit after the PubAck was lost: the row comes back and is published again.
  // JetStream's duplicate window keeps one copy.
  if (row) await database.db.insert(outbox).values(row);
  t.same(await relay.relayOnce(), { published: 1, failed: false, more: false });
  t.equal(await streamMessages(bus), 1, 'the duplicate was dropped by Nats-Msg-Id');
  t.equal(relay.stats().duplicates, 1);
  t.equal(relay.stats().published, 2);
});

t.test('the running relay publishes on wake() and keeps enqueue order', async (t) => {
  const database = await openTestDatabase(t);
  const bus = await openTestBus(t);
  await bus.ensureStream();
  const relay = startRelay(t, database, bus, { batchSize: 7 });
  await waitFor('the relay to go idle', async () => (await relay.pending()) === 0);

  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push(await enqueueOne(database, bus, `event ${i}`));
  relay.wake();
  await waitFor('all events published', async () => (await streamMessages(bus)) === 20, 5000);
  for (let seq = 1; seq <= 20; seq++) {
    const stored = await bus.jsm.streams.getMessage(bus.subjects.stream, { seq });
    t.equal(
      stored?.header.get('Nats-Msg-Id'),
      ids[seq - 1],
      `event ${seq - 1} is at sequence ${seq}`,
    );
  }
  t.equal(await relay.pending(), 0);
});

t.test('a refused row goes back with its failure, and every row after it', async (t) => {
  const database = await openTestDatabase(t);
  const bus = await openTestBus(t);
  await bus.ensureStream();
  const relay = new OutboxRelay({ database, bus, logger: captureLogger() });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push(await enqueueOne(database, bus, `event ${i}`));
  // No stream takes this subject: JetStream refuses the third row, the fourth still lands.
  await database.db
    .update(outbox)
    .set({ subject: `${bus.namespace}-nowhere.evt.yuzhong.identity.staff_changed` })
    .where(eq(outbox.id, ids[2]!));

  t.same(await relay.relayOnce(), { published: 2, failed: true, more: false });
  const kept = await database.db.select().from(outbox).orderBy(outbox.id);
  t.same(
    kept.map((r) => [r.id, r.attempts]),
    [
      [ids[2], 1],
      [ids[3], 0],
    ],
    'the refused row (one attempt counted) and the row after it are back; the first two are gone',
  );
  t.ok(kept[0]!.lastError, `the refusal is on the row (${kept[0]!.lastError})`);
  t.equal(await streamMessages(bus), 3, 'events 0, 1 and 3 reached the stream');

  await database.db
    .update(outbox)
    .set({ subject: `${bus.namespace}.evt.yuzhong.identity.staff_changed` })
    .where(eq(outbox.id, ids[2]!));
  t.same(await relay.relayOnce(), { published: 2, failed: false, more: false });
  t.equal(await relay.pending(), 0);
  t.equal(await streamMessages(bus), 4, 'event 3 sent again was dropped as a duplicate');
  t.equal(relay.stats().duplicates, 1);
});

t.test('commits close together go out in one batch', async (t) => {
  const database = await openTestDatabase(t);
  const bus = await openTestBus(t);
  await bus.ensureStream();
  const relay = startRelay(t, database, bus, { coalesceMs: 2000 });
  await enqueueOne(database, bus, 'first');
  relay.wake();
  await waitFor('the first event published', async () => (await streamMessages(bus)) === 1);
  // Woken ten times within the coalescing interval: the relay waits it out, then takes all ten.
  for (let i = 0; i < 10; i++) {
    await enqueueOne(database, bus, `event ${i}`);
    relay.wake();
  }
  t.equal(await streamMessages(bus), 1, 'nothing more before the interval has passed');
  await waitFor('all events published', async () => (await streamMessages(bus)) === 11, 8000);
  t.equal(relay.stats().published, 11);
});

t.test('two relays on one outbox publish each event exactly once', async (t) => {
  const database = await openTestDatabase(t);
  const bus = await openTestBus(t);
  await bus.ensureStream();
  const ids = new Set<string>();
  for (let i = 0; i < 150; i++)
    ids.add(await enqueueOne(database, bus, `event ${i}`, i % 2 ? 'cq' : 'jiangbei'));
  const a = new OutboxRelay({ database, bus, logger: captureLogger(), batchSize: 10, idleMs: 50 });
  const b = new OutboxRelay({ database, bus, logger: captureLogger(), batchSize: 10, idleMs: 50 });
  a.start();
  b.start();
  await waitFor('the outbox to drain', async () => (await a.pending()) === 0);
  await a.stop();
  await b.stop();
  t.equal(await streamMessages(bus), 150);
  t.equal(
    a.stats().duplicates + b.stats().duplicates,
    0,
    'skip locked: no row was published twice',
  );
  t.equal(a.stats().published + b.stats().published, 150);
  t.ok(
    a.stats().published > 0 && b.stats().published > 0,
    `both relays worked (a=${a.stats().published}, b=${b.stats().published})`,
  );
});

t.test('the outbox works the same on embedded PGlite', async (t) => {
  const database = await Database.open({
    dataDir: 'memory://',
    migrationsFolder,
    appRole: 'hall_app',
  });
  t.teardown(() => database.close());
  const bus = await openTestBus(t);
  const relay = new OutboxRelay({ database, bus, logger: captureLogger() });
  const id = await enqueueOne(database, bus, '嵌入式');
  const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
  t.ok(row?.payload instanceof Uint8Array);
  t.equal(fromBinary(StringValueSchema, row?.payload ?? new Uint8Array()).value, '嵌入式');
  t.equal(
    row?.headers['Hall-Event-Type'],
    'google.protobuf.StringValue',
    'jsonb headers come back as an object',
  );
  t.same(await relay.relayOnce(), { published: 1, failed: false, more: false });
  const stored = await bus.jsm.streams.getMessage(bus.subjects.stream, { seq: 1 });
  t.equal(stored?.header.get('Nats-Msg-Id'), id);
  t.equal(fromBinary(StringValueSchema, stored?.data ?? new Uint8Array()).value, '嵌入式');
  t.equal(await relay.pending(), 0);
});

t.test('subjects refuse tokens that would change routing', async (t) => {
  const database = await openTestDatabase(t);
  await t.rejects(
    database.transaction((tx) =>
      enqueueEvent(tx, 'hall', {
        station: 'yuzhong',
        domain: 'identity',
        event: 'staff.*',
        schema: StringValueSchema,
        message: {},
      }),
    ),
    /invalid event subject token/,
  );
  await t.rejects(
    database.transaction((tx) =>
      enqueueEvent(tx, 'hall', {
        station: 'Yu Zhong',
        domain: 'identity',
        event: 'x',
        schema: StringValueSchema,
        message: {},
      }),
    ),
    /invalid station/,
  );
});
