import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import {
  LetterAssignedSchema,
  LetterClosedSchema,
  LetterKind,
  LetterRepliedSchema,
} from '@hall/proto/hall/letters/v1/letters_events_pb';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { act, department, letterBody, lookup, MOBILE, staffView, submitted } from '../fixtures';
import {
  buildTestLetters,
  expectProblem,
  expectValidation,
  ownerSql,
  streamEvents,
  waitFor,
  type TestLetters,
} from '../helper';

const MONDAY = '2026-12-07T02:00:00Z';

async function audits(hall: TestLetters, n: number) {
  return waitFor(`${n} audit records`, async () => {
    // The letters desk's actions (views are read along the way; the catalog audits its own).
    const list = (await streamEvents(hall.bus, AuditRecordedSchema)).filter(
      (e) => e.message.event.startsWith('letters.') && e.message.event !== 'letters.letter.viewed',
    );
    return list.length === n ? list : null;
  });
}

t.test('a consultation is assigned to another department, then replied to', async (t) => {
  const hall = await buildTestLetters(t);
  hall.clock.set(MONDAY);
  const deptA = await department(hall, 'yuzhong', '交通运输委');
  const deptB = await department(hall, 'yuzhong', '公安局');
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const receipt = await submitted(hall, 'yuzhong', letterBody('consultation', deptA.id));

  const assigned = await act(hall, desk.auth, 'yuzhong', receipt.id, 'assign', {
    departmentId: deptB.id,
    note: '属公安局职责',
  });
  t.equal(assigned.statusCode, 200, assigned.body);
  t.equal(assigned.headers.etag, '"2"');
  t.match(assigned.json(), {
    state: 'assigned',
    stateLabel: '已转办',
    departmentId: deptB.id,
    departmentName: '公安局',
    revision: 2,
    allowedActions: ['assign', 'reply', 'out-of-scope'],
  });
  t.match(assigned.json().timeline[1], {
    action: 'assigned',
    label: '已转办',
    actor: { kind: 'staff', id: desk.id },
    note: '属公安局职责',
  });

  hall.clock.set('2026-12-09T03:00:00Z');
  const replied = await act(hall, desk.auth, 'yuzhong', receipt.id, 'reply', {
    text: '  请携带身份证到公安局窗口办理。  ',
  });
  t.equal(replied.statusCode, 200, replied.body);
  t.match(replied.json(), {
    state: 'replied',
    revision: 3,
    repliedAt: '2026-12-09T03:00:00.000Z',
    reply: {
      text: '请携带身份证到公安局窗口办理。',
      departmentName: '公安局',
      repliedAt: '2026-12-09T03:00:00.000Z',
    },
    allowedActions: [],
    remainingWorkdays: null,
  });

  const [assignedEvent] = await waitFor('LetterAssigned', async () => {
    const list = await streamEvents(hall.bus, LetterAssignedSchema);
    return list.length === 1 ? list : null;
  });
  t.match(assignedEvent!.message, {
    letterId: receipt.id,
    code: receipt.code,
    departmentId: deptB.id,
  });
  const [repliedEvent] = await waitFor('LetterReplied', async () => {
    const list = await streamEvents(hall.bus, LetterRepliedSchema);
    return list.length === 1 ? list : null;
  });
  t.equal(repliedEvent!.subject, `${hall.config.BUS_NAMESPACE}.evt.yuzhong.letters.letter_replied`);
  t.match(repliedEvent!.message, {
    letterId: receipt.id,
    kind: LetterKind.CONSULTATION,
    departmentId: deptB.id,
    onTime: true,
    outOfScope: false,
  });

  const records = await audits(hall, 2);
  t.same(
    records.map((r) => [r.message.event, r.message.actorId, r.message.targetId]),
    [
      ['letters.letter.assigned', desk.id, receipt.id],
      ['letters.letter.replied', desk.id, receipt.id],
    ],
  );
  t.same(JSON.parse(records[0]!.message.detailsJson), {
    code: receipt.code,
    from: 'received',
    to: 'assigned',
    departmentId: deptB.id,
  });
  t.same(JSON.parse(records[1]!.message.detailsJson), {
    code: receipt.code,
    from: 'assigned',
    to: 'replied',
    onTime: true,
  });
});

t.test('a complaint: reply, follow-up notes, then closure', async (t) => {
  const hall = await buildTestLetters(t);
  const desk = await hall.tokens.staff('cq', ['station_admin']);
  const receipt = await submitted(hall, 'cq', letterBody('complaint'));
  await act(hall, desk.auth, 'cq', receipt.id, 'reply', { text: '经核实，已对相关人员批评教育。' });
  t.same((await staffView(hall, desk.auth, 'cq', receipt.id)).allowedActions, [
    'follow-up',
    'close',
  ]);

  const followed = await act(hall, desk.auth, 'cq', receipt.id, 'follow-up', {
    note: '已电话回访来信人',
  });
  t.equal(followed.statusCode, 200, followed.body);
  t.match(followed.json(), { state: 'replied', revision: 3 });
  const closed = await act(hall, desk.auth, 'cq', receipt.id, 'close', { note: '整改到位，办结' });
  t.equal(closed.statusCode, 200, closed.body);
  t.match(closed.json(), { state: 'closed', stateLabel: '已办结', allowedActions: [] });
  t.ok(closed.json().closedAt);

  const seen = (await lookup(hall, 'cq', receipt.code, MOBILE)).json();
  t.same(
    seen.followUps.map((f: { note: string }) => f.note),
    ['已电话回访来信人'],
    'the writer sees the follow-up notes',
  );
  t.same(
    seen.timeline.map((s: { label: string }) => s.label),
    ['已受理', '已答复', '跟进记录', '已办结'],
  );
  t.notOk(JSON.stringify(seen).includes('整改到位'), 'the closing note is the desk’s');

  expectProblem(
    t,
    await act(hall, desk.auth, 'cq', receipt.id, 'follow-up', { note: '再次回访' }),
    422,
    'transition_not_allowed',
  );
  const [closedEvent] = await waitFor('LetterClosed', async () => {
    const list = await streamEvents(hall.bus, LetterClosedSchema);
    return list.length === 1 ? list : null;
  });
  t.match(closedEvent!.message, { letterId: receipt.id, code: receipt.code });
  t.same(
    (await audits(hall, 3)).map((r) => r.message.event),
    ['letters.letter.replied', 'letters.letter.follow_up', 'letters.letter.closed'],
  );
});

t.test('out of scope: an explanation instead of a reply', async (t) => {
  const hall = await buildTestLetters(t);
  hall.clock.set(MONDAY);
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const receipt = await submitted(hall, 'yuzhong', letterBody('complaint'));
  hall.clock.set('2026-12-31T02:00:00Z');
  const res = await act(hall, desk.auth, 'yuzhong', receipt.id, 'out-of-scope', {
    explanation: '该事项属于诉讼范围，请依法向人民法院提起诉讼。',
  });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), {
    state: 'out_of_scope',
    stateLabel: '不予受理',
    outOfScope: {
      explanation: '该事项属于诉讼范围，请依法向人民法院提起诉讼。',
      at: '2026-12-31T02:00:00.000Z',
    },
    reply: null,
    overdue: false,
    allowedActions: [],
  });
  expectProblem(
    t,
    await act(hall, desk.auth, 'yuzhong', receipt.id, 'reply', { text: '补充答复' }),
    422,
    'transition_not_allowed',
  );
  const [event] = await waitFor('LetterReplied', async () => {
    const list = await streamEvents(hall.bus, LetterRepliedSchema);
    return list.length === 1 ? list : null;
  });
  t.match(event!.message, { kind: LetterKind.COMPLAINT, outOfScope: true, onTime: false });
  t.same(
    (await audits(hall, 1)).map((r) => r.message.event),
    ['letters.letter.out_of_scope'],
  );
});

t.test('a late reply is recorded as late', async (t) => {
  const hall = await buildTestLetters(t);
  hall.clock.set(MONDAY);
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const receipt = await submitted(hall, 'yuzhong', letterBody('complaint'));
  hall.clock.set('2026-12-22T01:00:00Z');
  t.match(await staffView(hall, desk.auth, 'yuzhong', receipt.id), {
    overdue: true,
    remainingWorkdays: -1,
  });
  await act(hall, desk.auth, 'yuzhong', receipt.id, 'reply', { text: '迟复致歉，已处理。' });
  const sql = ownerSql(t, hall.databaseUrl);
  const [row] = await sql`select reply_on_time from letters where id = ${receipt.id}`;
  t.equal(row!.reply_on_time, false);
  const [event] = await waitFor('LetterReplied', async () => {
    const list = await streamEvents(hall.bus, LetterRepliedSchema);
    return list.length === 1 ? list : null;
  });
  t.equal(event!.message.onTime, false);
});

t.test(
  'revisions: required, stale ones refused, and of two concurrent replies one wins',
  async (t) => {
    const hall = await buildTestLetters(t);
    const sql = ownerSql(t, hall.databaseUrl);
    const desk = await hall.tokens.staff('yuzhong', ['letters']);
    const other = await hall.tokens.staff('yuzhong', ['letters']);
    const receipt = await submitted(hall, 'yuzhong', letterBody('complaint'));
    const url = `/admin/stations/yuzhong/letters/${receipt.id}/actions/reply`;

    expectProblem(
      t,
      await hall.app.inject({
        method: 'POST',
        url,
        headers: desk.auth,
        payload: { text: '答复内容' },
      }),
      428,
      'revision_required',
    );
    expectProblem(
      t,
      await hall.app.inject({
        method: 'POST',
        url,
        headers: { ...desk.auth, 'if-match': 'yesterday' },
        payload: { text: '答复内容' },
      }),
      400,
      'bad_request',
    );
    expectProblem(
      t,
      await act(hall, desk.auth, 'yuzhong', receipt.id, 'reply', { text: '答复内容' }, 7),
      409,
      'revision_conflict',
    );

    const both = await Promise.all([
      act(hall, desk.auth, 'yuzhong', receipt.id, 'reply', { text: '第一位的答复' }, 1),
      act(hall, other.auth, 'yuzhong', receipt.id, 'reply', { text: '第二位的答复' }, 1),
    ]);
    t.same(both.map((r) => r.statusCode).sort(), [200, 409], 'one wins, the other is told');
    const loser = both.find((r) => r.statusCode === 409)!;
    expectProblem(t, loser, 409, 'revision_conflict');
    const steps =
      await sql`select action from letter_steps where letter_id = ${receipt.id} order by at, id`;
    t.same(
      steps.map((s) => s.action),
      ['received', 'replied'],
      'one reply recorded',
    );
    const [row] = await sql`select revision, reply_text from letters where id = ${receipt.id}`;
    t.same(
      { ...row },
      { revision: 2, reply_text: both.find((r) => r.statusCode === 200)!.json().reply.text },
    );
    await waitFor('the outbox to drain', async () => {
      const [n] = await sql`select count(*)::int as n from outbox`;
      return n!.n === 0;
    });
    t.equal((await streamEvents(hall.bus, LetterRepliedSchema)).length, 1, 'one LetterReplied');
  },
);

t.test('actions the state or the body does not allow change nothing', async (t) => {
  const hall = await buildTestLetters(t);
  const sql = ownerSql(t, hall.databaseUrl);
  const dept = await department(hall);
  const elsewhere = await department(hall, 'jiangbei', '江北区教委');
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const consultation = await submitted(hall, 'yuzhong', letterBody('consultation', dept.id));
  const complaint = await submitted(hall, 'yuzhong', letterBody('complaint'));

  for (const [id, action, body] of [
    [complaint.id, 'close', { note: '办结' }],
    [complaint.id, 'follow-up', { note: '回访' }],
    [consultation.id, 'follow-up', { note: '回访' }],
  ] as const)
    expectProblem(
      t,
      await act(hall, desk.auth, 'yuzhong', id, action, body),
      422,
      'transition_not_allowed',
    );
  await act(hall, desk.auth, 'yuzhong', consultation.id, 'reply', { text: '已答复。' });
  for (const action of ['close', 'follow-up', 'assign'])
    expectProblem(
      t,
      await act(hall, desk.auth, 'yuzhong', consultation.id, action, {
        ...(action === 'assign' ? { departmentId: dept.id } : { note: '说明' }),
      }),
      422,
      'transition_not_allowed',
    );

  const missing = expectValidation(
    t,
    await act(hall, desk.auth, 'yuzhong', complaint.id, 'reply', { text: ' 好' }),
  );
  t.same(
    missing.map((e) => [e.field, e.code]),
    [['text', 'action.text_required']],
  );
  const extra = expectValidation(
    t,
    await act(hall, desk.auth, 'yuzhong', complaint.id, 'reply', {
      text: '答复内容',
      explanation: '多余',
    }),
  );
  t.same(
    extra.map((e) => [e.field, e.code]),
    [['explanation', 'action.field_not_applicable']],
  );
  expectValidation(t, await act(hall, desk.auth, 'yuzhong', complaint.id, 'assign', {}));
  expectValidation(
    t,
    await act(hall, desk.auth, 'yuzhong', complaint.id, 'reply', { text: 'x'.repeat(5001) }),
  );
  expectValidation(t, await act(hall, desk.auth, 'yuzhong', complaint.id, 'out-of-scope', {}));
  expectValidation(t, await act(hall, desk.auth, 'yuzhong', complaint.id, 'approve', {}));
  for (const departmentId of [uuidv7(), elsewhere.id])
    expectProblem(
      t,
      await act(hall, desk.auth, 'yuzhong', complaint.id, 'assign', { departmentId }),
      422,
      'department_unknown',
    );
  expectProblem(
    t,
    await act(hall, desk.auth, 'yuzhong', uuidv7(), 'reply', { text: '答复内容' }, 1),
    404,
    'not_found',
  );

  const [row] = await sql`select state, revision from letters where id = ${complaint.id}`;
  t.same({ ...row }, { state: 'received', revision: 1 }, 'the complaint is as it was');
  const [steps] =
    await sql`select count(*)::int as n from letter_steps where letter_id = ${complaint.id}`;
  t.equal(steps!.n, 1);
});
