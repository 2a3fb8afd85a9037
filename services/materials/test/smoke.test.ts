import t, { type Test } from 'tap';
import type { HallApp } from '@hall/platform';
import { docx, jpeg } from './fixtures';
import { buildTestMaterials, link, uploaded, type TokenSigner } from './helper';

t.test('the service boots, is ready and documents its API', async (t) => {
  const { app } = await buildTestMaterials(t);
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200, ready.body);
  const metrics = await app.inject({ url: '/metrics' });
  t.match(metrics.body, /^hall_outbox_pending_events\{service="materials"\} \d+$/m);
  const docs = await app.inject({ url: '/docs/json' });
  t.equal(docs.statusCode, 200);
  const paths = Object.keys(docs.json<{ paths: object }>().paths);
  for (const path of [
    '/files',
    '/files/{id}',
    '/files/{id}/links',
    '/files/{id}/content',
    '/library',
  ])
    t.ok(paths.includes(path), `${path} is documented`);
});

/** Upload, list, link, download, delete and purge: the whole life of a file. */
async function lifecycle(
  t: Test,
  app: HallApp,
  tokens: TokenSigner,
  advance: (ms: number) => void,
) {
  const person = await tokens.person();
  const photo = await uploaded(t, app, person, { filename: '照片.jpg', content: jpeg() });
  const form = await uploaded(t, app, person, { filename: '申请书.docx', content: docx() });
  const library = await app.inject({ url: '/library', headers: person.headers });
  t.same(
    library.json<{ items: Array<{ id: string }> }>().items.map((f) => f.id),
    [form.id, photo.id],
  );
  const { url } = (await link(app, person, form.id)).json<{ url: string }>();
  const download = await app.inject({ url });
  t.same(download.rawPayload, docx(), 'the bytes come back');
  await app.inject({ method: 'DELETE', url: `/files/${form.id}`, headers: person.headers });
  advance(40 * 24 * 60 * 60 * 1000);
  t.match(await app.sweeper.run(), { purged: 1 }, 'purged after the retention');
  t.equal(
    (await app.inject({ url: `/files/${form.id}`, headers: person.headers })).statusCode,
    404,
  );
  t.equal(
    (await app.inject({ url: `/files/${photo.id}`, headers: person.headers })).statusCode,
    200,
  );
}

t.test('on embedded PGlite too', async (t) => {
  let clock = Date.now();
  const { app, tokens } = await buildTestMaterials(
    t,
    {},
    { pglite: true, now: () => new Date(clock) },
  );
  t.equal(app.database.kind, 'pglite');
  await lifecycle(t, app, tokens, (ms) => (clock += ms));
});

t.test('on the JetStream object store', async (t) => {
  let clock = Date.now();
  const { app, tokens, config } = await buildTestMaterials(
    t,
    { MATERIALS_STORAGE: 'objectstore' },
    { now: () => new Date(clock) },
  );
  t.equal(app.materials.storage.kind, 'objectstore');
  await lifecycle(t, app, tokens, (ms) => (clock += ms));
  const info = await app.materials.bus.jsm.streams.info(`OBJ_${config.MATERIALS_BUCKET}`);
  t.ok(info.state.messages > 0, 'the bytes live in the bucket');
});
