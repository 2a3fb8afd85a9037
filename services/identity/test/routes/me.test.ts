import type { HallApp } from '@hall/platform';
import t from 'tap';
import {
  auditRows,
  bearer,
  expectFieldError,
  expectProblem,
  expectValidation,
  getMe,
  KNOWN_CREDIT_CODES,
  login,
  newIdNumber,
  OTHER_PASSWORD,
  ownerSql,
  registeredPerson,
  registeredUnit,
  signedIn,
  withIdCheck,
  withWrongIdCheck,
} from '../fixtures';
import { buildTestIdentity } from '../helper';

const patchMe = (app: HallApp, token: string, payload: object) =>
  app.inject({ method: 'PATCH', url: '/me', headers: bearer(token), payload });
const changePassword = (
  app: HallApp,
  token: string,
  currentPassword: string,
  newPassword: string,
) =>
  app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: bearer(token),
    payload: { currentPassword, newPassword },
  });
const putQuestions = (
  app: HallApp,
  token: string,
  currentPassword: string,
  questions: Array<{ question: string; answer: string }>,
) =>
  app.inject({
    method: 'PUT',
    url: '/me/security-questions',
    headers: bearer(token),
    payload: { currentPassword, questions },
  });
const getQuestions = (app: HallApp, token: string) =>
  app.inject({ method: 'GET', url: '/me/security-questions', headers: bearer(token) });

const QUESTIONS = [
  { question: '您母亲的姓名是？', answer: '李秀英' },
  { question: '您的出生地是？', answer: '重庆' },
  { question: '您小学班主任的姓名是？', answer: '王老师' },
];

t.test(
  'GET /me for a person: the owner sees ID and phone numbers in full and masked',
  async (t) => {
    const { app } = await buildTestIdentity(t);
    const idNumber = withIdCheck('50010319850611123');
    const person = await registeredPerson(t, app, {
      username: 'SunMei',
      realName: '孙梅',
      idNumber,
      mobile: '13812345678',
    });
    const session = await signedIn(t, app, person.username, person.password);

    const res = await getMe(app, session.accessToken);
    t.equal(res.statusCode, 200, res.body);
    const me = res.json();
    t.same(Object.keys(me).sort(), [
      'address',
      'createdAt',
      'email',
      'hasSecurityQuestions',
      'id',
      'idNumber',
      'idNumberMasked',
      'kind',
      'mobile',
      'mobileMasked',
      'realName',
      'username',
    ]);
    t.match(me, {
      id: person.id,
      kind: 'person',
      username: 'SunMei',
      realName: '孙梅',
      idNumber,
      idNumberMasked: `500103********${idNumber.slice(-4)}`,
      mobile: '13812345678',
      mobileMasked: '138****5678',
      email: null,
      address: null,
      hasSecurityQuestions: false,
    });
    t.ok(
      Math.abs(Date.parse(me.createdAt) - Date.now()) < 60_000,
      'createdAt is an ISO time of now',
    );
    t.notOk(/password|hash|failed|locked/i.test(res.body), 'nothing about credentials');
  },
);

t.test(
  'GET /me for a unit: unit details with the credit code, legal rep ID and operator mobile masked too',
  async (t) => {
    const { app } = await buildTestIdentity(t);
    const legalRepIdNumber = withIdCheck('50010519800722456');
    const unit = await registeredUnit(t, app, {
      unitName: '重庆渝州建材有限公司',
      creditCode: KNOWN_CREDIT_CODES[0],
      legalRepName: '李四',
      legalRepIdNumber,
      operatorName: '王五',
      operatorMobile: '13987654321',
    });
    const session = await signedIn(t, app, unit.username, unit.password);
    const me = (await getMe(app, session.accessToken)).json();
    t.same(Object.keys(me).sort(), [
      'address',
      'createdAt',
      'creditCode',
      'creditCodeMasked',
      'email',
      'hasSecurityQuestions',
      'id',
      'kind',
      'legalRepIdNumber',
      'legalRepIdNumberMasked',
      'legalRepName',
      'mobile',
      'mobileMasked',
      'operatorName',
      'unitName',
      'username',
    ]);
    t.match(me, {
      id: unit.id,
      kind: 'unit',
      unitName: '重庆渝州建材有限公司',
      creditCode: '91350100M000100Y43',
      creditCodeMasked: '91350100********43',
      legalRepName: '李四',
      legalRepIdNumber,
      legalRepIdNumberMasked: `500105********${legalRepIdNumber.slice(-4)}`,
      operatorName: '王五',
      mobile: '13987654321',
      mobileMasked: '139****4321',
    });
  },
);

t.test('PATCH /me updates mobile, email and address; each invalid field is reported', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await registeredPerson(t, app, { mobile: '13812345678' });
  const { accessToken } = await signedIn(t, app, person.username, person.password);
  const [before] = await sql`select mobile from accounts where id = ${person.id}`;

  const res = await patchMe(app, accessToken, {
    mobile: '+86 135-0000-9999',
    email: ' sunmei@example.cn ',
    address: ' 重庆市渝中区民族路188号 ',
  });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), {
    mobile: '13500009999',
    mobileMasked: '135****9999',
    email: 'sunmei@example.cn',
    address: '重庆市渝中区民族路188号',
  });
  t.match(
    (await getMe(app, accessToken)).json(),
    { mobile: '13500009999', email: 'sunmei@example.cn', address: '重庆市渝中区民族路188号' },
    'stored',
  );
  const [after] = await sql`select mobile from accounts where id = ${person.id}`;
  t.not(after?.mobile, before?.mobile);
  t.notOk(String(after?.mobile).includes('13500009999'), 'the new mobile is stored encrypted too');
  const [entry] = await auditRows(sql, 'profile.updated');
  t.match(entry, { outcome: 'success', actor_kind: 'person', actor_id: person.id });
  t.same(
    [...(entry?.details.fields as string[])].sort(),
    ['address', 'email', 'mobile'],
    'the audit names the fields, not their values',
  );
  t.notOk(JSON.stringify(entry).includes('13500009999'));

  // Clearing the optional fields.
  const cleared = await patchMe(app, accessToken, { email: null, address: '' });
  t.equal(cleared.statusCode, 200, cleared.body);
  t.match(cleared.json(), { email: null, address: null, mobile: '13500009999' });

  // Invalid values: each field gets its own error; nothing changes.
  const bad = expectValidation(
    t,
    await patchMe(app, accessToken, { mobile: '12345', email: 'not-an-email' }),
  );
  t.equal(bad.length, 2);
  expectFieldError(t, bad, 'mobile', 'mobile.format', '请输入正确的11位手机号码');
  expectFieldError(t, bad, 'email', 'email.format', '电子邮箱格式不正确');
  expectFieldError(
    t,
    expectValidation(t, await patchMe(app, accessToken, { mobile: '' })),
    'mobile',
    'mobile.required',
    '请输入手机号码',
  );
  expectFieldError(
    t,
    expectValidation(t, await patchMe(app, accessToken, { email: 'a@b' })),
    'email',
    'email.format',
    '电子邮箱格式不正确',
  );
  // A nullable field's schema is a union; which schema code reports a too-long value is the
  // platform's choice (see the report), so only the field and the kind of error are checked.
  const tooLong = expectValidation(
    t,
    await patchMe(app, accessToken, { address: '路'.repeat(201) }),
  );
  t.same(
    tooLong.map((e) => e.field),
    ['address'],
  );
  t.match(tooLong[0]?.code, /^schema\./);
  t.match(
    (await getMe(app, accessToken)).json(),
    { mobile: '13500009999', email: null, address: null },
    'nothing changed by rejected updates',
  );
  t.equal(
    (await auditRows(sql, 'profile.updated')).length,
    2,
    'rejected updates are not recorded as updates',
  );
});

t.test('a person cannot set unit fields, nor edit real name or ID number', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await registeredPerson(t, app, { realName: '张三' });
  const { accessToken } = await signedIn(t, app, person.username, person.password);

  const unitOnly = expectValidation(t, await patchMe(app, accessToken, { operatorName: '李四' }));
  t.same(unitOnly, [
    { field: 'operatorName', code: 'profile.unit_only', message: '个人用户不能填写单位信息' },
  ]);
  const all = expectValidation(
    t,
    await patchMe(app, accessToken, { legalRepName: '李四', legalRepIdNumber: newIdNumber() }),
  );
  t.equal(all.length, 2);
  expectFieldError(t, all, 'legalRepName', 'profile.unit_only', '个人用户不能填写单位信息');
  expectFieldError(t, all, 'legalRepIdNumber', 'profile.unit_only', '个人用户不能填写单位信息');

  for (const [field, value] of [
    ['realName', '李四'],
    ['idNumber', newIdNumber()],
    ['username', 'renamed1'],
    ['kind', 'unit'],
    ['unitName', '重庆某某有限公司'],
  ] as const) {
    const errors = expectValidation(t, await patchMe(app, accessToken, { [field]: value }));
    t.same(
      errors,
      [{ field, code: 'schema.additionalProperties', message: '包含不允许的字段' }],
      `${field} is not editable`,
    );
  }
  const me = (await getMe(app, accessToken)).json();
  t.match(
    me,
    { realName: '张三', idNumber: person.idNumber, username: person.username, kind: 'person' },
    'identity unchanged',
  );
  t.notOk('operatorName' in me);
  t.equal((await auditRows(sql, 'profile.updated')).length, 0);
});

t.test(
  'a unit may change operator and legal representative, validated, but not its name or credit code',
  async (t) => {
    const { app } = await buildTestIdentity(t);
    const unit = await registeredUnit(t, app);
    const { accessToken } = await signedIn(t, app, unit.username, unit.password);
    const newRepId = newIdNumber('500106', '19750101');

    const res = await patchMe(app, accessToken, {
      operatorName: '赵六',
      legalRepName: '钱七',
      legalRepIdNumber: newRepId.toLowerCase(),
    });
    t.equal(res.statusCode, 200, res.body);
    t.match(res.json(), {
      operatorName: '赵六',
      legalRepName: '钱七',
      legalRepIdNumber: newRepId,
      legalRepIdNumberMasked: `500106********${newRepId.slice(-4)}`,
    });

    const bad = expectValidation(
      t,
      await patchMe(app, accessToken, {
        operatorName: 'X',
        legalRepName: '钱7',
        legalRepIdNumber: withWrongIdCheck('50010619750101123'),
      }),
    );
    t.equal(bad.length, 3);
    expectFieldError(t, bad, 'operatorName', 'name.format', '请填写真实姓名（2至30个汉字或字母）');
    expectFieldError(t, bad, 'legalRepName', 'name.format', '请填写真实姓名（2至30个汉字或字母）');
    expectFieldError(
      t,
      bad,
      'legalRepIdNumber',
      'id_card.checksum',
      '身份证号码校验位不正确，请核对后重新输入',
    );

    for (const field of ['unitName', 'creditCode'] as const) {
      const errors = expectValidation(
        t,
        await patchMe(app, accessToken, {
          [field]: field === 'unitName' ? '重庆另一家有限公司' : KNOWN_CREDIT_CODES[1],
        }),
      );
      t.same(errors, [{ field, code: 'schema.additionalProperties', message: '包含不允许的字段' }]);
    }
    t.match((await getMe(app, accessToken)).json(), {
      unitName: unit.unitName,
      creditCode: unit.creditCode,
      operatorName: '赵六',
      legalRepIdNumber: newRepId,
    });
  },
);

t.test(
  'change password: the current password is required, the new one must be strong; then only the new one works',
  async (t) => {
    const { app, databaseUrl } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const person = await registeredPerson(t, app, { username: 'zhouxun' });
    const { accessToken } = await signedIn(t, app, person.username, person.password);

    const wrong = expectValidation(
      t,
      await changePassword(app, accessToken, 'Not#myPass1', OTHER_PASSWORD),
    );
    t.same(wrong, [
      { field: 'currentPassword', code: 'password.wrong', message: '当前密码不正确' },
    ]);
    const [failedEntry] = await auditRows(sql, 'password.changed');
    t.match(failedEntry, { outcome: 'failure', actor_id: person.id });

    expectFieldError(
      t,
      expectValidation(t, await changePassword(app, accessToken, person.password, 'alllowercase1')),
      'newPassword',
      'password.classes',
    );
    expectFieldError(
      t,
      expectValidation(t, await changePassword(app, accessToken, person.password, 'Sh0rt!')),
      'newPassword',
      'password.too_short',
      '密码长度不能少于8位',
    );
    expectFieldError(
      t,
      expectValidation(t, await changePassword(app, accessToken, person.password, 'ZhouXun#2026')),
      'newPassword',
      'password.contains_username',
      '密码不能包含用户名',
    );
    expectFieldError(
      t,
      expectValidation(t, await changePassword(app, accessToken, person.password, person.password)),
      'newPassword',
      'password.unchanged',
      '新密码不能与当前密码相同',
    );
    const missing = expectValidation(
      t,
      await app.inject({
        method: 'PUT',
        url: '/me/password',
        headers: bearer(accessToken),
        payload: { newPassword: OTHER_PASSWORD },
      }),
    );
    t.same(missing, [
      { field: 'currentPassword', code: 'schema.required', message: '此项为必填项' },
    ]);
    // None of the refusals changed the password.
    t.equal((await login(app, person.username, person.password)).statusCode, 200);
    const [before] = await sql<
      { changed: Date }[]
    >`select password_changed_at as changed from accounts where id = ${person.id}`;

    const ok = await changePassword(app, accessToken, person.password, OTHER_PASSWORD);
    t.equal(ok.statusCode, 204, ok.body);
    t.equal(ok.body, '');
    expectProblem(
      t,
      await login(app, person.username, person.password),
      401,
      'invalid_credentials',
    );
    t.equal(
      (await login(app, person.username, OTHER_PASSWORD)).statusCode,
      200,
      'the new password works',
    );
    const [after] = await sql<
      { changed: Date }[]
    >`select password_changed_at as changed from accounts where id = ${person.id}`;
    t.ok(after && before && after.changed > before.changed, 'password_changed_at moves');
    const entries = await auditRows(sql, 'password.changed');
    t.same(
      entries.map((e) => e.outcome),
      ['failure', 'success'],
    );
    t.notOk(JSON.stringify(entries).includes(OTHER_PASSWORD));
  },
);

t.test(
  'security questions: set three with the current password; read back without answers; validation',
  async (t) => {
    const { app, databaseUrl } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const person = await registeredPerson(t, app);
    const { accessToken } = await signedIn(t, app, person.username, person.password);

    const none = await getQuestions(app, accessToken);
    t.equal(none.statusCode, 200);
    t.same(none.json(), { questions: [] });

    // Wrong current password.
    const wrong = expectValidation(
      t,
      await putQuestions(app, accessToken, 'Not#myPass1', QUESTIONS),
    );
    t.same(wrong, [
      { field: 'currentPassword', code: 'password.wrong', message: '当前密码不正确' },
    ]);
    // Count ≠ 3.
    for (const questions of [
      QUESTIONS.slice(0, 2),
      [...QUESTIONS, { question: '您的第一只宠物叫什么？', answer: '旺财' }],
      [],
    ]) {
      const errors = expectValidation(
        t,
        await putQuestions(app, accessToken, person.password, questions),
      );
      t.same(
        errors,
        [{ field: 'questions', code: 'questions.count', message: '请设置3个密保问题' }],
        `${questions.length} questions refused`,
      );
    }
    // Duplicate question (after trimming), empty answer, too short a question.
    const duplicate = expectValidation(
      t,
      await putQuestions(app, accessToken, person.password, [
        QUESTIONS[0]!,
        { question: ` ${QUESTIONS[0]!.question} `, answer: '另一个' },
        QUESTIONS[2]!,
      ]),
    );
    t.same(duplicate, [
      { field: 'questions/1/question', code: 'question.duplicate', message: '密保问题不能重复' },
    ]);
    const emptyAnswer = expectValidation(
      t,
      await putQuestions(app, accessToken, person.password, [
        QUESTIONS[0]!,
        QUESTIONS[1]!,
        { question: QUESTIONS[2]!.question, answer: ' \u3000 ' },
      ]),
    );
    t.same(emptyAnswer, [
      { field: 'questions/2/answer', code: 'answer.length', message: '密保答案应为1至50个字' },
    ]);
    const shortQuestion = expectValidation(
      t,
      await putQuestions(app, accessToken, person.password, [
        { question: '？', answer: '是' },
        QUESTIONS[1]!,
        QUESTIONS[2]!,
      ]),
    );
    t.same(shortQuestion, [
      { field: 'questions/0/question', code: 'question.length', message: '密保问题应为2至50个字' },
    ]);
    const several = expectValidation(
      t,
      await putQuestions(app, accessToken, 'Not#myPass1', [{ question: 'x', answer: '' }]),
    );
    t.same(
      several.map((e) => e.field).sort(),
      ['currentPassword', 'questions', 'questions/0/answer', 'questions/0/question'],
      'every problem at once',
    );
    const tooMany = expectValidation(
      t,
      await putQuestions(
        app,
        accessToken,
        person.password,
        Array.from({ length: 11 }, (_, i) => ({ question: `问题${i}`, answer: '答' })),
      ),
    );
    t.same(tooMany, [{ field: 'questions', code: 'schema.maxItems', message: '最多只能有10项' }]);
    t.equal(
      (await sql`select count(*)::int as n from security_questions`)[0]?.n,
      0,
      'nothing stored by refused requests',
    );

    const ok = await putQuestions(app, accessToken, person.password, QUESTIONS);
    t.equal(ok.statusCode, 204, ok.body);
    const read = await getQuestions(app, accessToken);
    t.same(
      read.json(),
      { questions: QUESTIONS.map((q) => q.question) },
      'questions in order, answers not returned',
    );
    for (const q of QUESTIONS)
      t.notOk(read.body.includes(q.answer), `answer ${q.answer} not returned`);
    t.equal((await getMe(app, accessToken)).json().hasSecurityQuestions, true);

    const stored =
      await sql`select position, question, answer_hash from security_questions where account_id = ${person.id} order by position`;
    t.same(
      stored.map((r) => r.position),
      [1, 2, 3],
    );
    for (const [i, r] of stored.entries()) {
      t.match(r.answer_hash, /^\$argon2id\$/, 'answers stored hashed');
      t.notOk(String(r.answer_hash).includes(QUESTIONS[i]!.answer));
    }
    const changes = await auditRows(sql, 'security_questions.changed');
    t.match(changes.at(-1), { outcome: 'success', actor_id: person.id }, 'the change is audited');
    t.ok(
      changes.some((r) => r.outcome === 'failure' && r.actor_id === person.id),
      'an attempt with a wrong current password is audited as a failure',
    );

    // Replacing them: the new set replaces the old one entirely; a refused replacement keeps the old.
    const replacement = [
      { question: '您最喜欢的食物是？', answer: '火锅' },
      { question: '您的高中在哪里？', answer: '巴蜀中学' },
      { question: '您父亲的生日是？', answer: '0315' },
    ];
    expectValidation(
      t,
      await putQuestions(app, accessToken, person.password, replacement.slice(0, 2)),
    );
    t.same(
      (await getQuestions(app, accessToken)).json().questions,
      QUESTIONS.map((q) => q.question),
    );
    t.equal((await putQuestions(app, accessToken, person.password, replacement)).statusCode, 204);
    t.same(
      (await getQuestions(app, accessToken)).json().questions,
      replacement.map((q) => q.question),
    );
    t.equal(
      (
        await sql`select count(*)::int as n from security_questions where account_id = ${person.id}`
      )[0]?.n,
      3,
    );
  },
);

t.test('password-checking routes are rate-limited per account', async (t) => {
  const { app } = await buildTestIdentity(t, { AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  const person = await registeredPerson(t, app);
  const { accessToken } = await signedIn(t, app, person.username, person.password);
  for (let i = 0; i < 3; i++) {
    t.equal(
      (await changePassword(app, accessToken, 'Wrong#Guess1', OTHER_PASSWORD)).statusCode,
      400,
      `guess ${i + 1} is judged`,
    );
  }
  const limited = await changePassword(app, accessToken, 'Wrong#Guess4', OTHER_PASSWORD);
  expectProblem(t, limited, 429, 'too_many_requests');
  const other = await registeredPerson(t, app);
  const otherToken = (await signedIn(t, app, other.username, other.password)).accessToken;
  t.equal(
    (await changePassword(app, otherToken, 'Wrong#Guess1', OTHER_PASSWORD)).statusCode,
    400,
    'another account from the same address is not limited',
  );
});
