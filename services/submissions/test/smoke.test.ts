import t from 'tap';
import { act, completeDraft, seedItem, submit } from './fixtures';
import { buildTestHall } from './helper';

t.test('the service boots, is ready, documents its API and shows its outbox', async (t) => {
  const { app } = await buildTestHall(t);
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200, ready.body);
  const metrics = await app.inject({ url: '/metrics' });
  t.match(metrics.body, /^hall_outbox_pending_events\{service="submissions"\} \d+$/m);
  const docs = await app.inject({ url: '/docs/json' });
  t.equal(docs.statusCode, 200);
  const paths = Object.keys(docs.json<{ paths: object }>().paths);
  for (const path of [
    '/stations/{station}/applications',
    '/applications/{id}/submit',
    '/admin/stations/{station}/applications/{id}/actions/{action}',
    '/progress',
  ])
    t.ok(paths.includes(path), `${path} is documented`);
});

t.test('configuration is refused at boot without a valid data key', async (t) => {
  const { submissionsConfig } = await import('../src/config');
  t.throws(
    () => submissionsConfig({ NATS_URL: 'nats://127.0.0.1:4222', SUBMISSIONS_DATA_KEY: 'short' }),
    /SUBMISSIONS_DATA_KEY/,
  );
  t.throws(() => submissionsConfig({ NATS_URL: 'nats://127.0.0.1:4222' }), /SUBMISSIONS_DATA_KEY/);
});

t.test('on embedded PGlite too (tools/dev): draft, submit, decide', async (t) => {
  const hall = await buildTestHall(t, { pglite: true });
  t.equal(hall.app.database.kind, 'pglite');
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const draft = await completeDraft(hall, person, 'yuzhong', item);
  const [first, again] = await Promise.all([
    submit(hall, person, draft.id, draft.revision),
    submit(hall, person, draft.id, draft.revision),
  ]);
  t.equal(first.statusCode, 200, first.body);
  t.equal(again.json().serial, first.json().serial, 'one submission');
  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
  const list = await hall.app.inject({
    url: '/admin/stations/yuzhong/applications?queue=prereview',
    headers: clerk.auth,
  });
  t.equal(list.json().total, 1);
  t.equal((await act(hall, clerk.auth, 'yuzhong', draft.id, 'prereview')).statusCode, 200);
  const progress = await hall.app.inject({
    method: 'POST',
    url: '/progress',
    payload: { serial: first.json().serial, applicant: '张三' },
  });
  t.equal(progress.json().stateLabel, '待受理');
});
