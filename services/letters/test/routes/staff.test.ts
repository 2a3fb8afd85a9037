import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import t from 'tap';
import { act, department, letterBody, MOBILE, staffView, submitted } from '../fixtures';
import {
  buildTestLetters,
  expectProblem,
  streamEvents,
  waitFor,
  type TestLetters,
} from '../helper';

const MONDAY = '2026-12-07T02:00:00Z';

function queue(
  hall: TestLetters,
  auth: { authorization: string },
  query = '',
  station = 'yuzhong',
) {
  return hall.app.inject({ url: `/admin/stations/${station}/letters${query}`, headers: auth });
}

t.test(
  'the desk’s queue: waiting letters first by due date, filters, department scope',
  async (t) => {
    const hall = await buildTestLetters(t);
    const deptA = await department(hall, 'yuzhong', '交通运输委');
    const deptB = await department(hall, 'yuzhong', '教委');
    const desk = await hall.tokens.staff('yuzhong', ['letters']);

    hall.clock.set('2026-11-23T02:00:00Z');
    const late = await submitted(
      hall,
      'yuzhong',
      letterBody('consultation', deptB.id, { subject: '学位查询' }),
    );
    hall.clock.set(MONDAY);
    const a = await submitted(hall, 'yuzhong', letterBody('consultation', deptA.id));
    const b = await submitted(hall, 'yuzhong', letterBody('complaint'));
    const c = await submitted(hall, 'yuzhong', letterBody('suggestion', deptB.id));
    const answered = await submitted(hall, 'yuzhong', letterBody('consultation', deptA.id));
    await act(hall, desk.auth, 'yuzhong', answered.id, 'reply', { text: '已答复。' });
    await submitted(hall, 'jiangbei', letterBody('complaint'));

    const all = await queue(hall, desk.auth);
    t.equal(all.statusCode, 200, all.body);
    const page = all.json();
    t.equal(page.total, 5, 'this station only');
    t.same(
      page.items.map((l: { id: string }) => l.id),
      [late.id, a.id, b.id, c.id, answered.id],
      'overdue and waiting first, earliest due first; answered last',
    );
    t.same(
      page.items.map((l: { overdue: boolean; remainingWorkdays: number | null }) => [
        l.overdue,
        l.remainingWorkdays,
      ]),
      [
        [true, -5],
        [false, 5],
        [false, 10],
        [false, 15],
        [false, null],
      ],
    );
    t.match(page.items[0], {
      code: late.code,
      kind: 'consultation',
      kindLabel: '咨询',
      subject: '学位查询',
      departmentId: deptB.id,
      departmentName: '教委',
      state: 'received',
      stateLabel: '已受理',
    });
    t.same(page.items[2].departmentId, null, 'a complaint without department');

    const ids = async (query: string, auth = desk.auth) =>
      (await queue(hall, auth, query)).json().items.map((l: { id: string }) => l.id);
    t.same(await ids('?state=replied'), [answered.id]);
    t.same(await ids('?kind=complaint'), [b.id]);
    t.same(await ids(`?departmentId=${deptB.id}`), [late.id, c.id]);
    t.same(await ids('?overdue=true'), [late.id]);
    t.same(await ids('?overdue=false'), [a.id, b.id, c.id, answered.id]);
    t.same(await ids('?q=学位'), [late.id], 'by subject');
    t.same(await ids(`?q=${b.code}`), [b.id], 'by code');
    t.same(await ids('?q=202612'), [a.id, b.id, c.id, answered.id], 'by the start of the code');
    t.match(late.code, /^202611/, 'received in November');
    const second = (await queue(hall, desk.auth, '?page=2&pageSize=2')).json();
    t.match(second, { total: 5, page: 2, pageSize: 2, items: [{ id: b.id }, { id: c.id }] });

    const deptStaff = await hall.tokens.staff('yuzhong', ['letters'], { department: deptA.id });
    t.same(
      await ids('', deptStaff.auth),
      [a.id, answered.id],
      'department staff: their department',
    );
    expectProblem(
      t,
      await hall.app.inject({
        url: `/admin/stations/yuzhong/letters/${b.id}`,
        headers: deptStaff.auth,
      }),
      404,
      'not_found',
    );
    const theirs = await staffView(hall, deptStaff.auth, 'yuzhong', a.id);
    t.same(theirs.allowedActions, ['reply', 'out-of-scope'], 'department staff do not assign');
    expectProblem(
      t,
      await act(hall, deptStaff.auth, 'yuzhong', a.id, 'assign', { departmentId: deptB.id }),
      403,
      'forbidden_action',
    );
  },
);

t.test('who may use the desk: letters staff and station admins of the station', async (t) => {
  const hall = await buildTestLetters(t);
  const receipt = await submitted(hall, 'yuzhong', letterBody('complaint'));
  const admin = await hall.tokens.staff('yuzhong', ['station_admin']);
  t.equal((await queue(hall, admin.auth)).statusCode, 200, 'station admin');
  const clerk = await hall.tokens.staff('yuzhong', ['clerk', 'approver', 'editor']);
  expectProblem(t, await queue(hall, clerk.auth), 403, 'forbidden');
  const elsewhere = await hall.tokens.staff('jiangbei', ['letters', 'station_admin']);
  expectProblem(t, await queue(hall, elsewhere.auth), 404, 'not_found');
  expectProblem(
    t,
    await hall.app.inject({
      url: `/admin/stations/yuzhong/letters/${receipt.id}`,
      headers: elsewhere.auth,
    }),
    404,
    'not_found',
  );
  expectProblem(
    t,
    await hall.app.inject({
      url: `/admin/stations/jiangbei/letters/${receipt.id}`,
      headers: elsewhere.auth,
    }),
    404,
    'not_found',
  );
  const person = await hall.tokens.person();
  expectProblem(t, await queue(hall, person.auth), 403, 'forbidden');
  expectProblem(
    t,
    await hall.app.inject({ url: '/admin/stations/yuzhong/letters' }),
    401,
    'unauthenticated',
  );
});

t.test(
  'a letter for the desk, masked; viewing it and revealing the contact are audited',
  async (t) => {
    const hall = await buildTestLetters(t);
    const person = await hall.tokens.person();
    const file = hall.materials.add(person, '截图.jpg', 120_000);
    const receipt = await submitted(
      hall,
      'yuzhong',
      letterBody('complaint', undefined, { fileIds: [file], staffName: '李某' }),
      { auth: person.auth },
    );
    const desk = await hall.tokens.staff('yuzhong', ['letters']);

    const res = await hall.app.inject({
      url: `/admin/stations/yuzhong/letters/${receipt.id}`,
      headers: desk.auth,
    });
    t.equal(res.statusCode, 200, res.body);
    t.equal(res.headers.etag, '"1"');
    const view = res.json();
    t.match(view, {
      id: receipt.id,
      code: receipt.code,
      revision: 1,
      writerKind: 'person',
      staffName: '李某',
      contactNameMasked: '张*',
      mobileMasked: '138****5678',
      overdue: false,
      departmentId: null,
      attachments: [{ fileId: file, name: '截图.jpg', mediaType: 'image/jpeg', size: 120_000 }],
      timeline: [
        {
          action: 'received',
          label: '已受理',
          actor: { kind: 'person', id: person.id },
          note: null,
        },
      ],
      allowedActions: ['assign', 'reply', 'out-of-scope'],
    });
    t.notOk(res.body.includes(MOBILE), 'the mobile number stays masked');

    const contact = await hall.app.inject({
      method: 'POST',
      url: `/admin/stations/yuzhong/letters/${receipt.id}/contact`,
      headers: desk.auth,
    });
    t.same(contact.json(), { contactName: '张三', mobile: MOBILE });

    const records = await waitFor('two audit records', async () => {
      const list = await streamEvents(hall.bus, AuditRecordedSchema);
      return list.length === 2 ? list : null;
    });
    t.same(
      records.map((r) => [
        r.subject,
        r.message.event,
        r.message.actorId,
        r.message.targetKind,
        r.message.targetId,
      ]),
      [
        [
          `${hall.config.BUS_NAMESPACE}.evt.yuzhong.letters.audit_recorded`,
          'letters.letter.viewed',
          desk.id,
          'letter',
          receipt.id,
        ],
        [
          `${hall.config.BUS_NAMESPACE}.evt.yuzhong.letters.audit_recorded`,
          'letters.letter.contact_revealed',
          desk.id,
          'letter',
          receipt.id,
        ],
      ],
    );
    for (const r of records) {
      t.same(JSON.parse(r.message.detailsJson), { code: receipt.code });
      t.notOk(r.message.detailsJson.includes(MOBILE), 'no mobile number in the audit log');
    }
  },
);
