import { LetterKind, LetterReceivedSchema } from '@hall/proto/hall/letters/v1/letters_events_pb';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { departments } from '../../src/db/schema';
import {
  department,
  letterBody,
  lookup,
  MOBILE,
  submit,
  submitted,
  type Receipt,
} from '../fixtures';
import {
  buildTestLetters,
  expectProblem,
  expectValidation,
  ownerSql,
  streamEvents,
  waitFor,
} from '../helper';

// Monday 7 December 2026, 10:00 in Chongqing: no holiday in the weeks after.
const MONDAY = '2026-12-07T02:00:00Z';

t.test(
  'each kind is received with a 受理编码 and the reply due after its working days',
  async (t) => {
    const hall = await buildTestLetters(t);
    hall.clock.set(MONDAY);
    const sql = ownerSql(t, hall.databaseUrl);
    const dept = await department(hall);
    const person = await hall.tokens.person();
    const photo = hall.materials.add(person, '现场照片.jpg', 120_000);

    const consultation = await submit(hall, 'yuzhong', letterBody('consultation', dept.id));
    t.equal(consultation.statusCode, 201, consultation.body);
    const complaint = await submit(
      hall,
      'yuzhong',
      letterBody('complaint', undefined, {
        relatedSerial: '50010320261201000007',
        staffName: '王某',
        fileIds: [photo],
        publicConsent: false,
      }),
      { auth: person.auth },
    );
    t.equal(complaint.statusCode, 201, complaint.body);
    const suggestion = await submit(hall, 'yuzhong', letterBody('suggestion', dept.id), {
      auth: person.auth,
    });
    t.equal(suggestion.statusCode, 201, suggestion.body);

    const receipts = [consultation, complaint, suggestion].map((r) => r.json<Receipt>());
    t.same(
      receipts.map((r) => [r.kind, r.code, r.receivedAt, r.dueAt]),
      [
        [
          'consultation',
          '20261200000000000001',
          '2026-12-07T02:00:00.000Z',
          '2026-12-14T15:59:59.999Z',
        ],
        [
          'complaint',
          '20261200000000000002',
          '2026-12-07T02:00:00.000Z',
          '2026-12-21T15:59:59.999Z',
        ],
        [
          'suggestion',
          '20261200000000000003',
          '2026-12-07T02:00:00.000Z',
          '2026-12-28T15:59:59.999Z',
        ],
      ],
      'codes in sequence; 5, 10 and 15 working days, to the end of the day in Chongqing',
    );

    const rows = await sql`
    select kind, department_id, department_name, related_serial, staff_name, contact_name,
           mobile, mobile_hash, writer_kind, writer_id, attachments, state, public_consent
    from letters order by code`;
    t.match(rows[0], {
      kind: 'consultation',
      department_id: dept.id,
      department_name: '交通运输委',
      related_serial: null,
      writer_kind: null,
      writer_id: null,
      state: 'received',
    });
    t.match(rows[1], {
      kind: 'complaint',
      department_id: null,
      related_serial: '50010320261201000007',
      staff_name: '王某',
      writer_kind: 'person',
      writer_id: person.id,
      public_consent: false,
      attachments: [
        { fileId: photo, name: '现场照片.jpg', size: 120_000, mediaType: 'image/jpeg' },
      ],
    });
    for (const row of rows) {
      t.match(row.contact_name, /^v1\./, 'the contact name is sealed');
      t.match(row.mobile, /^v1\./, 'the mobile number is sealed');
      t.notOk(JSON.stringify(row).includes(MOBILE), 'no mobile number in clear');
      t.notOk(JSON.stringify(row).includes('张三'), 'no name in clear');
    }
    t.equal(new Set(rows.map((r) => r.mobile_hash)).size, 1, 'one look-up hash for one number');

    const events = await waitFor('three LetterReceived', async () => {
      const list = await streamEvents(hall.bus, LetterReceivedSchema);
      return list.length === 3 ? list : null;
    });
    t.same(
      events.map((e) => e.subject),
      Array(3).fill(`${hall.config.BUS_NAMESPACE}.evt.yuzhong.letters.letter_received`),
    );
    t.match(events[0]!.message, {
      letterId: receipts[0]!.id,
      code: receipts[0]!.code,
      kind: LetterKind.CONSULTATION,
      departmentId: dept.id,
      writerKind: '',
      writerId: '',
      fileIds: [],
    });
    t.match(events[1]!.message, {
      kind: LetterKind.COMPLAINT,
      departmentId: undefined,
      writerKind: 'person',
      writerId: person.id,
      fileIds: [photo],
    });
    const raw = JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    t.notOk(
      raw.includes(MOBILE) || raw.includes('张三') || raw.includes('道路运输'),
      'no personal data or text in events',
    );
  },
);

t.test('bad input lists every field, and nothing is written', async (t) => {
  const hall = await buildTestLetters(t);
  const sql = ownerSql(t, hall.databaseUrl);
  const dept = await department(hall);

  const schema = expectValidation(
    t,
    await submit(hall, 'yuzhong', {
      kind: 'consultation',
      departmentId: dept.id,
      subject: '问',
      content: '太短',
      contactName: '',
      mobile: '12345',
      publicConsent: 'yes',
      colour: 'red',
    }),
  );
  t.same(
    schema.map((e) => e.field).sort(),
    ['colour', 'contactName', 'content', 'mobile', 'publicConsent', 'subject'],
    'each field as named in the body',
  );

  const byKind = expectValidation(
    t,
    await submit(
      hall,
      'yuzhong',
      letterBody('suggestion', undefined, {
        relatedSerial: '50010320261201000007',
        staffName: '王某',
      }),
    ),
  );
  t.same(
    byKind.map((e) => [e.field, e.code]),
    [
      ['departmentId', 'letter.department_required'],
      ['relatedSerial', 'letter.complaint_only'],
      ['staffName', 'letter.complaint_only'],
    ],
  );
  const trimmed = expectValidation(
    t,
    await submit(
      hall,
      'yuzhong',
      letterBody('complaint', undefined, {
        relatedSerial: 'ABC',
        subject: '  一 ',
        content: '       ',
        contactName: '   ',
      }),
    ),
  );
  t.same(
    trimmed.map((e) => e.field),
    ['relatedSerial', 'subject', 'content', 'contactName'],
    'blank text does not count',
  );
  expectValidation(
    t,
    await submit(hall, 'yuzhong', letterBody('complaint'), { key: 'not-a-uuid' }),
  );
  expectValidation(
    t,
    await submit(
      hall,
      'yuzhong',
      letterBody('complaint', undefined, { fileIds: Array(6).fill(uuidv7()) }),
    ),
  );

  const [letters] = await sql`select count(*)::int as n from letters`;
  const [counters] = await sql`select count(*)::int as n from code_counters`;
  const [outbox] = await sql`select count(*)::int as n from outbox`;
  t.same([letters!.n, counters!.n, outbox!.n], [0, 0, 0], 'no letter, no code, no event');
});

t.test(
  'the department must be an enabled department of the station; the station must take letters',
  async (t) => {
    const hall = await buildTestLetters(t);
    const sql = ownerSql(t, hall.databaseUrl);
    const dept = await department(hall);
    const elsewhere = await department(hall, 'jiangbei', '江北区交通局');

    for (const [what, departmentId] of [
      ['an unknown department', uuidv7()],
      ['another station’s department', elsewhere.id],
    ] as const) {
      const body = expectProblem(
        t,
        await submit(hall, 'yuzhong', letterBody('consultation', departmentId)),
        422,
        'department_unknown',
      );
      t.same(
        body.errors?.map((e) => e.field),
        ['departmentId'],
        what,
      );
    }
    // A complaint may name the department it is about; the same check applies.
    expectProblem(
      t,
      await submit(hall, 'yuzhong', letterBody('complaint', elsewhere.id)),
      422,
      'department_unknown',
    );

    const editor = await hall.catalog.tokens.staff('yuzhong', ['editor']);
    const disabled = await hall.catalog.app.inject({
      method: 'PATCH',
      url: `/stations/yuzhong/admin/departments/${dept.id}`,
      headers: editor,
      payload: { enabled: false },
    });
    t.equal(disabled.statusCode, 200, disabled.body);
    await waitFor('the read model to see it disabled', async () => {
      const rows = await hall.app.database.withStation('yuzhong', (tx) =>
        tx.select().from(departments),
      );
      return rows.some((d) => d.id === dept.id && !d.enabled);
    });
    expectProblem(
      t,
      await submit(hall, 'yuzhong', letterBody('suggestion', dept.id)),
      422,
      'department_unknown',
    );

    expectProblem(t, await submit(hall, 'nowhere', letterBody('complaint')), 404, 'not_found');
    expectProblem(t, await submit(hall, 'wansheng', letterBody('complaint')), 404, 'not_found');
    const [letters] = await sql`select count(*)::int as n from letters`;
    t.equal(letters!.n, 0, 'nothing written');
  },
);

t.test(
  'attachments: signed-in writers only, from their own library, at most five; a bad token is refused',
  async (t) => {
    const hall = await buildTestLetters(t);
    const person = await hall.tokens.person();
    const other = await hall.tokens.unit();
    const own = hall.materials.add(person, '证明.pdf');
    const theirs = hall.materials.add(other, '他人.pdf');

    expectProblem(
      t,
      await submit(hall, 'cq', letterBody('complaint', undefined, { fileIds: [own] })),
      401,
      'unauthenticated',
    );
    const staff = await hall.tokens.staff('cq', ['letters']);
    expectProblem(
      t,
      await submit(hall, 'cq', letterBody('complaint', undefined, { fileIds: [own] }), {
        auth: staff.auth,
      }),
      403,
      'forbidden',
    );
    const refused = expectProblem(
      t,
      await submit(hall, 'cq', letterBody('complaint', undefined, { fileIds: [own, theirs] }), {
        auth: person.auth,
      }),
      422,
      'file_not_owned',
    );
    t.same(
      refused.errors?.map((e) => e.field),
      ['fileIds'],
    );

    expectProblem(
      t,
      await submit(hall, 'cq', letterBody('complaint'), {
        auth: { authorization: 'Bearer not-a-token' },
      }),
      401,
      'token_invalid',
    );

    const files = [1, 2, 3, 4, 5].map((i) => hall.materials.add(person, `材料${i}.pdf`));
    const ok = await submitted(hall, 'cq', letterBody('complaint', undefined, { fileIds: files }), {
      auth: person.auth,
    });
    const mine = await hall.app.inject({ url: `/me/letters/${ok.id}`, headers: person.auth });
    t.same(
      mine.json<{ attachments: Array<{ name: string }> }>().attachments.map((a) => a.name),
      ['材料1.pdf', '材料2.pdf', '材料3.pdf', '材料4.pdf', '材料5.pdf'],
      'kept in the order given',
    );
  },
);

t.test('codes: per station and month, gapless, distinct under concurrency', async (t) => {
  const hall = await buildTestLetters(t);
  hall.clock.set(MONDAY);
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => submit(hall, 'yuzhong', letterBody('complaint'))),
  );
  t.same(
    responses.map((r) => r.statusCode),
    Array(20).fill(201),
  );
  const codes = responses.map((r) => r.json<Receipt>().code).sort();
  t.same(
    codes,
    Array.from({ length: 20 }, (_, i) => `202612${String(i + 1).padStart(14, '0')}`),
    '20 distinct codes, 1 to 20',
  );
  for (const code of codes) t.match(code, /^\d{20}$/);

  const other = await submitted(hall, 'jiangbei', letterBody('complaint'));
  t.equal(other.code, '20261200000000000001', 'another station counts on its own');
  hall.clock.set('2026-12-31T16:30:00Z'); // 1 January 2027, 00:30 in Chongqing
  const nextMonth = await submitted(hall, 'yuzhong', letterBody('complaint'));
  t.equal(nextMonth.code, '20270100000000000001', 'a new month starts again');
});

t.test(
  'Idempotency-Key: a retry is the same letter; another mobile number is refused',
  async (t) => {
    const hall = await buildTestLetters(t);
    const sql = ownerSql(t, hall.databaseUrl);
    const key = uuidv7();
    const first = await submit(hall, 'yuzhong', letterBody('complaint'), { key });
    t.equal(first.statusCode, 201);
    const retry = await submit(hall, 'yuzhong', letterBody('complaint'), { key });
    t.equal(retry.statusCode, 200, 'the retry answers 200');
    t.same(retry.json(), first.json(), 'with the first letter');
    expectProblem(
      t,
      await submit(hall, 'yuzhong', letterBody('complaint', undefined, { mobile: '13900000000' }), {
        key,
      }),
      409,
      'idempotency_key_reused',
    );

    const double = uuidv7();
    const clicks = await Promise.all(
      Array.from({ length: 5 }, () =>
        submit(hall, 'yuzhong', letterBody('complaint'), { key: double }),
      ),
    );
    t.same(
      clicks.map((r) => r.statusCode).sort(),
      [200, 200, 200, 200, 201],
      'five clicks at once: one letter',
    );
    t.equal(new Set(clicks.map((r) => r.json<Receipt>().code)).size, 1);
    const [count] = await sql`select count(*)::int as n from letters`;
    t.equal(count!.n, 2, 'two letters in all');
    const [counter] = await sql`select last from code_counters`;
    t.equal(counter!.last, 2, 'and no code spent on retries');
  },
);

t.test('submitting is rate-limited per client address', async (t) => {
  const hall = await buildTestLetters(t, { env: { LETTERS_SUBMIT_RATE_LIMIT_PER_MINUTE: '2' } });
  for (let i = 0; i < 2; i++)
    t.equal((await submit(hall, 'cq', letterBody('complaint'))).statusCode, 201);
  const limited = expectProblem(
    t,
    await submit(hall, 'cq', letterBody('complaint')),
    429,
    'rate_limited',
  );
  t.ok(limited);
});

t.test('logs carry no mobile number and no name', async (t) => {
  const hall = await buildTestLetters(t, { logs: true });
  const receipt = await submitted(hall, 'yuzhong', letterBody('complaint'));
  await submit(hall, 'yuzhong', letterBody('complaint', undefined, { mobile: '13999999999x' }));
  await lookup(hall, 'yuzhong', receipt.code, '13900001111');
  await lookup(hall, 'yuzhong', receipt.code, MOBILE);
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const contact = await hall.app.inject({
    method: 'POST',
    url: `/admin/stations/yuzhong/letters/${receipt.id}/contact`,
    headers: desk.auth,
  });
  t.same(contact.json(), { contactName: '张三', mobile: MOBILE }, 'staff see it in full');
  t.ok(hall.logs.length > 5, `${hall.logs.length} log lines written`);
  const all = hall.logs.join('\n');
  for (const secret of [MOBILE, '13900001111', '13999999999', '张三'])
    t.notOk(all.includes(secret), `no ${secret} in the logs`);
});
