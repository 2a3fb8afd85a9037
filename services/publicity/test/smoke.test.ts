import t from 'tap';
import { publicityConfig } from '../src/config';
import { buildTestPublicity } from './helper';

t.test('health, readiness and the OpenAPI document', async (t) => {
  const { app } = await buildTestPublicity(t);
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
  t.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
  const docs = await app.inject({ url: '/openapi.json' });
  const paths = Object.keys(docs.json<{ paths: Record<string, unknown> }>().paths);
  for (const path of [
    '/stations/{station}/notices',
    '/stations/{station}/announcements',
    '/stations/{station}/publicity/{id}/file',
    '/stations/{station}/statistics',
    '/stations/{station}/profile',
    '/admin/stations/{station}/notices/{id}/{action}',
  ])
    t.ok(paths.includes(path), path);
  t.equal((await app.inject({ url: '/docs' })).statusCode < 400, true);
});

t.test('configuration: defaults, and a clear refusal', async (t) => {
  const config = publicityConfig({ NATS_URL: 'nats://127.0.0.1:4222' });
  t.equal(config.PUBLICITY_PORT, 4006);
  t.equal(config.ATTACHMENT_MAX_BYTES, 20 * 1024 * 1024);
  t.throws(() => publicityConfig({}), /NATS_URL is required/);
  t.throws(() => publicityConfig({ NATS_URL: 'nats://x', PUBLICITY_PORT: 'x' }), /PUBLICITY_PORT/);
});
