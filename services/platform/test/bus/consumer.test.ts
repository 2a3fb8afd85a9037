import { StringValueSchema, TimestampSchema } from '@bufbuild/protobuf/wkt';
import { nanos } from '@nats-io/transport-node';
import { eq } from 'drizzle-orm';
import t from 'tap';
import {
  OutboxRelay,
  consumeEvents,
  decodeEvent,
  enqueueEvent,
  processedEvents,
  pruneProcessedEvents,
  toMsgHdrs,
  type Bus,
  type BusEvent,
  type EventHandler,
} from '../../src/bus';
import type { Database } from '../../src/db/database';
import { receivedEvents, stationNotes } from './fixtures/schema';
import {
  captureLogger,
  openTestBus,
  openTestDatabase,
  sleep,
  waitFor,
  type Teardown,
} from './helpers';

interface Setup {
  database: Database;
  bus: Bus;
  relay: OutboxRelay;
  emit(value: string, station?: string): Promise<string>;
  received(consumer: string): Promise<Array<{ eventId: string; value: string; station: string }>>;
}

async function setup(t: Teardown): Promise<Setup> {
  const database = await openTestDatabase(t);
  const bus = await openTestBus(t);
  await bus.ensureStream();
  const relay = new OutboxRelay({ database, bus, logger: captureLogger(), idleMs: 100 });
  relay.start();
  t.teardown(() => relay.stop());
  return {
    database,
    bus,
    relay,
    async emit(value, station = 'yuzhong') {
      const id = await database.transaction((tx) =>
        enqueueEvent(tx, bus, {
          station,
          domain: 'letters',
          event: 'letter_received',
          schema: StringValueSchema,
          message: { value },
        }),
      );
      relay.wake();
      return id;
    },
    received(consumer) {
      return database.db
        .select({
          eventId: receivedEvents.eventId,
          value: receivedEvents.value,
          station: receivedEvents.station,
        })
        .from(receivedEvents)
        .where(eq(receivedEvents.consumer, consumer))
        .orderBy(receivedEvents.seq);
    },
  };
}

/** A handler that records each event it applies into received_events. */
function recorder(
  consumer: string,
  before?: (event: BusEvent) => Promise<void> | void,
): EventHandler {
  return async (event, tx) => {
    await before?.(event);
    const value = decodeEvent(event, StringValueSchema).value;
    await tx
      .insert(receivedEvents)
      .values({ consumer, eventId: event.id, station: event.station, value });
  };
}

t.test(
  'a durable consumer hands each event to its handler inside the station transaction',
  async (t) => {
    const { database, bus, emit, received } = await setup(t);
    const seen: BusEvent[] = [];
    const consumer = consumeEvents({
      bus,
      database,
      durable: 'notes',
      filterSubject: bus.subjects.domainEvents('letters'),
      logger: captureLogger(),
      handler: async (event, tx) => {
        seen.push(event);
        // station_notes has row-level security: this insert only passes for the event's station.
        await tx
          .insert(stationNotes)
          .values({ station: event.station, value: decodeEvent(event, StringValueSchema).value });
        await recorder('notes')(event, tx);
      },
    });
    t.teardown(() => consumer.stop());
    const a = await emit('咨询 1', 'yuzhong');
    const b = await emit('咨询 2', 'jiangbei');
    await waitFor('two events', async () => (await received('notes')).length === 2);

    t.same(
      (await received('notes')).map((r) => [r.eventId, r.station, r.value]),
      [
        [a, 'yuzhong', '咨询 1'],
        [b, 'jiangbei', '咨询 2'],
      ],
    );
    const first = seen[0];
    t.equal(first?.id, a);
    t.equal(first?.type, 'google.protobuf.StringValue');
    t.equal(first?.subject, `${bus.namespace}.evt.yuzhong.letters.letter_received`);
    t.ok(first?.occurredAt instanceof Date && !Number.isNaN(first.occurredAt.getTime()));
    t.equal(first?.deliveryCount, 1);
    t.throws(
      () => decodeEvent(first as BusEvent, TimestampSchema),
      /not google.protobuf.Timestamp/,
    );

    const notes = await database.withAllStations((tx) =>
      tx.select().from(stationNotes).orderBy(stationNotes.seq),
    );
    t.same(
      notes.map((n) => n.station),
      ['yuzhong', 'jiangbei'],
    );
    const processed = await database.db
      .select()
      .from(processedEvents)
      .where(eq(processedEvents.consumer, 'notes'));
    t.equal(processed.length, 2, 'both ids remembered');
    t.match(consumer.stats(), { processed: 2, duplicates: 0, failures: 0 });
    t.equal(await pruneProcessedEvents(database.db, 1), 0, 'recent ids are kept');
    t.equal(await pruneProcessedEvents(database.db, 0), 2, 'old ids can be pruned');
  },
);

t.test('a redelivery after ack_wait expires is recognised and only acknowledged', async (t) => {
  const { database, bus, emit, received } = await setup(t);
  let calls = 0;
  const consumer = consumeEvents({
    bus,
    database,
    durable: 'slow',
    logger: captureLogger(),
    ackWaitMs: 1000,
    handler: recorder('slow', async () => {
      calls++;
      // The first delivery outlives ack_wait, so JetStream delivers the event again meanwhile.
      if (calls === 1) await sleep(1800);
    }),
  });
  t.teardown(() => consumer.stop());
  const id = await emit('slow one');
  await waitFor('the redelivery to be seen', () => consumer.stats().duplicates >= 1, 10_000);
  const rows = await received('slow');
  t.same(
    rows.map((r) => r.eventId),
    [id],
    'applied once',
  );
  t.equal(calls, 1, 'the handler never saw the redelivered copy');
  t.equal(consumer.stats().processed, 1);
});

t.test(
  'a failing handler is retried with a delay and its work rolled back each time',
  async (t) => {
    const { database, bus, emit, received } = await setup(t);
    let attempts = 0;
    const logger = captureLogger();
    const consumer = consumeEvents({
      bus,
      database,
      durable: 'flaky',
      logger,
      retryDelayMs: 100,
      handler: async (event, tx) => {
        attempts++;
        await recorder('flaky')(event, tx);
        // Written, then failed: the rollback must take the row (and the processed id) away.
        if (attempts < 3) throw new Error(`transient failure ${attempts}`);
      },
    });
    t.teardown(() => consumer.stop());
    const id = await emit('flaky one');
    await waitFor('the third attempt to succeed', () => consumer.stats().processed === 1, 10_000);
    t.equal(attempts, 3);
    t.same(
      (await received('flaky')).map((r) => r.eventId),
      [id],
      'only the successful attempt left a row',
    );
    t.equal(consumer.stats().failures, 2);
    t.equal(
      logger.entries.filter(
        (e) => e.level === 'warn' && e.msg === 'event handling failed; will retry',
      ).length,
      2,
    );
  },
);

t.test('a poison event is given up after max_deliver and the rest keep flowing', async (t) => {
  const { database, bus, emit, received } = await setup(t);
  const logger = captureLogger();
  let poisonCalls = 0;
  const consumer = consumeEvents({
    bus,
    database,
    durable: 'poison',
    logger,
    maxDeliver: 3,
    retryDelayMs: 50,
    handler: recorder('poison', (event) => {
      if (decodeEvent(event, StringValueSchema).value === 'poison') {
        poisonCalls++;
        throw new Error('cannot apply this event');
      }
    }),
  });
  t.teardown(() => consumer.stop());
  const poison = await emit('poison');
  const fine = await emit('fine');
  await waitFor('the poison event to be given up', () => consumer.stats().terminated === 1, 10_000);
  await waitFor('the good event', async () => (await received('poison')).length === 1);
  t.equal(poisonCalls, 3, 'delivered max_deliver times');
  t.same(
    (await received('poison')).map((r) => r.eventId),
    [fine],
  );
  const given = logger.entries.find(
    (e) =>
      e.level === 'error' && e.msg === 'event handling failed for the last time; event given up',
  );
  t.ok(given, 'logged as an error');
  t.equal(given?.obj.eventId, poison);
  // Nothing comes back for it.
  await sleep(500);
  t.equal(poisonCalls, 3);
});

t.test(
  'a durable consumer resumes where it stopped, and two replicas on it never apply an event twice',
  async (t) => {
    const { database, bus, emit, received } = await setup(t);
    const first = consumeEvents({
      bus,
      database,
      durable: 'resume',
      logger: captureLogger(),
      handler: recorder('resume'),
    });
    for (let i = 0; i < 10; i++) await emit(`before ${i}`);
    await waitFor('the first ten', async () => (await received('resume')).length === 10);
    await first.stop();

    for (let i = 0; i < 30; i++) await emit(`after ${i}`);
    const a = consumeEvents({
      bus,
      database,
      durable: 'resume',
      logger: captureLogger(),
      handler: recorder('resume'),
    });
    const b = consumeEvents({
      bus,
      database,
      durable: 'resume',
      logger: captureLogger(),
      handler: recorder('resume'),
    });
    t.teardown(async () => {
      await a.stop();
      await b.stop();
    });
    await waitFor('all forty', async () => (await received('resume')).length === 40);
    await sleep(300);
    const rows = await received('resume');
    t.equal(rows.length, 40);
    t.equal(new Set(rows.map((r) => r.eventId)).size, 40, 'no event applied twice');
    t.equal(
      a.stats().processed + b.stats().processed,
      30,
      'the restarted consumers saw only the new events',
    );
  },
);

t.test(
  'the same event id published twice is applied once, inside or past the duplicate window',
  async (t) => {
    const { database, bus, received } = await setup(t);
    const consumer = consumeEvents({
      bus,
      database,
      durable: 'twice',
      logger: captureLogger(),
      handler: recorder('twice'),
    });
    t.teardown(() => consumer.stop());
    const id = '01900000-0000-7000-8000-000000000001';
    const subject = bus.subjects.event('cq', 'letters', 'letter_received');
    const payload = new Uint8Array([0x0a, 0x03, 0x61, 0x62, 0x63]); // StringValue { value: "abc" }
    const publish = () =>
      bus.js.publish(subject, payload, {
        msgID: id,
        headers: toMsgHdrs({
          'Hall-Event-Type': 'google.protobuf.StringValue',
          'Hall-Station': 'cq',
        }),
      });
    t.equal((await publish()).duplicate, false);
    t.equal(
      (await publish()).duplicate,
      true,
      'JetStream drops a copy inside the duplicate window',
    );
    await waitFor('the event', async () => (await received('twice')).length === 1);

    // A copy that arrives after the window (a relay stalled for minutes) is stored again;
    // shrink the window instead of waiting two minutes.
    await bus.jsm.streams.update(bus.subjects.stream, { duplicate_window: nanos(100) });
    await sleep(300);
    t.equal((await publish()).duplicate, false, 'past the window JetStream stores the copy');
    await waitFor('the copy to be recognised', () => consumer.stats().duplicates === 1);
    t.same(
      (await received('twice')).map((r) => r.value),
      ['abc'],
      'processed_events kept it to one application',
    );
    t.equal(consumer.stats().processed, 1);
  },
);
