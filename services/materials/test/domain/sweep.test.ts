import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { jpeg, multipart, pdf } from '../fixtures';
import { buildTestMaterials, link, ownerSql, uploaded, waitFor } from '../helper';

const DAY = 24 * 60 * 60 * 1000;

async function storedBlobs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const shard of await readdir(join(dir, 'objects')))
    out.push(...(await readdir(join(dir, 'objects', shard))));
  return out.sort();
}

t.test('a client that disconnects mid-upload leaves nothing behind', async (t) => {
  const { app, tokens, databaseUrl, storageDir } = await buildTestMaterials(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await tokens.person();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;

  // A multipart body announcing 8 MiB of PDF, of which only the first MiB is ever sent.
  const { body, contentType } = multipart([
    { name: 'file', filename: '半截.pdf', content: Buffer.alloc(0) },
  ]);
  const closing = body.subarray(body.indexOf('\r\n--', body.indexOf('\r\n\r\n')));
  const opening = body.subarray(0, body.length - closing.length);
  const head = [
    'POST /files HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    `Authorization: ${person.headers.authorization}`,
    `Content-Type: ${contentType}`,
    `Content-Length: ${opening.length + 8 * 1024 * 1024 + closing.length}`,
    '',
    '',
  ].join('\r\n');
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(head);
  socket.write(opening);
  socket.write(pdf(1024 * 1024));

  const pending = await waitFor('the pending upload', async () => {
    const rows = await sql<{ id: string; state: string }[]>`select id, state from files`;
    return rows.length === 1 ? rows[0] : null;
  });
  t.equal(pending.state, 'pending', 'the row is pending while bytes arrive');
  await waitFor(
    'bytes in a temp file',
    async () => (await readdir(join(storageDir, 'tmp'))).length === 1,
  );
  socket.destroy();

  await waitFor('the row removed', async () => (await sql`select 1 from files`).length === 0);
  await waitFor(
    'the temp file removed',
    async () => (await readdir(join(storageDir, 'tmp'))).length === 0,
  );
  t.same(await storedBlobs(storageDir), [], 'no blob');
  const library = await app.inject({ method: 'GET', url: '/library', headers: person.headers });
  t.same(library.json<{ items: unknown[] }>().items, [], 'nothing in the library');
});

t.test(
  'the sweep removes what a crash left, and purges unused files after the retention',
  async (t) => {
    let clock = Date.now();
    const { app, tokens, databaseUrl, storageDir, config } = await buildTestMaterials(
      t,
      {},
      { now: () => new Date(clock) },
    );
    const sql = ownerSql(t, databaseUrl);
    const person = await tokens.person();
    const clerk = await tokens.staff('yuzhong', ['clerk']);

    // What a crash mid-upload leaves: a pending row, a temp file, perhaps a blob.
    const crashed = uuidv7();
    const old = new Date(clock - 2 * 60 * 60 * 1000);
    await sql`insert into files (id, owner_kind, owner_id, name, extension, state, created_at)
            values (${crashed}, 'person', ${person.id}, '崩溃.pdf', 'pdf', 'pending', ${old})`;
    await mkdir(join(storageDir, 'objects', crashed.slice(-2)), { recursive: true });
    await writeFile(
      join(storageDir, 'objects', crashed.slice(-2), crashed),
      'stored before the crash',
    );
    const temp = join(storageDir, 'tmp', `${crashed}.abcdef`);
    await writeFile(temp, 'half a file');
    await utimes(temp, old, old);
    const inProgress = uuidv7();
    await sql`insert into files (id, owner_kind, owner_id, name, extension, state, created_at)
            values (${inProgress}, 'person', ${person.id}, '上传中.pdf', 'pdf', 'pending', ${new Date(clock)})`;

    const kept = await uploaded(t, app, person, { filename: '保留.pdf', content: pdf() });
    const deleted = await uploaded(t, app, person, { filename: '删除.jpg', content: jpeg() });
    const deletedButUsed = await uploaded(t, app, person, {
      filename: '删除但在用.pdf',
      content: pdf(7),
    });
    const result = await uploaded(t, app, clerk, { filename: '结果未用.pdf', content: pdf(3) });
    const resultUsed = await uploaded(t, app, clerk, { filename: '结果已用.pdf', content: pdf(4) });
    for (const file of [deleted, deletedButUsed])
      await app.inject({ method: 'DELETE', url: `/files/${file.id}`, headers: person.headers });
    for (const file of [deletedButUsed, resultUsed])
      await sql`insert into file_grants (file_id, application_id, station, applicant_kind, applicant_id)
              values (${file.id}, ${uuidv7()}, 'yuzhong', 'person', ${person.id})`;
    const staleLink = (await link(app, person, deleted.id)).json<{ url: string }>().url;

    const first = await app.sweeper.run();
    t.same(
      first,
      { pending: 1, purged: 0, leftovers: 1 },
      'the crashed upload and its temp file; nothing purged yet',
    );
    const states = async () =>
      Object.fromEntries(
        (await sql<{ id: string; state: string }[]>`select id, state from files`).map((r) => [
          r.id,
          r.state,
        ]),
      );
    t.notOk((await states())[crashed], 'the crashed row is gone');
    t.equal((await states())[inProgress], 'pending', 'an upload still in progress is kept');
    t.same(await readdir(join(storageDir, 'tmp')), []);
    t.notOk((await storedBlobs(storageDir)).includes(crashed), 'its blob is gone');

    clock += (config.MATERIALS_RETENTION_DAYS + 1) * DAY;
    const second = await app.sweeper.run();
    t.equal(second.purged, 2, 'the deleted unused file and the unused staff upload');
    const after = await states();
    t.notOk(after[deleted.id], 'the file deleted from the library and unused is purged');
    t.notOk(after[result.id], 'the staff upload no application used is purged');
    t.same(
      Object.keys(await states()).sort(),
      [kept.id, deletedButUsed.id, resultUsed.id].sort(),
      'the library file and the granted files stay; the old pending row went too',
    );
    t.same(
      await storedBlobs(storageDir),
      [kept.id, deletedButUsed.id, resultUsed.id].sort(),
      'blobs follow the rows',
    );
    const purgedLink = await app.inject({ method: 'GET', url: staleLink });
    t.equal(purgedLink.statusCode, 403, 'the old link has expired by now anyway');
    const owner = await app.inject({
      method: 'GET',
      url: `/files/${deleted.id}`,
      headers: person.headers,
    });
    t.equal(owner.statusCode, 404, 'a purged file is gone for its owner too');

    t.same(
      await app.sweeper.run(),
      { pending: 0, purged: 0, leftovers: 0 },
      'a second sweep finds nothing',
    );
  },
);

t.test('a purge interrupted after marking is finished by the next sweep', async (t) => {
  const { app, tokens, databaseUrl, storageDir } = await buildTestMaterials(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await tokens.person();
  const file = await uploaded(t, app, person, { filename: '清除中.pdf', content: pdf() });
  await sql`update files set state = 'purging' where id = ${file.id}`;
  t.same(await app.sweeper.run(), { pending: 0, purged: 1, leftovers: 0 });
  t.same(await storedBlobs(storageDir), []);
  t.equal((await sql`select 1 from files`).length, 0);
});

t.test('the sweep runs by itself every MATERIALS_SWEEP_INTERVAL_SECONDS', async (t) => {
  const { databaseUrl, tokens } = await buildTestMaterials(t, {
    MATERIALS_SWEEP_INTERVAL_SECONDS: '1',
    MATERIALS_PENDING_TTL_MINUTES: '1',
  });
  const sql = ownerSql(t, databaseUrl);
  const person = await tokens.person();
  const id = uuidv7();
  await sql`insert into files (id, owner_kind, owner_id, name, extension, state, created_at)
            values (${id}, 'person', ${person.id}, '遗留.pdf', 'pdf', 'pending', now() - interval '5 minutes')`;
  await waitFor(
    'the timer to sweep the old pending row',
    async () => (await sql`select 1 from files`).length === 0,
  );
  t.pass('swept without being asked');
});
