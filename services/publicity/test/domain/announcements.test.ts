import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import type { BusEvent } from '@hall/platform';
import {
  ApplicantType,
  ApplicationState,
} from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import {
  announcementOf,
  mergeAnnouncement,
  statisticsDeltas,
  type Announcement,
  type StatisticsDelta,
} from '../../src/domain/announcements';
import { applicationRef, events } from '../helper';

let seq = 0;
function busEvent<S extends DescMessage>(
  [, schema, message]: readonly [string, S, MessageInitShape<S>],
  occurredAt: Date,
): BusEvent {
  return {
    id: uuidv7(),
    type: schema.typeName,
    station: 'yuzhong',
    subject: 'x',
    data: toBinary(schema, create(schema, message)),
    occurredAt,
    headers: {},
    deliveryCount: 1,
    streamSequence: ++seq,
  };
}

const T = (s: string) => new Date(`2026-03-${s}+08:00`);

/** The five events of one application's life, in the order they happened. */
function lifeOf(ref = applicationRef()) {
  return [
    busEvent(events.submitted(ref, T('02T09:00:00')), T('02T09:00:00')),
    busEvent(
      events.changed(
        ref,
        ApplicationState.SUBMITTED,
        ApplicationState.PREREVIEWED,
        'prereview',
        T('02T10:00:00'),
      ),
      T('02T10:00:00'),
    ),
    busEvent(
      events.changed(
        ref,
        ApplicationState.PREREVIEWED,
        ApplicationState.ACCEPTED,
        'accept',
        T('03T11:00:00'),
        T('03T11:00:00'),
      ),
      T('03T11:00:00'),
    ),
    busEvent(events.completed(ref, T('05T16:00:00'), T('03T11:00:00'), true), T('05T16:00:00')),
    busEvent(events.evaluated(ref, 5, T('06T08:00:00'), true), T('06T08:00:00')),
  ];
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) =>
    permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]),
  );
}

function fold(list: BusEvent[]): { row: Announcement; stats: StatisticsDelta[] } {
  let row: Announcement | null = null;
  const stats: StatisticsDelta[] = [];
  for (const e of list) {
    const incoming = announcementOf(e);
    if (!incoming) continue;
    const after: Announcement = mergeAnnouncement(row, incoming);
    stats.push(...statisticsDeltas(row, after));
    row = after;
  }
  return { row: row!, stats };
}

const totals = (stats: StatisticsDelta[]) =>
  stats.reduce(
    (acc, d) => {
      const day = (acc[d.day] ??= {
        received: 0,
        completed: 0,
        onTime: 0,
        evaluations: 0,
        levels: 0,
        satisfied: 0,
      });
      day.received += d.received;
      day.completed += d.completed;
      day.onTime += d.completedOnTime;
      day.evaluations += d.evaluations;
      day.levels += d.evaluationLevelSum;
      day.satisfied += d.satisfied;
      return acc;
    },
    {} as Record<
      string,
      Record<'received' | 'completed' | 'onTime' | 'evaluations' | 'levels' | 'satisfied', number>
    >,
  );

t.test(
  'the fold gives one row in any order, with duplicates, and counts each fact once',
  async (t) => {
    const life = lifeOf();
    const inOrder = fold(life);
    t.match(inOrder.row, {
      state: 'completed',
      outcome: 'approved',
      onTime: true,
      evaluationLevel: 5,
      applicantMasked: '张*',
      submittedAt: T('02T09:00:00'),
      acceptedAt: T('03T11:00:00'),
      completedAt: T('05T16:00:00'),
      versionAt: T('05T16:00:00'),
    });
    t.same(totals(inOrder.stats), {
      '2026-03-02': {
        received: 1,
        completed: 0,
        onTime: 0,
        evaluations: 0,
        levels: 0,
        satisfied: 0,
      },
      '2026-03-05': {
        received: 0,
        completed: 1,
        onTime: 1,
        evaluations: 0,
        levels: 0,
        satisfied: 0,
      },
      '2026-03-06': {
        received: 0,
        completed: 0,
        onTime: 0,
        evaluations: 1,
        levels: 5,
        satisfied: 1,
      },
    });

    let orders = 0;
    for (const order of permutations(life)) {
      const withRepeats = [...order, order[0]!, order[2]!, ...order.slice(3)];
      const result = fold(withRepeats);
      t.same(result.row, inOrder.row);
      t.same(totals(result.stats), totals(inOrder.stats));
      orders += 1;
    }
    t.equal(orders, 120, 'every order of the five events, each with repeats');
  },
);

t.test('an older state event arriving late does not undo a newer one', async (t) => {
  const ref = applicationRef();
  const accepted = busEvent(
    events.changed(
      ref,
      ApplicationState.PREREVIEWED,
      ApplicationState.ACCEPTED,
      'accept',
      T('03T11:00:00'),
      T('03T11:00:00'),
    ),
    T('03T11:00:00'),
  );
  const prereviewedLate = busEvent(
    events.changed(
      ref,
      ApplicationState.SUBMITTED,
      ApplicationState.PREREVIEWED,
      'prereview',
      T('02T10:00:00'),
    ),
    T('02T10:00:00'),
  );
  t.ok(prereviewedLate.streamSequence > accepted.streamSequence, 'later in the stream');
  t.equal(fold([accepted, prereviewedLate]).row.state, 'accepted');

  // Two events of one transaction may share the millisecond: the stream order decides.
  const at = T('05T16:00:00');
  const changed = busEvent(
    events.changed(ref, ApplicationState.ACCEPTED, ApplicationState.REJECTED, 'reject', at),
    at,
  );
  t.equal(fold([changed, accepted]).row.state, 'rejected');
});

t.test(
  'a resubmission keeps the first submission date; an evaluation alone is not listed',
  async (t) => {
    const ref = applicationRef();
    const resubmitted = busEvent(events.submitted(ref, T('04T09:00:00'), true), T('04T09:00:00'));
    const first = busEvent(events.submitted(ref, T('02T09:00:00')), T('02T09:00:00'));
    t.same(fold([resubmitted, first]).row.submittedAt, T('02T09:00:00'));
    t.same(fold([first, resubmitted]).row.submittedAt, T('02T09:00:00'));

    const evaluatedOnly = fold([
      busEvent(events.evaluated(ref, 2, T('06T08:00:00'), true), T('06T08:00:00')),
    ]).row;
    t.equal(evaluatedOnly.state, null, 'no state until a state event arrives');
    t.equal(evaluatedOnly.applicantMasked, '', 'an anonymous evaluation names nobody');
  },
);

t.test('the applicant is masked again: a full name never gets through', async (t) => {
  const person = fold([
    busEvent(
      events.submitted(applicationRef({ applicantMasked: '欧阳娜娜' }), T('02T09:00:00')),
      T('02T09:00:00'),
    ),
  ]).row;
  t.equal(person.applicantMasked, '欧***');
  const unit = fold([
    busEvent(
      events.submitted(
        applicationRef({
          applicantType: ApplicantType.UNIT,
          applicantMasked: '重庆示例科技有限公司',
        }),
        T('02T09:00:00'),
      ),
      T('02T09:00:00'),
    ),
  ]).row;
  t.equal(unit.applicantMasked, '重庆某某有限公司');
  const already = fold([
    busEvent(
      events.submitted(applicationRef({ applicantMasked: '张*' }), T('02T09:00:00')),
      T('02T09:00:00'),
    ),
  ]).row;
  t.equal(already.applicantMasked, '张*', 'masking a masked name changes nothing');
});
