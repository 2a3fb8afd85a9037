import t from 'tap';
import { buildTestAssistant, expectProblem, expectValidation } from '../helper';

t.test('questions are checked before anything is looked up', async (t) => {
  const hall = await buildTestAssistant(t);
  const post = (payload: unknown, station = 'cq') =>
    hall.app.inject({
      method: 'POST',
      url: `/stations/${station}/ask`,
      payload: payload as object,
    });

  const cases: Array<[string, unknown, string]> = [
    ['empty', { question: '' }, 'schema.minLength'],
    ['only spaces', { question: '   \n ' }, 'question.blank'],
    ['201 characters', { question: '问'.repeat(201) }, 'schema.maxLength'],
    ['missing', {}, 'schema.required'],
    ['not text', { question: 42 }, 'schema.type'],
    ['something else too', { question: '你好', user: 'x' }, 'schema.additionalProperties'],
  ];
  for (const [what, payload, code] of cases) {
    const errors = expectValidation(t, await post(payload));
    t.ok(
      errors.some((e) => e.code === code),
      `${what}: ${code} (${JSON.stringify(errors)})`,
    );
  }
  t.equal((await post({ question: '问'.repeat(200) })).statusCode, 200, '200 characters are fine');

  for (const station of ['nowhere', 'wansheng', 'NOT-A-KEY'])
    expectProblem(t, await post({ question: '你好' }, station), 404, 'not_found');
});

t.test('questions are rate-limited per client address', async (t) => {
  const hall = await buildTestAssistant(t, { env: { ASSISTANT_RATE_LIMIT_PER_MINUTE: '3' } });
  const ask = (ip: string) =>
    hall.app.inject({
      method: 'POST',
      url: '/stations/cq/ask',
      payload: { question: '你好' },
      remoteAddress: ip,
    });
  for (let i = 0; i < 3; i++) t.equal((await ask('10.0.0.1')).statusCode, 200);
  const limited = await ask('10.0.0.1');
  expectProblem(t, limited, 429, 'too_many_requests');
  t.match(limited.headers['retry-after'], /^\d+$/, 'says when to come back');
  t.equal((await ask('10.0.0.2')).statusCode, 200, 'another address is not limited');
});
