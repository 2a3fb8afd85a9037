import t from 'tap';
import { act, PERSON_BASIC, seedItem, submitted, UNIT_BASIC } from '../fixtures';
import { buildTestHall, expectProblem, expectValidation } from '../helper';

t.test('progress by serial and applicant name or query password, without signing in', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const unit = await hall.tokens.unit();
  const mine = await submitted(hall, person, 'yuzhong', item);
  const theirs = await submitted(hall, unit, 'yuzhong', item);
  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
  await act(hall, clerk.auth, 'yuzhong', mine.id, 'prereview', { opinion: '预审通过' });
  await act(hall, clerk.auth, 'yuzhong', mine.id, 'not_accept', { reason: '不属于本部门职责' });

  const query = (payload: Record<string, string>) =>
    hall.app.inject({ method: 'POST', url: '/progress', payload });

  const byName = await query({ serial: mine.serial, applicant: ' 张 三 ' });
  t.equal(byName.statusCode, 200, byName.body);
  t.match(byName.json(), {
    serial: mine.serial,
    itemName: '中等及中等以上学校教师资格认定',
    station: 'yuzhong',
    stationName: '渝中区',
    state: 'not_accepted',
    stateLabel: '不予受理',
    timeline: [
      { action: 'submit', actionLabel: '提交申请', stateLabel: '待预审' },
      { action: 'prereview', stateLabel: '待受理', opinion: '预审通过' },
      { action: 'not_accept', stateLabel: '不予受理', opinion: '不属于本部门职责' },
    ],
  });
  for (const secret of [PERSON_BASIC.name, PERSON_BASIC.idNumber, PERSON_BASIC.mobile, clerk.id])
    t.notOk(byName.body.includes(secret), `no ${secret} in the answer`);
  t.notOk(byName.body.includes('actor'), 'no actors at all');

  const byPassword = await query({
    serial: mine.serial,
    password: mine.queryPassword.toLowerCase(),
  });
  t.equal(byPassword.statusCode, 200, 'the password, case-insensitive');
  const unitByName = await query({ serial: theirs.serial, applicant: UNIT_BASIC.name });
  t.equal(unitByName.statusCode, 200, '申请单位 name');

  const wrongName = await query({ serial: mine.serial, applicant: '李四' });
  const wrongPassword = await query({ serial: mine.serial, password: 'AAAAAAAA' });
  const otherSerial = await query({ serial: theirs.serial, applicant: PERSON_BASIC.name });
  const unknown = await query({ serial: '50010320991231000001', applicant: PERSON_BASIC.name });
  const bodies = [wrongName, wrongPassword, otherSerial, unknown].map((r) => {
    expectProblem(t, r, 404, 'progress_not_found');
    return r.body;
  });
  t.equal(new Set(bodies).size, 1, 'a mismatch reads exactly like an unknown serial');

  expectValidation(t, await query({ serial: mine.serial }));
  expectValidation(t, await query({ serial: mine.serial, applicant: '张三', password: 'X' }));
});

t.test('progress queries are rate-limited per IP', async (t) => {
  const hall = await buildTestHall(t, { env: { PROGRESS_RATE_LIMIT_PER_MINUTE: '3' } });
  const query = (ip: string) =>
    hall.app.inject({
      method: 'POST',
      url: '/progress',
      remoteAddress: ip,
      payload: { serial: '50010320260101000001', applicant: '张三' },
    });
  for (let i = 0; i < 3; i++) t.equal((await query('10.0.0.1')).statusCode, 404);
  const limited = await query('10.0.0.1');
  const body = expectProblem(t, limited, 429, 'too_many_requests');
  t.match(body.title, '查询过于频繁');
  t.match(limited.headers['retry-after'], /^\d+$/);
  t.equal((await query('10.0.0.2')).statusCode, 404, 'another IP is not affected');
});
