import t from 'tap';
import { act, department, letterBody, lookup, MOBILE, submitted } from '../fixtures';
import { buildTestLetters, expectProblem, type TestLetters } from '../helper';

function rate(
  hall: TestLetters,
  station: string,
  body: Record<string, unknown>,
  auth: { authorization: string } | null = null,
) {
  return hall.app.inject({
    method: 'POST',
    url: `/stations/${station}/letters/rating`,
    headers: auth ?? {},
    payload: body,
  });
}

t.test('信件答复 by code and mobile number shows the letter, masked, and its reply', async (t) => {
  const hall = await buildTestLetters(t);
  const dept = await department(hall);
  const receipt = await submitted(
    hall,
    'yuzhong',
    letterBody('consultation', dept.id, { contactName: '欧阳娜娜' }),
  );

  const before = await lookup(hall, 'yuzhong', receipt.code, MOBILE);
  t.equal(before.statusCode, 200, before.body);
  t.match(before.json(), {
    id: receipt.id,
    station: 'yuzhong',
    code: receipt.code,
    kind: 'consultation',
    kindLabel: '咨询',
    subject: '道路运输许可咨询',
    departmentName: '交通运输委',
    state: 'received',
    stateLabel: '已受理',
    receivedAt: receipt.receivedAt,
    dueAt: receipt.dueAt,
    repliedAt: null,
    content: '请问办理道路运输经营许可需要准备哪些材料，多久可以办好？',
    relatedSerial: null,
    staffName: null,
    contactNameMasked: '欧***',
    mobileMasked: '138****5678',
    publicConsent: true,
    attachments: [],
    reply: null,
    outOfScope: null,
    followUps: [],
    closedAt: null,
    rating: null,
    timeline: [{ action: 'received', label: '已受理', at: receipt.receivedAt }],
  });
  t.notOk(before.body.includes(MOBILE), 'the number itself is not shown');
  t.equal(
    (await lookup(hall, 'yuzhong', receipt.code, ' 138-1234-5678 ')).statusCode,
    200,
    'the number as people type it',
  );

  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const replied = await act(hall, desk.auth, 'yuzhong', receipt.id, 'reply', {
    text: '请携带身份证和车辆行驶证到窗口办理，5个工作日内办结。',
  });
  t.equal(replied.statusCode, 200, replied.body);
  const after = (await lookup(hall, 'yuzhong', receipt.code, MOBILE)).json();
  t.match(after, {
    state: 'replied',
    stateLabel: '已答复',
    reply: {
      text: '请携带身份证和车辆行驶证到窗口办理，5个工作日内办结。',
      departmentName: '交通运输委',
    },
  });
  t.equal(after.repliedAt, after.reply.repliedAt);
  t.same(
    after.timeline.map((s: { action: string; label: string }) => [s.action, s.label]),
    [
      ['received', '已受理'],
      ['replied', '已答复'],
    ],
  );
  t.notOk(JSON.stringify(after).includes(desk.id), 'no staff identity for the writer');
});

t.test('an unknown code, a wrong number and another station answer the same 404', async (t) => {
  const hall = await buildTestLetters(t);
  const receipt = await submitted(hall, 'yuzhong', letterBody('complaint'));
  await submitted(hall, 'jiangbei', letterBody('complaint'));
  const answers = [
    await lookup(hall, 'yuzhong', receipt.code, '13900000000'),
    await lookup(hall, 'yuzhong', '20261200000000009999', MOBILE),
    await lookup(hall, 'jiangbei', receipt.code, '13900000000'),
    await lookup(hall, 'cq', receipt.code, MOBILE),
    await lookup(hall, 'no-such-station', receipt.code, MOBILE),
    await lookup(hall, 'yuzhong', 'not a code', MOBILE),
  ];
  const bodies = answers.map((res) => {
    const body = expectProblem(t, res, 404, 'letter_not_found');
    const { instance: _instance, ...rest } = body as typeof body & { instance?: string };
    return rest;
  });
  for (const body of bodies.slice(1)) t.same(body, bodies[0], 'the very same answer');
  t.same(Object.keys(bodies[0]!).sort(), ['code', 'status', 'title', 'type']);
});

t.test('look-ups are rate-limited per client address', async (t) => {
  const hall = await buildTestLetters(t, { env: { LETTERS_LOOKUP_RATE_LIMIT_PER_MINUTE: '3' } });
  const receipt = await submitted(hall, 'yuzhong', letterBody('complaint'));
  for (let i = 0; i < 3; i++) await lookup(hall, 'yuzhong', receipt.code, `1390000000${i}`);
  const limited = expectProblem(
    t,
    await lookup(hall, 'yuzhong', receipt.code, MOBILE),
    429,
    'rate_limited',
  );
  t.ok(limited);
  const res = await lookup(hall, 'yuzhong', receipt.code, MOBILE);
  t.ok(Number(res.headers['retry-after']) > 0, 'with Retry-After');
});

t.test('rating: once, after the answer, by the writer or with the mobile number', async (t) => {
  const hall = await buildTestLetters(t);
  const person = await hall.tokens.person();
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const anonymous = await submitted(hall, 'yuzhong', letterBody('complaint'));
  const signed = await submitted(hall, 'yuzhong', letterBody('complaint'), { auth: person.auth });

  expectProblem(
    t,
    await rate(hall, 'yuzhong', { code: anonymous.code, mobile: MOBILE, rating: 'satisfied' }),
    409,
    'not_replied',
  );
  for (const { id } of [anonymous, signed])
    t.equal(
      (await act(hall, desk.auth, 'yuzhong', id, 'reply', { text: '已核实并整改。' })).statusCode,
      200,
    );

  expectProblem(
    t,
    await rate(hall, 'yuzhong', {
      code: anonymous.code,
      mobile: '13900000000',
      rating: 'satisfied',
    }),
    404,
    'letter_not_found',
  );
  expectProblem(
    t,
    await rate(hall, 'yuzhong', { code: anonymous.code, rating: 'satisfied' }, person.auth),
    404,
    'letter_not_found',
  );
  expectProblem(
    t,
    await rate(hall, 'jiangbei', { code: anonymous.code, mobile: MOBILE, rating: 'satisfied' }),
    404,
    'letter_not_found',
  );
  const byMobile = await rate(hall, 'yuzhong', {
    code: anonymous.code,
    mobile: MOBILE,
    rating: 'basically_satisfied',
    comment: '  答复及时  ',
  });
  t.equal(byMobile.statusCode, 200, byMobile.body);
  t.match(byMobile.json().rating, {
    rating: 'basically_satisfied',
    ratingLabel: '基本满意',
    comment: '答复及时',
  });
  t.equal(byMobile.json().timeline.at(-1).label, '已评价');
  expectProblem(
    t,
    await rate(hall, 'yuzhong', { code: anonymous.code, mobile: MOBILE, rating: 'dissatisfied' }),
    409,
    'already_rated',
  );

  const byWriter = await rate(
    hall,
    'yuzhong',
    { code: signed.code, rating: 'dissatisfied' },
    person.auth,
  );
  t.equal(byWriter.statusCode, 200, byWriter.body);
  t.match(byWriter.json().rating, { rating: 'dissatisfied', ratingLabel: '不满意', comment: null });
  const twice = await Promise.all([
    rate(hall, 'yuzhong', { code: signed.code, rating: 'satisfied' }, person.auth),
    rate(hall, 'yuzhong', { code: signed.code, mobile: MOBILE, rating: 'satisfied' }),
  ]);
  for (const res of twice) expectProblem(t, res, 409, 'already_rated');
  const seen = await act(hall, desk.auth, 'yuzhong', signed.id, 'follow-up', { note: '电话回访' });
  t.match(seen.json().rating, { ratingLabel: '不满意' }, 'staff see the rating');
});

t.test('an out-of-scope explanation may be rated too', async (t) => {
  const hall = await buildTestLetters(t);
  const desk = await hall.tokens.staff('cq', ['station_admin']);
  const receipt = await submitted(hall, 'cq', letterBody('complaint'));
  await act(hall, desk.auth, 'cq', receipt.id, 'out-of-scope', {
    explanation: '该事项属于劳动仲裁范围，请向劳动人事争议仲裁委员会申请。',
  });
  const res = await rate(hall, 'cq', { code: receipt.code, mobile: MOBILE, rating: 'satisfied' });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), {
    state: 'out_of_scope',
    stateLabel: '不予受理',
    outOfScope: { explanation: '该事项属于劳动仲裁范围，请向劳动人事争议仲裁委员会申请。' },
    reply: null,
    rating: { ratingLabel: '满意' },
  });
});
