import { nanos } from '@nats-io/transport-node';
import t from 'tap';
import {
  STREAM_DUPLICATE_WINDOW_MS,
  STREAM_MAX_AGE_MS,
  busSubjects,
  connectBus,
  streamName,
} from '../../src/bus';
import { testNamespace, testNatsUrl } from '../../src/testing/nats';
import { captureLogger, openTestBus } from './helpers';

t.test('subjects follow the hall conventions and refuse unsafe tokens', async (t) => {
  const s = busSubjects('hall');
  t.equal(s.stream, 'HALL_EVENTS');
  t.equal(s.allEvents, 'hall.evt.>');
  t.equal(
    s.event('yuzhong', 'identity', 'staff_changed'),
    'hall.evt.yuzhong.identity.staff_changed',
  );
  t.equal(s.domainEvents('identity'), 'hall.evt.*.identity.>');
  t.equal(s.domainEvents('identity', 'staff_changed'), 'hall.evt.*.identity.staff_changed');
  t.equal(s.rpc('identity', 'get_station'), 'hall.rpc.identity.get_station');
  t.equal(streamName('t_ab12cd'), 'T_AB12CD_EVENTS');
  t.throws(() => s.event('yuzhong', 'identity', 'staff.changed'));
  t.throws(() => s.rpc('identity', '>'));
  t.throws(() => s.event('*', 'identity', 'x'));
  t.throws(() => busSubjects('Hall'));
  t.match(testNamespace(), /^t_[0-9a-f]{8}$/);
});

t.test('ensureStream creates the events stream once and repairs drifted settings', async (t) => {
  const bus = await openTestBus(t);
  await bus.ensureStream();
  await bus.ensureStream();
  const info = await bus.jsm.streams.info(bus.subjects.stream);
  t.match(info.config, {
    name: bus.subjects.stream,
    subjects: [`${bus.namespace}.evt.>`],
    storage: 'file',
    retention: 'limits',
    max_age: nanos(STREAM_MAX_AGE_MS),
    duplicate_window: nanos(STREAM_DUPLICATE_WINDOW_MS),
  });
  await bus.jsm.streams.update(bus.subjects.stream, {
    max_age: nanos(60_000),
    duplicate_window: nanos(1000),
  });
  await bus.ensureStream();
  const repaired = await bus.jsm.streams.info(bus.subjects.stream);
  t.equal(repaired.config.max_age, nanos(STREAM_MAX_AGE_MS));
  t.equal(repaired.config.duplicate_window, nanos(STREAM_DUPLICATE_WINDOW_MS));
});

t.test('readiness and close', async (t) => {
  const logger = captureLogger();
  const bus = await connectBus({
    url: testNatsUrl(),
    name: 'ready-test',
    namespace: testNamespace(),
    logger,
  });
  t.ok(bus.isConnected());
  await bus.ping();
  await bus.close();
  await bus.close();
  t.notOk(bus.isConnected());
  await t.rejects(bus.ping(), /disconnected/);
  t.ok(logger.entries.some((e) => e.msg === 'nats connected'));
});
