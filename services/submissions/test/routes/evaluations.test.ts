import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import { ApplicationEvaluatedSchema } from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import t from 'tap';
import { act, json, seedItem, submitted, type AppView } from '../fixtures';
import {
  buildTestHall,
  expectProblem,
  expectValidation,
  streamEvents,
  waitFor,
  type Citizen,
  type TestHall,
} from '../helper';
import type { SeededItem } from '../fixtures';

async function completed(hall: TestHall, who: Citizen, item: SeededItem): Promise<string> {
  const { id } = await submitted(hall, who, 'yuzhong', item);
  const admin = await hall.tokens.staff('yuzhong', ['station_admin']);
  for (const [action, body] of [
    ['prereview', {}],
    ['accept', {}],
    ['complete', { outcome: 'approved' }],
  ] as const) {
    const res = await act(hall, admin.auth, 'yuzhong', id, action, body);
    if (res.statusCode !== 200) throw new Error(`${action}: ${res.body}`);
  }
  return id;
}

const rating = (level: number, extra: Record<string, unknown> = {}) => ({
  level,
  indicators: { overall: level, efficiency: 3, guideAccuracy: 4, convenience: 2, usability: 5 },
  comment: '等待时间太长',
  anonymous: true,
  ...extra,
});

t.test('一事一评: once, after completion; 差评 opens a follow-up', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const evaluate = (id: string, body: object, who = person) =>
    hall.app.inject({
      method: 'POST',
      url: `/applications/${id}/evaluation`,
      headers: who.auth,
      payload: body,
    });

  const early = await submitted(hall, person, 'yuzhong', item);
  expectProblem(t, await evaluate(early.id, rating(5)), 409, 'state_conflict');

  const id = await completed(hall, person, item);
  expectValidation(t, await evaluate(id, rating(6)));
  expectValidation(t, await evaluate(id, { level: 3 }));
  expectProblem(t, await evaluate(id, rating(4), await hall.tokens.person()), 404, 'not_found');

  const [a, b] = await Promise.all([evaluate(id, rating(2)), evaluate(id, rating(2))]);
  t.same([a.statusCode, b.statusCode].sort(), [201, 409], 'two at once: one evaluation');
  const loser = [a, b].find((r) => r.statusCode === 409)!;
  expectProblem(t, loser, 409, 'already_evaluated');
  t.match([a, b].find((r) => r.statusCode === 201)!.json(), { level: 2, levelLabel: '不满意' });

  const detail = json<AppView & { evaluation: { level: number }; actions: string[] }>(
    await hall.app.inject({ url: `/applications/${id}`, headers: person.auth }),
  );
  t.equal(detail.evaluation.level, 2);
  t.same(detail.actions, ['print'], 'no second evaluation offered');

  const good = await completed(hall, person, item);
  t.equal((await evaluate(good, rating(5, { anonymous: false }))).statusCode, 201);

  const [event, named] = await waitFor('ApplicationEvaluated', async () => {
    const list = await streamEvents(hall.bus, ApplicationEvaluatedSchema);
    return list.length === 2 ? list : null;
  });
  t.match(named!.message, { anonymous: false, application: { applicantMasked: '张*' } });
  t.match(event!.message, {
    level: 2,
    indicators: { overall: 2, convenience: 2 },
    anonymous: true,
    application: { applicantMasked: '' },
  });
  t.equal(event!.message.application?.applicationId, id);
  t.notOk(
    JSON.stringify(event!.message, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).includes(
      person.id,
    ),
    'the evaluator is not named',
  );

  // The station follows up the 差评 only.
  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
  const open = await hall.app.inject({
    url: '/admin/stations/yuzhong/follow-ups?state=open',
    headers: clerk.auth,
  });
  t.equal(open.statusCode, 200, open.body);
  const list = open.json<{
    total: number;
    items: Array<{ id: string; applicationId: string; level: number; comment: string }>;
  }>();
  t.equal(list.total, 1);
  t.match(list.items[0], {
    applicationId: id,
    level: 2,
    levelLabel: '不满意',
    comment: '等待时间太长',
  });
  const followUp = list.items[0]!.id;

  const jiangbei = await hall.tokens.staff('jiangbei', ['station_admin']);
  expectProblem(
    t,
    await hall.app.inject({
      method: 'POST',
      url: `/admin/stations/jiangbei/follow-ups/${followUp}`,
      headers: jiangbei.auth,
      payload: { response: '已整改' },
    }),
    404,
    'not_found',
  );
  const respond = () =>
    hall.app.inject({
      method: 'POST',
      url: `/admin/stations/yuzhong/follow-ups/${followUp}`,
      headers: clerk.auth,
      payload: { response: '已电话回访，优化了窗口排队流程' },
    });
  const responded = await respond();
  t.equal(responded.statusCode, 200, responded.body);
  t.match(responded.json(), { state: 'responded', response: '已电话回访，优化了窗口排队流程' });
  expectProblem(t, await respond(), 409, 'state_conflict');
  const after = await hall.app.inject({
    url: '/admin/stations/yuzhong/follow-ups?state=open',
    headers: clerk.auth,
  });
  t.equal(after.json().total, 0, 'nothing open any more');

  const audits = await waitFor('the follow-up audit', async () => {
    const all = await streamEvents(
      hall.bus,
      AuditRecordedSchema,
      `${hall.bus.namespace}.evt.yuzhong.submissions.`,
    );
    const found = all.filter((a) => a.message.event === 'submissions.follow_up.responded');
    return found.length > 0 ? found : null;
  });
  t.equal(audits[0]!.message.actorId, clerk.id);
  t.equal(audits[0]!.message.targetId, followUp);
});
