import { addDepartment, addPublished, definition, material } from '@hall/catalog/test/fixtures';
import t from 'tap';
import { assistantConfig } from '../src/config';
import { buildTestAssistant } from './helper';

t.test('the service boots, is ready and documents its API', async (t) => {
  const { app } = await buildTestAssistant(t);
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200, ready.body);
  const docs = await app.inject({ url: '/docs/json' });
  t.equal(docs.statusCode, 200);
  t.ok(
    Object.keys(docs.json<{ paths: object }>().paths).includes('/stations/{station}/ask'),
    'the ask route is documented',
  );
});

t.test('configuration: defaults and refusals', async (t) => {
  const config = assistantConfig({ NATS_URL: 'nats://127.0.0.1:4222' });
  t.equal(config.ASSISTANT_PORT, 4007);
  t.equal(config.ASSISTANT_RATE_LIMIT_PER_MINUTE, 120);
  t.throws(
    () =>
      assistantConfig({ NATS_URL: 'nats://127.0.0.1:4222', ASSISTANT_RATE_LIMIT_PER_MINUTE: '0' }),
    /ASSISTANT_RATE_LIMIT_PER_MINUTE/,
  );
  t.throws(() => assistantConfig({}), /NATS_URL/);
});

t.test('on embedded PGlite too (tools/dev): indexed from events, answered', async (t) => {
  const hall = await buildTestAssistant(t, { pglite: true });
  t.equal(hall.app.database.kind, 'pglite');
  const { app: catalog, tokens } = hall.catalog;
  const editor = await tokens.staff('cq', ['editor']);
  const department = await addDepartment(catalog, editor, 'cq', {
    code: 'JT',
    name: '市交通运输委',
  });
  for (const name of ['道路货物运输经营许可', '港口经营许可'])
    await addPublished(
      catalog,
      editor,
      'cq',
      definition(department.id, {
        name,
        powerType: '01',
        materials: [material({ name: '申请表' })],
      }),
    );
  await hall.caughtUp();
  const materials = await hall.answer('cq', '货运许可要什么材料');
  t.equal(materials.intent, 'materials');
  t.equal(materials.items[0]?.name, '道路货物运输经营许可');
  t.equal(materials.items[0]?.detail, '1. 申请表（必要，本地上传）');
  const list = await hall.answer('cq', '交委有哪些事项');
  t.equal(list.intent, 'list');
  t.equal(list.items.length, 2);
});
