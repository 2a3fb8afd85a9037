import pino from 'pino';
import t from 'tap';
import { Type } from 'typebox';
import { loggerOptions } from '../src/logger';
import { waitFor } from '../src/testing/helpers';
import { captureLogs, testApp } from './helpers';

const R = '[REDACTED]';

t.test('personal data and secrets are redacted at every depth', async (t) => {
  const logs = captureLogs();
  const log = pino(loggerOptions('identity', 'info'), logs.stream);
  log.info(
    {
      password: 'hunter2-top',
      idNumber: '500101199001011234',
      mobile: '13800138000',
      token: 'eyJ.top.token',
      req: {
        headers: {
          authorization: 'Bearer eyJ.header.token',
          cookie: 'hall_session=abc123',
          accept: 'text/html',
        },
      },
      res: { headers: { 'set-cookie': 'hall_session=def456' } },
      account: { password: 'hunter2-nested', username: 'zhangsan', answers: ['重庆'] },
      applicant: { profile: { idNumber: '500101199001019999', name: '张三' } },
      user: { mobile: '13900139000', phone: '023-12345678' },
      session: { refreshToken: 'r-secret' },
    },
    'login attempt',
  );
  t.equal(logs.lines.length, 1);
  const line = logs.lines[0]!;
  t.notOk(
    (line.req as { headers?: unknown }).headers,
    'the request serializer logs no headers at all',
  );
  t.match(line, {
    msg: 'login attempt',
    service: 'identity',
    password: R,
    idNumber: R,
    mobile: R,
    token: R,
    res: { headers: { 'set-cookie': R } },
    account: { password: R, username: 'zhangsan', answers: R },
    applicant: { profile: { idNumber: R, name: '张三' } },
    user: { mobile: R, phone: R },
    session: { refreshToken: R },
  });
  for (const secret of [
    'hunter2',
    '500101199001011234',
    '500101199001019999',
    '13800138000',
    '13900139000',
    '023-12345678',
    'eyJ',
    'abc123',
    'def456',
    'r-secret',
    '重庆',
  ]) {
    t.notMatch(logs.text(), secret, `${secret} is not in the log`);
  }
});

t.test('the level is applied', async (t) => {
  const logs = captureLogs();
  const log = pino(loggerOptions('identity', 'warn'), logs.stream);
  log.info('quiet');
  log.warn('loud');
  t.same(
    logs.lines.map((l) => l.msg),
    ['loud'],
  );
});

t.test(
  'a request whose body carries a password does not leak it into the request logs',
  async (t) => {
    const logs = captureLogs();
    const app = await testApp(t, { logs, env: { LOG_LEVEL: 'trace' } });
    app.post(
      '/login',
      { schema: { body: Type.Object({ username: Type.String(), password: Type.String() }) } },
      async (request) => {
        // A careless handler logging what it received: redaction is the second wall.
        request.log.info({ body: request.body }, 'login received');
        return { ok: request.body.username === 'zhangsan' };
      },
    );
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { authorization: 'Bearer eyJ.request.token', cookie: 'hall_session=cookie-secret' },
      payload: { username: 'zhangsan', password: 'pa55-w0rd-秘密' },
    });
    t.equal(res.statusCode, 200);
    t.same(res.json(), { ok: true });

    // Written once the response has finished, which may come after inject has its answer.
    await waitFor(
      'the access line',
      () => logs.lines.some((l) => l.msg === 'request completed'),
      5_000,
    );
    const access = logs.lines.filter((l) => l.msg === 'request completed');
    t.equal(access.length, 1, 'one line for the request');
    t.match(
      access[0],
      {
        req: { method: 'POST', url: '/login' },
        res: { statusCode: 200 },
        responseTime: Number,
        reqId: String,
      },
      'what was asked, how it was answered and how long it took',
    );
    t.notOk(
      logs.lines.some((l) => l.msg === 'incoming request'),
      'no second line when it arrived',
    );
    const received = logs.lines.find((l) => l.msg === 'login received');
    t.match(
      received,
      { body: { username: 'zhangsan', password: R } },
      'the logged body has its password redacted',
    );
    t.match(
      received,
      { reqId: /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/ },
      'request lines carry a UUIDv7 request id',
    );
    t.notMatch(logs.text(), 'pa55-w0rd', 'the password appears in no log line');
    t.notMatch(logs.text(), 'eyJ.request.token', 'nor the bearer token');
    t.notMatch(logs.text(), 'cookie-secret', 'nor the cookie');
  },
);

t.test('a failed statement is logged without its parameters', async (t) => {
  const { DrizzleQueryError } = await import('drizzle-orm/errors');
  const logs = captureLogs();
  const log = pino(loggerOptions('submissions', 'info'), logs.stream);
  const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
    code: '23505',
    parameters: ['张三', '500103199001011232'],
  });
  const err = new DrizzleQueryError(
    'insert into "applications" ("name", "id_number") values ($1, $2)',
    ['张三', '500103199001011232'],
    cause,
  );
  log.error({ err }, 'request failed');
  const raw = logs.text();
  t.notMatch(raw, /500103199001011232/, 'no ID number anywhere in the line');
  t.notMatch(raw, /张三/, 'no name anywhere in the line');
  const line = logs.lines[0] as { err: Record<string, unknown> };
  t.match(line.err.message, /^Failed query: insert into "applications"/, 'the statement stays');
  t.match(line.err.message, /params: \[REDACTED\]$/, 'the parameters are censored');
  t.equal(line.err.params, R);
  t.match(line.err.stack, /caused by: Error: duplicate key value/, 'the driver cause stays');
});

t.test('a non-error logged as err passes through unchanged', async (t) => {
  const logs = captureLogs();
  const log = pino(loggerOptions('catalog', 'info'), logs.stream);
  log.warn({ err: 'connection refused' }, 'cannot sync stations yet');
  log.warn({ err: null }, 'nothing');
  t.match(logs.lines, [{ err: 'connection refused' }, { err: null }]);
});
