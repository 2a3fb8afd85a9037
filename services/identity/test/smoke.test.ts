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
