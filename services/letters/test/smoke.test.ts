import t from 'tap';
import { act, department, letterBody, lookup, MOBILE, submit, submitted } from './fixtures';
import { buildTestLetters } from './helper';

t.test('the service boots, is ready, documents its API and shows its outbox', async (t) => {
  const { app } = await buildTestLetters(t);
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200, ready.body);
  const metrics = await app.inject({ url: '/metrics' });
  t.match(metrics.body, /^hall_outbox_pending_events\{service="letters"\} \d+$/m);
  const docs = await app.inject({ url: '/docs/json' });
  t.equal(docs.statusCode, 200);
  const paths = Object.keys(docs.json<{ paths: object }>().paths);
  for (const path of [
    '/stations/{station}/letters',
    '/stations/{station}/letters/lookup',
    '/stations/{station}/letters/rating',
    '/me/letters',
    '/me/letters/{id}',
    '/stations/{station}/faqs',
    '/stations/{station}/faqs/{id}',
    '/admin/stations/{station}/letters',
    '/admin/stations/{station}/letters/{id}',
    '/admin/stations/{station}/letters/{id}/contact',
    '/admin/stations/{station}/letters/{id}/actions/{action}',
    '/admin/stations/{station}/letters/{id}/faq',
    '/admin/stations/{station}/faqs',
    '/admin/stations/{station}/faqs/{id}',
  ])
    t.ok(paths.includes(path), `${path} is documented`);
});

t.test(
  'configuration is refused at boot without a valid data key, with its defaults otherwise',
  async (t) => {
    const { lettersConfig } = await import('../src/config');
    t.throws(
      () => lettersConfig({ NATS_URL: 'nats://127.0.0.1:4222', LETTERS_DATA_KEY: 'short' }),
      /LETTERS_DATA_KEY/,
    );
    t.throws(() => lettersConfig({ NATS_URL: 'nats://127.0.0.1:4222' }), /LETTERS_DATA_KEY/);
    t.throws(
      () =>
        lettersConfig({
          NATS_URL: 'nats://127.0.0.1:4222',
          LETTERS_DATA_KEY: Buffer.alloc(32).toString('base64'),
          LETTERS_REPLY_WORKDAYS_COMPLAINT: '0',
        }),
      /LETTERS_REPLY_WORKDAYS_COMPLAINT/,
    );
    const config = lettersConfig({
      NATS_URL: 'nats://127.0.0.1:4222',
      LETTERS_DATA_KEY: Buffer.alloc(32).toString('base64'),
    });
    t.match(config, {
      LETTERS_PORT: 4005,
      LETTERS_REPLY_WORKDAYS_CONSULTATION: 5,
      LETTERS_REPLY_WORKDAYS_COMPLAINT: 10,
      LETTERS_REPLY_WORKDAYS_SUGGESTION: 15,
      LETTERS_LOOKUP_RATE_LIMIT_PER_MINUTE: 10,
      LETTERS_SUBMIT_RATE_LIMIT_PER_MINUTE: 20,
      TRUST_PROXY: false,
      DATABASE_MAX_CONNECTIONS: 10,
    });
  },
);

t.test('on embedded PGlite too (tools/dev): submit, reply, look up', async (t) => {
  const hall = await buildTestLetters(t, { pglite: true });
  t.equal(hall.app.database.kind, 'pglite');
  const dept = await department(hall);
  const key = '0190b6a0-0000-7000-8000-000000000001';
  const [first, again] = await Promise.all([
    submit(hall, 'yuzhong', letterBody('consultation', dept.id), { key }),
    submit(hall, 'yuzhong', letterBody('consultation', dept.id), { key }),
  ]);
  t.same([first.statusCode, again.statusCode].sort(), [200, 201], first.body);
  t.equal(again.json().code, first.json().code, 'one letter');
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const reply = await act(hall, desk.auth, 'yuzhong', first.json().id, 'reply', {
    text: '请携带身份证到窗口办理。',
  });
  t.equal(reply.statusCode, 200, reply.body);
  const found = await lookup(hall, 'yuzhong', first.json().code, MOBILE);
  t.equal(found.json().stateLabel, '已答复');
  t.ok(await submitted(hall, 'yuzhong', letterBody('complaint')), 'a complaint without department');
});
