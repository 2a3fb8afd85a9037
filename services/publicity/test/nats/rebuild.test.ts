import { ApplicationState } from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import t from 'tap';
import { ANNOUNCEMENTS_DURABLE } from '../../src/nats/announcements';
import { rebuildAnnouncements } from '../../src/domain/rebuild';
import {
  applicationRef,
  buildTestPublicity,
  events,
  ownerSql,
  publishEvent,
  waitFor,
  type RefInit,
  type TestPublicity,
} from '../helper';

/** A small deterministic PRNG (mulberry32): the same burst on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (day: number, hour: number) =>
  new Date(`2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`);

type Planned = {
  station: string;
  occurredAt: Date;
  event: ReturnType<(typeof events)[keyof typeof events]>;
};

interface Expected {
  station: string;
  serial: string;
  state: string;
  submittedDay: number;
  completedDay: number | null;
  onTime: boolean | null;
  level: number | null;
  evaluatedDay: number | null;
}

/**
 * `count` applications over two stations and five days, each somewhere in its life: submitted
 * and accepted; sent back for 补齐补正 and resubmitted; completed (on time or not) and evaluated.
 */
function burst(count: number): { planned: Planned[]; expected: Map<string, Expected> } {
  const planned: Planned[] = [];
  const expected = new Map<string, Expected>();
  const S = ApplicationState;
  for (let i = 0; i < count; i++) {
    const station = i % 2 === 0 ? 'yuzhong' : 'jiangbei';
    const ref: RefInit = applicationRef({
      station,
      serial: `5001032026030${i % 5}${String(i).padStart(6, '0')}`,
      itemName: i % 4 === 0 ? '建设工程规划许可证核发' : '中等及中等以上学校教师资格认定',
      departmentId: `0197a000-0000-7000-8000-0000000000${i % 3}${station === 'yuzhong' ? 'a' : 'b'}`,
      departmentName: `部门${i % 3}`,
    });
    const d = 1 + (i % 5);
    const add = (occurredAt: Date, event: Planned['event']) =>
      planned.push({ station, occurredAt, event });
    add(at(d, 9), events.submitted(ref, at(d, 9)));
    const e: Expected = {
      station,
      serial: ref.serial!,
      state: 'submitted',
      submittedDay: d,
      completedDay: null,
      onTime: null,
      level: null,
      evaluatedDay: null,
    };
    if (i % 3 === 1) {
      add(
        at(d, 10),
        events.changed(ref, S.SUBMITTED, S.SUPPLEMENT, 'request_supplement', at(d, 10)),
      );
      add(at(d + 1, 9), events.submitted(ref, at(d + 1, 9), true));
      add(at(d + 1, 9), events.changed(ref, S.SUPPLEMENT, S.SUBMITTED, 'resubmit', at(d + 1, 9)));
    }
    add(at(d + 1, 10), events.changed(ref, S.SUBMITTED, S.PREREVIEWED, 'prereview', at(d + 1, 10)));
    add(
      at(d + 1, 11),
      events.changed(ref, S.PREREVIEWED, S.ACCEPTED, 'accept', at(d + 1, 11), at(d + 1, 11)),
    );
    e.state = 'accepted';
    if (i % 3 !== 2) {
      const onTime = i % 2 === 0;
      add(
        at(d + 2, 16),
        events.changed(ref, S.ACCEPTED, S.COMPLETED, 'complete', at(d + 2, 16), at(d + 1, 11)),
      );
      add(at(d + 2, 16), events.completed(ref, at(d + 2, 16), at(d + 1, 11), onTime));
      Object.assign(e, { state: 'completed', completedDay: d + 2, onTime });
      if (i % 4 !== 3) {
        const level = 1 + (i % 5);
        add(at(d + 3, 8), events.evaluated(ref, level, at(d + 3, 8), i % 2 === 1));
        Object.assign(e, { level, evaluatedDay: d + 3 });
      }
    }
    expected.set(ref.applicationId!, e);
  }
  return { planned, expected };
}

async function publishShuffled(
  hall: TestPublicity,
  planned: Planned[],
  seed: number,
): Promise<number> {
  const next = random(seed);
  const order = planned.map((p) => ({ p, key: next() })).sort((a, b) => a.key - b.key);
  let published = 0;
  for (const { p } of order) {
    const [event, schema, message] = p.event;
    await publishEvent(hall.bus, event, schema, message as never, {
      station: p.station,
      occurredAt: p.occurredAt,
    });
    published += 1;
    // The same fact again under another id, as a producer's retry outside JetStream's
    // de-duplication window would deliver it.
    if (next() < 0.2) {
      await publishEvent(hall.bus, event, schema, message as never, {
        station: p.station,
        occurredAt: p.occurredAt,
      });
      published += 1;
    }
  }
  return published;
}

/** Everything the read models hold, as text, in a fixed order. */
async function snapshot(sql: ReturnType<typeof ownerSql>) {
  const announcements = await sql`
    select application_id, station, serial, item_id, item_name, department_id, department_name,
           applicant_type, applicant_masked, state, submitted_at::text, accepted_at::text,
           completed_at::text, outcome, on_time, evaluation_level, evaluated_at::text,
           version_at::text, version_seq::text
    from announcements order by application_id`;
  const items = await sql`
    select station, item_id, item_name, search::text, version_at::text, version_seq::text
    from announcement_items order by station, item_id`;
  const departments = await sql`
    select station, department_id, department_name, version_at::text, version_seq::text
    from announcement_departments order by station, department_id`;
  const statistics = await sql`select * from daily_statistics order by station, day`;
  return {
    announcements: announcements.map((r) => ({ ...r })),
    items: items.map((r) => ({ ...r })),
    departments: departments.map((r) => ({ ...r })),
    statistics: statistics.map((r) => ({ ...r })),
  };
}

async function settled(hall: TestPublicity, published: number): Promise<void> {
  await waitFor(
    `the consumer to handle ${published} events`,
    () => {
      const s = hall.app.announcementConsumer.stats();
      return s.processed + s.duplicates >= published;
    },
    30_000,
  );
}

t.test(
  'a burst out of order and with repeats; redelivery; rebuilt from the stream equal',
  async (t) => {
    const hall = await buildTestPublicity(t);
    const sql = ownerSql(t, hall.databaseUrl);
    const { planned, expected } = burst(60);
    const published = await publishShuffled(hall, planned, 7);
    await settled(hall, published);
    t.equal(hall.app.announcementConsumer.stats().failures, 0);

    // Every application ends in its last state, whatever order its events came in.
    const rows = await sql`select application_id, serial, state, on_time, evaluation_level,
      ((submitted_at at time zone 'Asia/Shanghai')::date)::text as submitted_day,
      ((completed_at at time zone 'Asia/Shanghai')::date)::text as completed_day
    from announcements`;
    t.equal(rows.length, expected.size);
    let mismatches = 0;
    for (const r of rows) {
      const e = expected.get(r.application_id as string)!;
      const day = (n: number | null) =>
        n === null ? null : `2026-03-${String(n).padStart(2, '0')}`;
      const same =
        r.state === e.state &&
        r.serial === e.serial &&
        r.on_time === e.onTime &&
        r.evaluation_level === e.level &&
        r.submitted_day === day(e.submittedDay) &&
        r.completed_day === day(e.completedDay);
      if (!same) {
        mismatches += 1;
        t.fail(`${e.serial}: ${JSON.stringify(r)} ≠ ${JSON.stringify(e)}`);
      }
    }
    t.equal(mismatches, 0, 'every row as its events say');

    // The statistics equal the known event set, counted independently here.
    hall.clock.set('2026-03-10T12:00:00+08:00');
    for (const station of ['yuzhong', 'jiangbei']) {
      const mine = [...expected.values()].filter((e) => e.station === station);
      const completed = mine.filter((e) => e.completedDay !== null);
      const rated = mine.filter((e) => e.level !== null);
      const res = await hall.app.inject({ url: `/stations/${station}/statistics` });
      t.match(
        res.json(),
        {
          received: { month: mine.length, total: mine.length },
          completed: { month: completed.length },
          onTime: {
            month: {
              completed: completed.length,
              onTime: completed.filter((e) => e.onTime).length,
              rate:
                Math.round((completed.filter((e) => e.onTime).length / completed.length) * 1e4) /
                1e4,
            },
          },
          satisfaction: {
            month: {
              evaluations: rated.length,
              meanLevel:
                Math.round((rated.reduce((n, e) => n + e.level!, 0) / rated.length) * 100) / 100,
              satisfiedShare:
                Math.round((rated.filter((e) => e.level! >= 4).length / rated.length) * 1e4) / 1e4,
            },
          },
        },
        station,
      );
      const daily = res.json<{ daily: { day: string; received: number }[] }>().daily;
      for (let d = 1; d <= 5; d++)
        t.equal(
          daily.find((x) => x.day === `2026-03-0${d}`)!.received,
          mine.filter((e) => e.submittedDay === d).length,
          `${station} received on the ${d}th`,
        );
    }

    const live = await snapshot(sql);

    // Redelivery of every event (the durable consumer deleted, as an operator might): each is
    // recognised by its id and changes nothing.
    await hall.stop();
    await hall.bus.jsm.consumers.delete(hall.bus.subjects.stream, ANNOUNCEMENTS_DURABLE);
    await hall.restart();
    await waitFor(
      'every event redelivered',
      () => hall.app.announcementConsumer.stats().duplicates >= published,
      30_000,
    );
    t.equal(hall.app.announcementConsumer.stats().processed, 0, 'nothing applied twice');
    t.same(await snapshot(sql), live, 'unchanged by redelivery');

    // Rebuilt from the stream alone (the tables' rows thrown away first): the same rows.
    await sql`delete from announcements`;
    await sql`delete from daily_statistics`;
    const result = await rebuildAnnouncements(hall.app.database, hall.bus, { fromScratch: true });
    t.equal(result.events, published);
    t.equal(result.applications, expected.size);
    t.same(await snapshot(sql), live, 'the rebuilt model equals the live one');

    // A corrupted row is put right by a rebuild that keeps the current rows.
    const [victim] =
      await sql`select application_id from announcements where state = 'completed' limit 1`;
    await sql`update announcements set state = 'submitted', completed_at = null where application_id = ${victim!.application_id}`;
    await rebuildAnnouncements(hall.app.database, hall.bus);
    t.same(await snapshot(sql), live, 'repaired');
  },
);

t.test('rebuild while events keep coming; rows whose events aged out are kept', async (t) => {
  const hall = await buildTestPublicity(t);
  const sql = ownerSql(t, hall.databaseUrl);
  const first = burst(20);
  let published = await publishShuffled(hall, first.planned, 11);
  await settled(hall, published);

  // A rebuild with a burst running: the live consumer waits for it, then applies on top.
  const second = burst(40).planned.slice(first.planned.length);
  const [rebuilt, more] = await Promise.all([
    rebuildAnnouncements(hall.app.database, hall.bus),
    publishShuffled(hall, second, 13),
  ]);
  published += more;
  t.ok(rebuilt.events >= first.planned.length, `${rebuilt.events} events replayed`);
  await settled(hall, published);
  const live = await snapshot(sql);
  await rebuildAnnouncements(hall.app.database, hall.bus, { fromScratch: true });
  t.same(await snapshot(sql), live, 'equal to a rebuild after the burst');

  // The stream loses its oldest events (it keeps 30 days): a rebuild keeps what they told.
  const info = await hall.bus.jsm.streams.info(hall.bus.subjects.stream);
  await hall.bus.jsm.streams.purge(hall.bus.subjects.stream, {
    seq: info.state.first_seq + Math.floor(info.state.messages / 2),
  });
  const kept = await rebuildAnnouncements(hall.app.database, hall.bus);
  t.ok(kept.carriedOver > 0, `${kept.carriedOver} applications with no event left, kept`);
  t.same(await snapshot(sql), live, 'nothing lost');
  const lossy = await rebuildAnnouncements(hall.app.database, hall.bus, { fromScratch: true });
  t.ok(
    lossy.applications < live.announcements.length,
    'from scratch, the aged-out applications are gone',
  );
});
