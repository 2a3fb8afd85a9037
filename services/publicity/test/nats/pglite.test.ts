import { ApplicationState } from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import t from 'tap';
import { rebuildAnnouncements } from '../../src/domain/rebuild';
import { applicationRef, buildTestPublicity, events, publishEvent, waitFor } from '../helper';

t.test(
  'on embedded PGlite: the consumer, the keyword and serial search, the rebuild',
  async (t) => {
    const hall = await buildTestPublicity(t, { pglite: true });
    const at = (s: string) => new Date(`2026-03-${s}+08:00`);
    const teacher = applicationRef({ serial: '50010320260302000001' });
    const planning = applicationRef({
      serial: '50010320260303000002',
      itemName: '建设工程规划许可证核发',
    });
    const S = ApplicationState;
    for (const [event, occurredAt] of [
      [events.submitted(teacher, at('02T09:00:00')), at('02T09:00:00')],
      [events.submitted(planning, at('03T09:00:00')), at('03T09:00:00')],
      [
        events.changed(
          planning,
          S.PREREVIEWED,
          S.ACCEPTED,
          'accept',
          at('04T10:00:00'),
          at('04T10:00:00'),
        ),
        at('04T10:00:00'),
      ],
      [events.evaluated(teacher, 5, at('05T10:00:00')), at('05T10:00:00')],
    ] as const) {
      const [name, schema, message] = event;
      await publishEvent(hall.bus, name, schema, message as never, {
        station: 'yuzhong',
        occurredAt,
      });
    }
    const list = async (query = '') =>
      (await hall.app.inject({ url: `/stations/yuzhong/announcements${query}` })).json<{
        items: { serial: string; state: string; acceptedAt: string | null }[];
        total: number;
      }>();
    await waitFor(
      'both listed',
      async () =>
        (await list()).total === 2 && hall.app.announcementConsumer.stats().processed === 4,
    );
    t.same(
      (await list()).items.map((i) => i.serial),
      [planning.serial, teacher.serial],
    );
    t.same(
      (await list(`?q=${encodeURIComponent('教师资格')}`)).items.map((i) => i.serial),
      [teacher.serial],
    );
    t.same(
      (await list('?q=500103202603030')).items.map((i) => i.serial),
      [planning.serial],
    );
    t.same(
      (await list('?from=2026-03-04&to=2026-03-04')).items.map((i) => i.acceptedAt),
      ['2026-03-04T02:00:00.000Z'],
    );

    hall.clock.set('2026-03-05T12:00:00+08:00');
    const before = (await hall.app.inject({ url: '/stations/yuzhong/statistics' })).json();
    t.match(before, {
      received: { month: 2 },
      satisfaction: { month: { evaluations: 1, meanLevel: 5 } },
    });

    const result = await rebuildAnnouncements(hall.app.database, hall.bus, { fromScratch: true });
    t.equal(result.applications, 2);
    t.same(
      (await list()).items.map((i) => i.state),
      ['accepted', 'submitted'],
    );
    t.same((await hall.app.inject({ url: '/stations/yuzhong/statistics' })).json(), before);
  },
);
