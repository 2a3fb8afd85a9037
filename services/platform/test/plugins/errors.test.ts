import t from 'tap';
import { Type } from 'typebox';
import type { HallApp } from '../../src/app';
import { HallError } from '../../src/errors';
import { captureLogs, testApp, type LogCapture, type Teardown } from '../helpers';

const PROBLEM = /^application\/problem\+json/;
const chinese = /[\u4e00-\u9fff]/;

const applicationBody = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 20 }),
  age: Type.Integer({ minimum: 18 }),
  mobile: Type.String({ pattern: '^1[3-9][0-9]{9}$' }),
  kind: Type.Union([Type.Literal('person'), Type.Literal('unit')]),
  materials: Type.Array(Type.String(), { minItems: 1 }),
  address: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
  since: Type.Optional(Type.String({ format: 'date' })),
});

async function appWithRoutes(t: Teardown, logs?: LogCapture): Promise<HallApp> {
  const app = await testApp(t, logs ? { logs, env: { LOG_LEVEL: 'info' } } : {});
  app.get('/locked', async () => {
    throw new HallError(409, 'application_locked', '该办件正在审批中，不能修改', {
      detail: '办件 2024-0001 已受理',
      errors: [{ field: 'serial', code: 'serial.locked', message: '该办件已锁定' }],
    });
  });
  app.get('/throttled', async () => {
    throw new HallError(429, 'too_many_attempts', '尝试次数过多', {
      headers: { 'retry-after': '60' },
    });
  });
  app.post('/applications', { schema: { body: applicationBody } }, async (request) => ({
    ok: true,
    name: request.body.name,
  }));
  app.get('/boom', async () => {
    throw new Error('secret internals: password=hunter2 at db.internal:5432');
  });
  await app.ready();
  return app;
}

t.test('a thrown HallError becomes its problem+json', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({ method: 'GET', url: '/locked?x=1' });
  t.equal(res.statusCode, 409);
  t.match(res.headers['content-type'], PROBLEM);
  t.same(res.json(), {
    type: 'urn:hall:problem:application_locked',
    title: '该办件正在审批中，不能修改',
    status: 409,
    code: 'application_locked',
    detail: '办件 2024-0001 已受理',
    instance: '/locked',
    errors: [{ field: 'serial', code: 'serial.locked', message: '该办件已锁定' }],
  });

  const throttled = await app.inject({ method: 'GET', url: '/throttled' });
  t.equal(throttled.statusCode, 429);
  t.equal(throttled.headers['retry-after'], '60', 'the error’s headers are sent');
  t.equal(throttled.json().code, 'too_many_attempts');
  t.notOk('errors' in throttled.json(), 'no errors member when there are none');
});

t.test(
  'a body failing its TypeBox schema is 400 validation_failed listing every field in Chinese',
  async (t) => {
    const app = await appWithRoutes(t);
    const res = await app.inject({
      method: 'POST',
      url: '/applications',
      payload: {
        name: '张',
        age: 12.5,
        mobile: '12345',
        kind: 'robot',
        materials: [],
        address: '重庆市渝中区解放碑步行街一号',
        since: '2026/1/31',
      },
    });
    t.equal(res.statusCode, 400);
    t.match(res.headers['content-type'], PROBLEM);
    const body = res.json();
    t.equal(body.code, 'validation_failed');
    t.equal(body.type, 'urn:hall:problem:validation_failed');
    t.equal(body.status, 400);
    t.match(body.title, chinese);
    const errors = body.errors as Array<{ field: string; code: string; message: string }>;
    const fields = new Set(errors.map((e) => e.field));
    t.same(
      [...fields].sort(),
      ['address', 'age', 'kind', 'materials', 'mobile', 'name', 'since'],
      'every invalid field, not just the first',
    );
    for (const e of errors) {
      t.match(e.message, chinese, `${e.field}: Chinese message "${e.message}"`);
      t.match(e.code, /^schema\./);
    }
    t.ok(errors.some((e) => e.field === 'name' && e.message === '长度不能少于2个字符'));
    t.ok(errors.some((e) => e.field === 'mobile' && e.message === '格式不正确'));
    t.ok(errors.some((e) => e.field === 'materials' && e.message === '至少需要1项'));
    t.same(
      errors.filter((e) => e.field === 'since'),
      [
        {
          field: 'since',
          code: 'schema.format',
          message: '日期格式不正确，应为“年-月-日”，例如 2026-01-31',
        },
      ],
      'a failed format says what it wants',
    );
    t.same(
      errors.filter((e) => e.field === 'kind'),
      [{ field: 'kind', code: 'schema.anyOf', message: '取值不在允许的范围内' }],
      'a failed union is one error, not one per allowed value',
    );
    t.ok(errors.some((e) => e.field === 'age' && e.message === '类型不正确'));
    t.same(
      errors.filter((e) => e.field === 'address'),
      [{ field: 'address', code: 'schema.maxLength', message: '长度不能超过10个字符' }],
      'a string-or-null field too long says so, not "not in the allowed range"',
    );

    const missing = await app.inject({
      method: 'POST',
      url: '/applications',
      payload: { name: '张三' },
    });
    t.equal(missing.statusCode, 400);
    const missingFields = (missing.json().errors as Array<{ field: string; message: string }>)
      .map((e) => e.field)
      .sort();
    t.same(missingFields, ['age', 'kind', 'materials', 'mobile'], 'each missing field is named');
    t.ok(
      (missing.json().errors as Array<{ message: string }>).every(
        (e) => e.message === '此项为必填项',
      ),
    );

    const ok = await app.inject({
      method: 'POST',
      url: '/applications',
      payload: {
        name: '张三',
        age: 30,
        mobile: '13800138000',
        kind: 'person',
        materials: ['身份证'],
      },
    });
    t.equal(ok.statusCode, 200, 'a valid body passes');
    t.same(ok.json(), { ok: true, name: '张三' });
  },
);

t.test('malformed JSON is 400 bad_request', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({
    method: 'POST',
    url: '/applications',
    headers: { 'content-type': 'application/json' },
    payload: '{"name": "张三",',
  });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], PROBLEM);
  t.match(res.json(), {
    code: 'bad_request',
    status: 400,
    type: 'urn:hall:problem:bad_request',
    title: chinese,
  });
});

t.test('an unknown route is a 404 problem', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({ method: 'GET', url: '/no/such/page?q=1' });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], PROBLEM);
  t.same(res.json(), {
    type: 'urn:hall:problem:not_found',
    title: '您访问的内容不存在',
    status: 404,
    code: 'not_found',
    instance: '/no/such/page',
  });
});

t.test(
  'an unexpected error is 500 internal_error without internals; the cause goes to the log',
  async (t) => {
    const logs = captureLogs();
    const app = await appWithRoutes(t, logs);
    const res = await app.inject({ method: 'GET', url: '/boom' });
    t.equal(res.statusCode, 500);
    t.match(res.headers['content-type'], PROBLEM);
    t.same(res.json(), {
      type: 'urn:hall:problem:internal_error',
      title: '系统繁忙，请稍后再试',
      status: 500,
      code: 'internal_error',
      instance: '/boom',
    });
    t.notMatch(res.body, 'secret internals');
    t.notMatch(res.body, 'hunter2');
    t.notMatch(res.body, /errors\.test\.ts|at .*:\d+:\d+/, 'no stack trace');
    const failure = logs.lines.find((l) => l.msg === 'request failed');
    t.ok(failure, 'the failure is logged');
    t.match(
      failure,
      { level: 50, err: { message: /secret internals/ } },
      'with its cause, for operators',
    );
  },
);

t.test('a body over the limit is 413', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({
    method: 'POST',
    url: '/applications',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
  });
  t.equal(res.statusCode, 413);
  t.match(res.headers['content-type'], PROBLEM);
  t.match(res.json(), { code: 'payload_too_large', status: 413, title: chinese });
});
