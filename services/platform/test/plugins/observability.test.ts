import t from 'tap';
import { testApp } from '../helpers';

t.test('/healthz answers 200 while the process runs', async (t) => {
  const app = await testApp(t);
  app.addReadinessCheck('broken', async () => {
    throw new Error('down');
  });
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  t.equal(res.statusCode, 200, 'liveness does not depend on readiness checks');
  t.same(res.json(), { status: 'ok' });
});

t.test('/readyz is 200 when every check passes', async (t) => {
  const app = await testApp(t);
  let calls = 0;
  app.addReadinessCheck('database', async () => {
    calls++;
  });
  app.addReadinessCheck('nats', async () => {
    calls++;
  });
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ok', checks: { database: 'ok', nats: 'ok' } });
  t.equal(calls, 2, 'each check ran');

  const again = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(again.statusCode, 200);
  t.equal(calls, 4, 'checks run on every probe, nothing is cached');
});

t.test('/readyz is 503 when a check throws', async (t) => {
  const app = await testApp(t);
  app.addReadinessCheck('database', async () => {});
  app.addReadinessCheck('nats', async () => {
    throw new Error('connection refused');
  });
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(res.statusCode, 503);
  t.same(res.json(), { status: 'unavailable', checks: { database: 'ok', nats: 'unavailable' } });
  t.notMatch(res.body, 'connection refused', 'the reason stays in the log');
});

t.test('/readyz is 503, promptly, when a check hangs past the timeout', async (t) => {
  const app = await testApp(t);
  app.addReadinessCheck('database', async () => {});
  app.addReadinessCheck('nats', () => new Promise<void>(() => {}));
  const started = Date.now();
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  const elapsed = Date.now() - started;
  t.equal(res.statusCode, 503);
  t.same(res.json(), { status: 'unavailable', checks: { database: 'ok', nats: 'unavailable' } });
  t.ok(elapsed < 3_000, `answered in ${elapsed} ms, under 3 s`);
  t.ok(elapsed >= 1_500, `but only after waiting for the check (${elapsed} ms)`);
});

t.test('/metrics exposes Prometheus text with the request-duration histogram', async (t) => {
  const app = await testApp(t);
  app.get('/items/:id', async () => ({ ok: true }));
  const before = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(before.statusCode, 200);
  t.match(before.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  t.notMatch(
    before.body,
    /http_server_request_duration_seconds_count\{/,
    'no request observed yet',
  );

  for (const id of ['1', '2', '3'])
    t.equal((await app.inject({ method: 'GET', url: `/items/${id}` })).statusCode, 200);
  await app.inject({ method: 'GET', url: '/no-such-route' });

  const res = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.match(res.body, /# TYPE http_server_request_duration_seconds histogram/);
  const counts = res.body
    .split('\n')
    .filter((l) => l.startsWith('http_server_request_duration_seconds_count{'));
  t.equal(counts.length, 1, 'one series: the matched route');
  const count = counts[0] ?? '';
  for (const label of [
    'method="GET"',
    'route="/items/:id"',
    'status="200"',
    'service="platform-test"',
  ]) {
    t.match(count, label, `labelled ${label}`);
  }
  t.match(count, /\} 3$/, 'the three requests, observed by route pattern, not by raw URL');
  t.notMatch(res.body, /route="\/items\/1"/, 'raw URLs do not become labels');
  t.notMatch(res.body, /no-such-route/, 'unmatched URLs do not become labels');
  t.notMatch(res.body, /route="\/metrics"/, 'scrapes are not observed');
  t.match(
    res.body,
    /process_cpu_user_seconds_total\{service="platform-test"\}/,
    'default process metrics, labelled with the service',
  );
});
