import t from 'tap';
import { act, json, patch, seedItem, submit, submitted, type AppView } from '../fixtures';
import { buildTestHall, expectProblem, expectValidation } from '../helper';

t.test('roles and states decide who may do what', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const { id } = await submitted(hall, person, 'yuzhong', item);
  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
  const approver = await hall.tokens.staff('yuzhong', ['approver']);
  const admin = await hall.tokens.staff('yuzhong', ['station_admin']);
  const editor = await hall.tokens.staff('yuzhong', ['editor']);

  expectProblem(
    t,
    await act(hall, editor.auth, 'yuzhong', id, 'prereview', {}, 1),
    403,
    'forbidden',
  );
  expectProblem(
    t,
    await act(hall, approver.auth, 'yuzhong', id, 'prereview'),
    403,
    'forbidden_action',
  );
  expectProblem(t, await act(hall, clerk.auth, 'yuzhong', id, 'accept'), 409, 'state_conflict');
  expectProblem(
    t,
    await act(hall, approver.auth, 'yuzhong', id, 'complete'),
    409,
    'state_conflict',
  );
  const noIfMatch = await hall.app.inject({
    method: 'POST',
    url: `/admin/stations/yuzhong/applications/${id}/actions/prereview`,
    headers: clerk.auth,
    payload: {},
  });
  expectProblem(t, noIfMatch, 428, 'precondition_required');
  const unknown = await act(hall, clerk.auth, 'yuzhong', id, 'approve');
  expectValidation(t, unknown);

  const reasons = expectValidation(
    t,
    await act(hall, clerk.auth, 'yuzhong', id, 'not_accept', { reason: '  ' }),
  );
  t.same(
    reasons.map((e) => e.code),
    ['reason.required'],
  );
  const misplaced = expectValidation(
    t,
    await act(hall, clerk.auth, 'yuzhong', id, 'prereview', { outcome: 'approved' }),
  );
  t.same(
    misplaced.map((e) => [e.field, e.code]),
    [['outcome', 'action.field_not_applicable']],
  );

  t.equal((await act(hall, clerk.auth, 'yuzhong', id, 'prereview')).statusCode, 200);
  const accepted = await act(hall, admin.auth, 'yuzhong', id, 'accept');
  t.equal(accepted.statusCode, 200, 'a station admin may act as clerk');
  expectProblem(
    t,
    await act(hall, clerk.auth, 'yuzhong', id, 'reject', { reason: '不符合条件' }),
    403,
    'forbidden_action',
  );
  const noOutcome = expectValidation(
    t,
    await act(hall, approver.auth, 'yuzhong', id, 'complete', {}),
  );
  t.same(
    noOutcome.map((e) => e.field),
    ['outcome'],
  );
  const rejected = await act(hall, approver.auth, 'yuzhong', id, 'reject', {
    reason: '经审查不符合认定条件',
  });
  t.equal(rejected.statusCode, 200, 'an approver rejects after acceptance');
  const view = json<
    AppView & { timeline: Array<{ action: string; details: { reason?: string } }> }
  >(rejected);
  t.equal(view.state, 'rejected');
  t.equal(view.timeline.at(-1)?.details.reason, '经审查不符合认定条件');
  expectProblem(
    t,
    await act(hall, admin.auth, 'yuzhong', id, 'complete', { outcome: 'approved' }),
    409,
    'state_conflict',
  );
});

t.test('of two concurrent decisions exactly one wins', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const { id } = await submitted(hall, person, 'yuzhong', item);
  const a = await hall.tokens.staff('yuzhong', ['clerk']);
  const b = await hall.tokens.staff('yuzhong', ['clerk']);
  const revision = json(
    await hall.app.inject({ url: `/admin/stations/yuzhong/applications/${id}`, headers: a.auth }),
  ).revision;
  for (let round = 0; round < 3; round++) {
    const current =
      round === 0
        ? revision
        : json(
            await hall.app.inject({
              url: `/admin/stations/yuzhong/applications/${id}`,
              headers: a.auth,
            }),
          ).revision;
    const results = await Promise.all([
      act(hall, a.auth, 'yuzhong', id, round === 2 ? 'accept' : 'prereview', {}, current),
      act(
        hall,
        b.auth,
        'yuzhong',
        id,
        round === 2 ? 'not_accept' : 'prereview',
        round === 2 ? { reason: '材料不全' } : {},
        current,
      ),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    if (round === 0) {
      t.same(codes, [200, 409], 'one prereview wins, the other gets 409');
      const loser = results
        .find((r) => r.statusCode === 409)!
        .json<{ code: string; title: string }>();
      // Whether the loser read before or after the winner committed, it is told to reload.
      t.ok(['edit_conflict', 'state_conflict'].includes(loser.code), loser.code);
      t.match(loser.title, '刷新后重试');
    } else if (round === 1) {
      t.same(codes, [409, 409], 'prereview again is a state conflict for both');
    } else {
      t.same(codes, [200, 409], 'accept and not_accept: one wins');
    }
  }
  const transitions = json<AppView & { timeline: Array<{ action: string }> }>(
    await hall.app.inject({ url: `/applications/${id}`, headers: person.auth }),
  ).timeline.map((s) => s.action);
  t.equal(transitions.filter((a) => a === 'prereview').length, 1, 'one prereview recorded');
  t.equal(transitions.length, 3, 'submit, prereview and one decision');
});

t.test('a decision checked against a state that changed meanwhile is refused whole', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const { id } = await submitted(hall, person, 'yuzhong', item);
  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
  const approver = await hall.tokens.staff('yuzhong', ['approver']);
  await act(hall, clerk.auth, 'yuzhong', id, 'prereview');
  await act(hall, clerk.auth, 'yuzhong', id, 'accept');
  const revision = json(
    await hall.app.inject({
      url: `/admin/stations/yuzhong/applications/${id}`,
      headers: approver.auth,
    }),
  ).revision;

  // 办结 passes its checks, then waits for materials to confirm the result file; meanwhile
  // another approver rejects. The completion must not overwrite the rejection.
  const file = hall.materials.add({ kind: 'staff', id: approver.id }, '决定书.pdf');
  const gate = hall.materials.hold();
  const completing = act(
    hall,
    approver.auth,
    'yuzhong',
    id,
    'complete',
    { outcome: 'approved', resultFileIds: [file] },
    revision,
  );
  await gate.reached;
  const other = await hall.tokens.staff('yuzhong', ['approver']);
  const rejected = await act(
    hall,
    other.auth,
    'yuzhong',
    id,
    'reject',
    { reason: '不符合条件' },
    revision,
  );
  t.equal(rejected.statusCode, 200, 'the rejection commits first');
  gate.release();
  const late = await completing;
  const body = expectProblem(t, late, 409, 'edit_conflict');
  t.match(body.title, '刷新后重试');
  const final = json<
    AppView & { timeline: Array<{ action: string }>; result: { files: unknown[] } }
  >(await hall.app.inject({ url: `/applications/${id}`, headers: person.auth }));
  t.equal(final.state, 'rejected');
  t.same(
    final.timeline.map((s) => s.action),
    ['submit', 'prereview', 'accept', 'reject'],
  );
  t.same(final.result.files, [], 'no result files were attached');
});

t.test('staff with a department see only their department’s applications', async (t) => {
  const hall = await buildTestHall(t);
  const jw = await seedItem(hall);
  const other = await seedItem(hall);
  const person = await hall.tokens.person();
  const mine = await submitted(hall, person, 'yuzhong', jw);
  const theirs = await submitted(hall, person, 'yuzhong', other);
  const clerk = await hall.tokens.staff('yuzhong', ['clerk'], { department: jw.departmentId });
  const list = await hall.app.inject({
    url: '/admin/stations/yuzhong/applications',
    headers: clerk.auth,
  });
  t.same(
    list.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id),
    [mine.id],
  );
  t.equal(list.json().counts.all, 1);
  expectProblem(
    t,
    await hall.app.inject({
      url: `/admin/stations/yuzhong/applications/${theirs.id}`,
      headers: clerk.auth,
    }),
    404,
    'not_found',
  );
  expectProblem(
    t,
    await act(hall, clerk.auth, 'yuzhong', theirs.id, 'prereview', {}, 2),
    404,
    'not_found',
  );
  t.equal((await act(hall, clerk.auth, 'yuzhong', mine.id, 'prereview')).statusCode, 200);
});

t.test('the worklist: queues, filters, overdue first', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
  const people = await Promise.all([1, 2, 3].map(() => hall.tokens.person()));
  // Submitted on Monday 2026-11-02 (due Wednesday), Thursday 11-05 (due Monday 11-09),
  // and Tuesday 11-03 (due Thursday 11-05).
  hall.clock.set('2026-11-02T02:00:00Z');
  const first = await submitted(hall, people[0]!, 'yuzhong', item);
  hall.clock.set('2026-11-05T02:00:00Z');
  const second = await submitted(hall, people[1]!, 'yuzhong', item);
  hall.clock.set('2026-11-03T02:00:00Z');
  const third = await submitted(hall, people[2]!, 'yuzhong', item);
  t.equal(first.serial, '50010320261102000001');
  t.equal(third.serial, '50010320261103000001', 'a new day, a new sequence');

  // Now is Friday 11-06: the first and third are overdue.
  hall.clock.set('2026-11-06T02:00:00Z');
  const get = (query: string) =>
    hall.app.inject({ url: `/admin/stations/yuzhong/applications?${query}`, headers: clerk.auth });
  const all = (await get('')).json<{
    items: Array<{ id: string; overdue: boolean; currentDueAt: string }>;
    overdueCount: number;
    counts: Record<string, number>;
  }>();
  t.same(
    all.items.map((i) => [i.id, i.overdue]),
    [
      [first.id, true],
      [third.id, true],
      [second.id, false],
    ],
    'overdue first, then by due time',
  );
  t.equal(all.overdueCount, 2);
  t.same(
    all.items.map((i) => i.currentDueAt),
    ['2026-11-04T15:59:59.999Z', '2026-11-05T15:59:59.999Z', '2026-11-09T15:59:59.999Z'],
  );

  await act(hall, clerk.auth, 'yuzhong', second.id, 'prereview');
  const prereview = (await get('queue=prereview')).json();
  t.same(
    prereview.items.map((i: { id: string }) => i.id),
    [first.id, third.id],
  );
  t.match(prereview.counts, { prereview: 2, accept: 1, supplement: 0, complete: 0, all: 3 });
  t.same(
    (await get('overdue=false')).json().items.map((i: { id: string }) => i.id),
    [second.id],
  );
  t.same(
    (await get(`serial=${second.serial}`)).json().items.map((i: { id: string }) => i.id),
    [second.id],
  );
  t.equal((await get('q=张')).json().total, 3, 'q matches the applicant');
  t.equal((await get('applicant=李')).json().total, 0);
  t.same(
    (await get('from=2026-11-03&to=2026-11-04')).json().items.map((i: { id: string }) => i.id),
    [third.id],
    'submission dates, inclusive, in Chongqing time',
  );
  t.equal((await get(`item=${item.itemId}`)).json().total, 3);
  expectValidation(t, await get('queue=nonsense'));
});

t.test('补齐补正 round trip: exactly what was asked, same serial', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const { id, serial } = await submitted(hall, person, 'yuzhong', item);
  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);

  const bad = expectValidation(
    t,
    await act(hall, clerk.auth, 'yuzhong', id, 'request_supplement', {
      supplement: {
        materials: [item.m.window, 'nope'],
        fields: ['basic/shoeSize', 'answers/years'],
        note: '',
      },
    }),
  );
  t.same(
    bad.map((e) => e.code),
    [
      'supplement.window_material',
      'supplement.unknown_material',
      'supplement.unknown_field',
      'supplement.note_required',
    ],
  );
  const asked = await act(hall, clerk.auth, 'yuzhong', id, 'request_supplement', {
    opinion: '请补正',
    supplement: {
      materials: [item.m.required],
      fields: ['basic/address', 'answers/years'],
      note: '身份证复印件不清晰；请核对地址和教龄',
    },
  });
  t.equal(asked.statusCode, 200, asked.body);

  let detail = json<AppView & { actions: string[]; supplement: { materials: string[] } }>(
    await hall.app.inject({ url: `/applications/${id}`, headers: person.auth }),
  );
  t.equal(detail.state, 'supplement');
  t.same(detail.actions, ['supplement', 'print']);
  t.same(detail.supplement.materials, [item.m.required]);

  const outside = expectValidation(
    t,
    await patch(hall, person, id, detail.revision, {
      basic: { name: '张三丰', address: '重庆市渝中区新地址2号' },
      answers: { school: '重庆大学' },
      materials: [{ materialId: item.m.optional, provision: 'none' }],
    }),
  );
  t.same(
    outside.map((e) => [e.field, e.code]),
    [
      ['basic/name', 'supplement.not_requested'],
      ['answers/school', 'supplement.not_requested'],
      ['materials/0/materialId', 'supplement.not_requested'],
    ],
    'only the requested parts may change',
  );

  // Resubmitting before supplying the material is refused.
  const early = expectValidation(t, await submit(hall, person, id, detail.revision, 'resubmit'));
  t.same(
    early.map((e) => [e.field, e.code]),
    [[`materials/${item.m.required}`, 'supplement.material_missing']],
  );

  const clearer = hall.materials.add(person, '身份证清晰版.pdf');
  const saved = await patch(hall, person, id, detail.revision, {
    basic: { address: '重庆市渝中区新地址2号' },
    answers: { years: 6 },
    materials: [{ materialId: item.m.required, provision: 'upload', fileIds: [clearer] }],
  });
  t.equal(saved.statusCode, 200, saved.body);
  const again = await submit(hall, person, id, json(saved).revision, 'resubmit');
  t.equal(again.statusCode, 200, again.body);
  t.equal(again.json().serial, serial, 'the same serial');
  const retried = await submit(hall, person, id, json(saved).revision, 'resubmit');
  t.equal(retried.statusCode, 200, 'a retried resubmission gets its receipt again');

  detail = json(await hall.app.inject({ url: `/applications/${id}`, headers: person.auth }));
  t.equal(detail.state, 'submitted');
  t.same(
    (detail as unknown as { timeline: Array<{ action: string }> }).timeline.map((s) => s.action),
    ['submit', 'request_supplement', 'resubmit'],
  );
  t.equal(
    (detail as unknown as { basic: { address: string } }).basic.address,
    '重庆市渝中区新地址2号',
  );
  t.equal(
    (await act(hall, clerk.auth, 'yuzhong', id, 'prereview')).statusCode,
    200,
    'back in the queue',
  );
});

t.test('重新申报 after 已驳回: a prefilled draft, once', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const { id } = await submitted(hall, person, 'yuzhong', item);
  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
  expectProblem(
    t,
    await hall.app.inject({
      method: 'POST',
      url: `/applications/${id}/reapply`,
      headers: person.auth,
    }),
    409,
    'state_conflict',
  );
  t.equal(
    (await act(hall, clerk.auth, 'yuzhong', id, 'reject', { reason: '照片不合格' })).statusCode,
    200,
  );

  const [one, two] = await Promise.all([
    hall.app.inject({ method: 'POST', url: `/applications/${id}/reapply`, headers: person.auth }),
    hall.app.inject({ method: 'POST', url: `/applications/${id}/reapply`, headers: person.auth }),
  ]);
  t.same([one.statusCode, two.statusCode].sort(), [200, 201], 'a double click makes one draft');
  t.equal(one.json().id, two.json().id);
  const draft = json<
    AppView & {
      reapplicationOf: string;
      basic: { name: string; idNumber: string };
      answers: Record<string, unknown>;
      materials: Array<{ materialId: string; files: unknown[] }>;
    }
  >(one);
  t.equal(draft.state, 'draft');
  t.equal(draft.reapplicationOf, id);
  t.equal(draft.basic.idNumber, '500103199001011232', 'basic carried over');
  t.same(draft.answers, { school: '西南大学', years: 5, guardianId: '110101199003074514' });
  t.equal(draft.materials.find((m) => m.materialId === item.m.required)?.files.length, 1);

  const rejected = json<AppView & { actions: string[]; reappliedBy: string }>(
    await hall.app.inject({ url: `/applications/${id}`, headers: person.auth }),
  );
  t.same(rejected.actions, ['print'], 'no second 重新申报');
  t.equal(rejected.reappliedBy, draft.id);
  const receipt = await submit(hall, person, draft.id, draft.revision);
  t.equal(receipt.statusCode, 200, 'the new application submits as is');
});
