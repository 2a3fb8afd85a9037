import t from 'tap';
import { buildTestIdentity } from './helper';

t.test('identity boots and lists the stations', async (t) => {
  const { app } = await buildTestIdentity(t);
  const res = await app.inject({ method: 'GET', url: '/stations' });
  t.equal(res.statusCode, 200);
  t.equal(res.json().stations.length, 42);
  const ready = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(ready.statusCode, 200, ready.body);
});

t.test('the outbox shows on /metrics', async (t) => {
  const { app } = await buildTestIdentity(t);
  const metrics = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(metrics.statusCode, 200);
  t.match(metrics.body, /^hall_outbox_pending_events\{service="identity"\} \d+$/m);
  t.match(
    metrics.body,
    /^hall_outbox_relay_events\{outcome="published",service="identity"\} \d+$/m,
  );
});
