import type { HallApp } from '@hall/platform';
import type { Test } from 'tap';
import t from 'tap';
import {
  auditRows,
  bearer,
  expectFieldError,
  expectProblem,
  expectValidation,
  login,
  OTHER_PASSWORD,
  ownerSql,
  refresh,
  registeredPerson,
  registeredUnit,
  signedIn,
  type PersonBody,
} from '../fixtures';
import { buildTestIdentity } from '../helper';

const QUESTIONS = [
  { question: '您的出生地是？', answer: '重庆' },
  { question: '您最喜欢的城市是？', answer: 'Bei Jing 2008' },
  { question: '您的第一位老师姓什么？', answer: '王' },
];
/** The same answers as someone might type them: spaces, full-width characters, other case. */
const TYPED_ANSWERS = [' 重 庆 ', 'ＢＥＩＪＩＮＧ２００８', '王\u3000'];
const RIGHT_ANSWERS = QUESTIONS.map((q) => q.answer);

const NO_QUESTIONS = '该账号不存在或未设置密保问题，请联系客服重置密码';

const askQuestions = (app: HallApp, username: string) =>
  app.inject({ method: 'POST', url: '/password-reset/questions', payload: { username } });
const reset = (app: HallApp, username: string, answers: string[], newPassword: string) =>
  app.inject({
    method: 'POST',
    url: '/password-reset',
    payload: { username, answers, newPassword },
  });

/** A person who has set the three security questions. */
async function personWithQuestions(t: Test, app: HallApp, overrides: Partial<PersonBody> = {}) {
  const person = await registeredPerson(t, app, overrides);
  const session = await signedIn(t, app, person.username, person.password);
  const res = await app.inject({
    method: 'PUT',
    url: '/me/security-questions',
    headers: bearer(session.accessToken),
    payload: { currentPassword: person.password, questions: QUESTIONS },
  });
  t.equal(res.statusCode, 204, res.body);
  return { ...person, session };
}

t.test(
  'step 1: the questions of a username; unknown usernames and accounts without questions look the same',
  async (t) => {
    const { app } = await buildTestIdentity(t);
    const person = await personWithQuestions(t, app, { username: 'XuJing' });
    const unit = await registeredUnit(t, app);

    const res = await askQuestions(app, ' xujing ');
    t.equal(res.statusCode, 200, res.body);
    t.same(res.json(), { questions: QUESTIONS.map((q) => q.question) });
    for (const answer of RIGHT_ANSWERS) t.notOk(res.body.includes(answer), 'no answers');

    const unknown = expectProblem(
      t,
      await askQuestions(app, 'nobody_here'),
      404,
      'no_security_questions',
    );
    t.equal(unknown.title, NO_QUESTIONS);
    const noQuestions = expectProblem(
      t,
      await askQuestions(app, unit.username),
      404,
      'no_security_questions',
    );
    t.equal(
      noQuestions.title,
      NO_QUESTIONS,
      'same answer: whether the username exists is not revealed',
    );
    expectFieldError(
      t,
      expectValidation(t, await askQuestions(app, '')),
      'username',
      'schema.minLength',
    );

    // Step 2 for those accounts is refused the same way.
    expectProblem(
      t,
      await reset(app, 'nobody_here', RIGHT_ANSWERS, OTHER_PASSWORD),
      404,
      'no_security_questions',
    );
    expectProblem(
      t,
      await reset(app, unit.username, RIGHT_ANSWERS, OTHER_PASSWORD),
      404,
      'no_security_questions',
    );
    t.equal(
      (await login(app, unit.username, unit.password)).statusCode,
      200,
      'the unit’s password is unchanged',
    );
    t.ok(person.id);
  },
);

t.test(
  'step 2: right answers (however typed) set the new password, end every session and lift a login lock',
  async (t) => {
    const { app, databaseUrl } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const person = await personWithQuestions(t, app);
    const otherSession = await signedIn(t, app, person.username, person.password);

    // Lock the account by wrong passwords (default lockout: 15 minutes).
    for (let i = 0; i < 5; i++) await login(app, person.username, `Bad#pass${i}`);
    expectProblem(t, await login(app, person.username, person.password), 423, 'account_locked');

    const res = await reset(app, person.username.toUpperCase(), TYPED_ANSWERS, OTHER_PASSWORD);
    t.equal(res.statusCode, 204, res.body);
    t.equal(res.body, '');

    const fresh = await login(app, person.username, OTHER_PASSWORD);
    t.equal(
      fresh.statusCode,
      200,
      `the new password works at once: the login lock is lifted (${fresh.body})`,
    );
    expectProblem(
      t,
      await login(app, person.username, person.password),
      401,
      'invalid_credentials',
    );
    expectProblem(t, await refresh(app, person.session.refreshToken), 401, 'session_expired');
    expectProblem(t, await refresh(app, otherSession.refreshToken), 401, 'session_expired');
    t.equal(
      (await refresh(app, fresh.json().refreshToken)).statusCode,
      200,
      'the session begun after the reset lives',
    );

    const [row] =
      await sql`select reset_failures, reset_locked_until from accounts where id = ${person.id}`;
    t.equal(row?.reset_failures, 0);
    t.equal(row?.reset_locked_until, null);
    const entries = await auditRows(sql, 'password.reset');
    t.equal(entries.length, 1);
    t.match(entries[0], {
      outcome: 'success',
      station: null,
      actor_kind: 'person',
      actor_id: person.id,
      ip: '127.0.0.1',
    });
    t.notOk(JSON.stringify(entries).includes(OTHER_PASSWORD), 'no password in the audit log');
    t.equal((await auditRows(sql, 'password.reset_failed')).length, 0);
  },
);

t.test(
  'the new password must meet the policy; a weak one does not count as a wrong answer',
  async (t) => {
    const { app, databaseUrl } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const person = await personWithQuestions(t, app, { username: 'gaofeng' });

    expectFieldError(
      t,
      expectValidation(t, await reset(app, person.username, RIGHT_ANSWERS, 'weakpass')),
      'newPassword',
      'password.classes',
    );
    expectFieldError(
      t,
      expectValidation(t, await reset(app, person.username, RIGHT_ANSWERS, 'GaoFeng#2026')),
      'newPassword',
      'password.contains_username',
      '密码不能包含用户名',
    );
    const missing = expectValidation(
      t,
      await app.inject({
        method: 'POST',
        url: '/password-reset',
        payload: { username: person.username, answers: [], newPassword: OTHER_PASSWORD },
      }),
    );
    t.same(missing, [{ field: 'answers', code: 'schema.minItems', message: '至少需要1项' }]);
    const [row] = await sql`select reset_failures from accounts where id = ${person.id}`;
    t.equal(row?.reset_failures, 0, 'no failure counted');
    t.equal(
      (await login(app, person.username, person.password)).statusCode,
      200,
      'password unchanged',
    );
  },
);

t.test(
  'wrong answers count down; after RESET_MAX_FAILURES the reset locks, even for right answers, until the lock expires',
  async (t) => {
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    const { app, databaseUrl, config } = await buildTestIdentity(t, {}, { now });
    const sql = ownerSql(t, databaseUrl);
    t.equal(config.RESET_MAX_FAILURES, 5);
    t.equal(config.RESET_LOCKOUT_SECONDS, 3600);
    const person = await personWithQuestions(t, app);

    const wrongSets = [
      ['重庆', 'Bei Jing 2008', '李'], // one of three wrong
      ['成都', '上海', '李'],
      ['重庆', 'Bei Jing 2008'], // too few answers
      ['', '', ''],
    ];
    for (const [i, answers] of wrongSets.entries()) {
      const problem = expectProblem(
        t,
        await reset(app, person.username, answers, OTHER_PASSWORD),
        400,
        'validation_failed',
      );
      t.equal(problem.title, `密保答案不正确，还可尝试${4 - i}次`);
      t.same(problem.errors, [
        { field: 'answers', code: 'answers.wrong', message: '密保答案不正确' },
      ]);
    }
    const lockRes = await reset(app, person.username, ['错', '错', '错'], OTHER_PASSWORD);
    const locked = expectProblem(t, lockRes, 423, 'reset_locked');
    t.equal(locked.title, '密保答案错误次数过多，请60分钟后再试');

    // Locked: the right answers are refused too, and the password stays.
    const refused = expectProblem(
      t,
      await reset(app, person.username, RIGHT_ANSWERS, OTHER_PASSWORD),
      423,
      'reset_locked',
    );
    t.match(refused.title, /^密保答案错误次数过多，请(60|59)分钟后再试$/);
    t.equal(
      (await login(app, person.username, person.password)).statusCode,
      200,
      'old password still in force',
    );
    expectProblem(t, await login(app, person.username, OTHER_PASSWORD), 401, 'invalid_credentials');
    // Asking for the questions is not what is locked.
    t.equal((await askQuestions(app, person.username)).statusCode, 200);

    const failures = await auditRows(sql, 'password.reset_failed');
    t.equal(failures.length, 5, 'every wrong attempt audited');
    t.same(
      failures.map((e) => e.details),
      [
        { failures: 1, locked: false },
        { failures: 2, locked: false },
        { failures: 3, locked: false },
        { failures: 4, locked: false },
        { failures: 5, locked: true },
      ],
    );
    t.ok(
      failures.every((e) => e.outcome === 'failure' && e.actor_id === person.id),
      'failures name the account',
    );
    t.notOk(JSON.stringify(failures).includes('成都'), 'no answers in the audit log');
    t.equal((await auditRows(sql, 'password.reset')).length, 0);

    // 59 minutes later: still locked. An hour and a second later: the right answers work.
    offsetMs = 59 * 60_000;
    expectProblem(
      t,
      await reset(app, person.username, RIGHT_ANSWERS, OTHER_PASSWORD),
      423,
      'reset_locked',
    );
    offsetMs = 3601_000;
    const wrongAfter = expectProblem(
      t,
      await reset(app, person.username, ['错', '错', '错'], OTHER_PASSWORD),
      400,
      'validation_failed',
    );
    t.equal(
      wrongAfter.title,
      '密保答案不正确，还可尝试4次',
      'the count starts again after the lock',
    );
    const ok = await reset(app, person.username, RIGHT_ANSWERS, OTHER_PASSWORD);
    t.equal(ok.statusCode, 204, ok.body);
    t.equal((await login(app, person.username, OTHER_PASSWORD)).statusCode, 200);
    const [row] =
      await sql`select reset_failures, reset_locked_until from accounts where id = ${person.id}`;
    t.equal(row?.reset_failures, 0, 'a successful reset clears the count');
    t.equal(row?.reset_locked_until, null);
  },
);

t.test('security questions replaced: only the new answers reset the password', async (t) => {
  const { app } = await buildTestIdentity(t);
  const person = await personWithQuestions(t, app);
  const replaced = await app.inject({
    method: 'PUT',
    url: '/me/security-questions',
    headers: bearer(person.session.accessToken),
    payload: {
      currentPassword: person.password,
      questions: [
        { question: '您的小名是？', answer: '小明' },
        { question: '您的高中是？', answer: '巴蜀中学' },
        { question: '您的幸运数字是？', answer: '7' },
      ],
    },
  });
  t.equal(replaced.statusCode, 204, replaced.body);
  expectProblem(
    t,
    await reset(app, person.username, RIGHT_ANSWERS, OTHER_PASSWORD),
    400,
    'validation_failed',
  );
  t.equal(
    (await reset(app, person.username, ['小明', '巴蜀中学', '7'], OTHER_PASSWORD)).statusCode,
    204,
  );
  t.equal((await login(app, person.username, OTHER_PASSWORD)).statusCode, 200);
});

t.test(
  'parallel wrong answers cannot outrun the lock: at most RESET_MAX_FAILURES guesses are judged',
  async (t) => {
    const { app, databaseUrl } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const person = await personWithQuestions(t, app);

    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        reset(app, person.username, ['错', '错', `错${i}`], OTHER_PASSWORD),
      ),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    t.same(
      statuses,
      [400, 400, 400, 400, 423, 423, 423, 423, 423, 423],
      'four wrong answers judged, then locked',
    );
    const remaining = responses
      .filter((r) => r.statusCode === 400)
      .map((r) => r.json<{ title: string }>().title)
      .sort();
    t.same(
      remaining,
      [
        '密保答案不正确，还可尝试1次',
        '密保答案不正确，还可尝试2次',
        '密保答案不正确，还可尝试3次',
        '密保答案不正确，还可尝试4次',
      ],
      'each judged once, in turn',
    );
    t.equal(
      (await auditRows(sql, 'password.reset_failed')).length,
      5,
      'five failures recorded, the fifth locking',
    );
    const [row] = await sql`select reset_locked_until from accounts where id = ${person.id}`;
    t.ok(row?.reset_locked_until instanceof Date, 'reset locked');
    expectProblem(
      t,
      await reset(app, person.username, RIGHT_ANSWERS, OTHER_PASSWORD),
      423,
      'reset_locked',
    );
  },
);
