import t from 'tap';
import { docx, jpeg, pdf, pdfOfSize, png } from '../fixtures';
import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import {
  buildTestMaterials,
  expectProblem,
  ownerSql,
  streamEvents,
  testBus,
  upload,
  uploaded,
  waitFor,
  type FileInfoBody,
} from '../helper';

interface LibraryBody {
  items: FileInfoBody[];
  total: number;
  page: number;
  pageSize: number;
  usedBytes: number;
  quotaBytes: number;
}

t.test('the library lists the owner’s files newest first, paged and filtered', async (t) => {
  const { app, tokens, config } = await buildTestMaterials(t);
  const person = await tokens.person();
  const other = await tokens.person();
  const names = ['身份证正面.jpg', '身份证反面.jpg', '户口簿.png', '申请书.pdf', '承诺书.docx'];
  const contents = [jpeg(), jpeg(), png(), pdf(), docx()];
  const files: FileInfoBody[] = [];
  for (const [i, filename] of names.entries())
    files.push(await uploaded(t, app, person, { filename, content: contents[i]! }));
  await uploaded(t, app, other, { filename: '别人的身份证.jpg', content: jpeg() });

  const list = async (query: string, caller = person) => {
    const res = await app.inject({
      method: 'GET',
      url: `/library${query}`,
      headers: caller.headers,
    });
    t.equal(res.statusCode, 200, `GET /library${query}`);
    return res.json<LibraryBody>();
  };

  const all = await list('');
  t.same(
    all.items.map((f) => f.name),
    [...names].reverse(),
    'newest first, only the owner’s',
  );
  t.equal(all.total, 5);
  t.equal(
    all.usedBytes,
    contents.reduce((n, c) => n + c.length, 0),
    'usedBytes sums the sizes',
  );
  t.equal(all.quotaBytes, config.MATERIALS_QUOTA_BYTES);

  const page2 = await list('?page=2&pageSize=2');
  t.same(
    page2.items.map((f) => f.name),
    [names[2], names[1]],
    'page 2 of 2 per page',
  );
  t.match(page2, { total: 5, page: 2, pageSize: 2 });

  t.same(
    (await list(`?q=${encodeURIComponent('身份证')}`)).items.map((f) => f.name),
    ['身份证反面.jpg', '身份证正面.jpg'],
    'keyword',
  );
  t.same((await list('?type=jpg')).items.length, 2, 'type');
  t.same((await list(`?q=${encodeURIComponent('身份证')}&type=png`)).items, [], 'keyword and type');
  t.same((await list('?q=%25')).items, [], 'a % is a literal character, not a wildcard');

  const bad = await app.inject({
    method: 'GET',
    url: '/library?type=exe&pageSize=500',
    headers: person.headers,
  });
  const errors = expectProblem(t, bad, 400, 'validation_failed').errors ?? [];
  t.same(errors.map((e) => e.field).sort(), ['pageSize', 'type']);

  expectProblem(t, await app.inject({ method: 'GET', url: '/library' }), 401, 'unauthenticated');
  const staff = await tokens.staff('yuzhong');
  expectProblem(
    t,
    await app.inject({ method: 'GET', url: '/library', headers: staff.headers }),
    403,
    'forbidden',
  );
});

t.test(
  'rename and delete are the owner’s; a deleted file leaves the library and the quota',
  async (t) => {
    const { app, tokens, databaseUrl } = await buildTestMaterials(t);
    const sql = ownerSql(t, databaseUrl);
    const person = await tokens.person();
    const other = await tokens.unit();
    const file = await uploaded(t, app, person, { filename: 'scan.jpg', content: jpeg() });

    const rename = (caller: typeof person, name: unknown, id = file.id) =>
      app.inject({
        method: 'PATCH',
        url: `/files/${id}`,
        headers: caller.headers,
        payload: { name },
      });

    const renamed = await rename(person, '  身份证正面  ');
    t.equal(renamed.statusCode, 200);
    t.match(renamed.json(), {
      id: file.id,
      name: '身份证正面.jpg',
      extension: 'jpg',
      sha256: file.sha256,
    });
    t.equal(
      (await rename(person, '照片.jpeg')).json<FileInfoBody>().name,
      '照片.jpeg',
      'jpeg names a jpg',
    );
    t.equal(
      (await rename(person, '身份证.pdf')).json<FileInfoBody>().name,
      '身份证.pdf.jpg',
      'the extension cannot change',
    );
    expectProblem(t, await rename(person, '   '), 400, 'validation_failed');
    expectProblem(t, await rename(person, 'x'.repeat(121)), 400, 'validation_failed');
    expectProblem(t, await rename(other, '抢走'), 404, 'not_found');
    const [row] = await sql<{ name: string }[]>`select name from files where id = ${file.id}`;
    t.equal(row?.name, '身份证.pdf.jpg', 'another user changed nothing');

    expectProblem(
      t,
      await app.inject({ method: 'DELETE', url: `/files/${file.id}`, headers: other.headers }),
      404,
      'not_found',
    );
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/files/${file.id}`,
      headers: person.headers,
    });
    t.equal(deleted.statusCode, 204);
    const library = await app.inject({ method: 'GET', url: '/library', headers: person.headers });
    t.match(
      library.json(),
      { items: [], total: 0, usedBytes: 0 },
      'hidden at once and no longer counted',
    );
    expectProblem(
      t,
      await app.inject({ method: 'DELETE', url: `/files/${file.id}`, headers: person.headers }),
      404,
      'not_found',
    );
    expectProblem(t, await rename(person, '再改名'), 404, 'not_found');

    const [kept] = await sql<
      { state: string; deleted: boolean }[]
    >`select state, deleted_at is not null as deleted from files where id = ${file.id}`;
    t.same(
      kept,
      { state: 'stored', deleted: true },
      'the row and blob stay until the sweep decides',
    );
    const info = await app.inject({
      method: 'GET',
      url: `/files/${file.id}`,
      headers: person.headers,
    });
    t.equal(info.statusCode, 200, 'the owner still reaches it (a draft may show it)');

    expectProblem(t, await rename(person, 'x', 'not-a-uuid'), 400, 'validation_failed');
  },
);

t.test(
  'quota: an upload that would exceed it is refused and nothing is kept; parallel uploads cannot both pass',
  async (t) => {
    const size = 40_000;
    const { app, tokens, databaseUrl } = await buildTestMaterials(t, {
      MATERIALS_QUOTA_BYTES: String(size * 2 + size / 2),
    });
    const sql = ownerSql(t, databaseUrl);
    const person = await tokens.person();
    const file = () => pdfOfSize(size);

    await uploaded(t, app, person, { filename: '一.pdf', content: file() });
    const [a, b] = await Promise.all([
      upload(app, person, { filename: '二.pdf', content: file() }),
      upload(app, person, { filename: '三.pdf', content: file() }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    t.same(statuses, [201, 413], 'exactly one of two parallel uploads fits');
    const refused = a.statusCode === 413 ? a : b;
    expectProblem(t, refused, 413, 'quota_exceeded');

    const over = await upload(app, person, { filename: '四.pdf', content: file() });
    expectProblem(t, over, 413, 'quota_exceeded');
    const n = (await sql<{ n: number }[]>`select count(*)::int as n from files`)[0]!.n;
    t.equal(n, 2, 'only the two stored files have rows');

    const other = await tokens.person();
    t.equal(
      (await upload(app, other, { filename: '别人的.pdf', content: file() })).statusCode,
      201,
      'the quota is per account',
    );

    const library = await app.inject({ method: 'GET', url: '/library', headers: person.headers });
    const [first] = library.json<LibraryBody>().items;
    await app.inject({ method: 'DELETE', url: `/files/${first!.id}`, headers: person.headers });
    t.equal(
      (await upload(app, person, { filename: '五.pdf', content: file() })).statusCode,
      201,
      'deleting frees quota',
    );
  },
);

t.test('a full library refuses the next upload before reading it', async (t) => {
  const { app, tokens, databaseUrl } = await buildTestMaterials(t, {
    MATERIALS_QUOTA_BYTES: '1000',
  });
  const sql = ownerSql(t, databaseUrl);
  const person = await tokens.person();
  await uploaded(t, app, person, { filename: '满.pdf', content: pdfOfSize(1000) });
  const full = expectProblem(
    t,
    await upload(app, person, { filename: '再传.pdf', content: pdf() }),
    413,
    'quota_exceeded',
  );
  t.match(full.errors?.[0]?.message, /资料库空间已满/);
  t.equal((await sql`select 1 from files`).length, 1, 'no row for the refused upload');
});

t.test('staff uploads have no quota, never appear in a library and are audited', async (t) => {
  const { app, tokens, databaseUrl, config } = await buildTestMaterials(t, {
    MATERIALS_QUOTA_BYTES: '1000',
  });
  const sql = ownerSql(t, databaseUrl);
  const clerk = await tokens.staff('yuzhong', ['clerk']);
  const result = await uploaded(t, app, clerk, {
    filename: '准予许可决定书.pdf',
    content: pdf(2000),
  });
  t.equal(result.name, '准予许可决定书.pdf');
  const [row] = await sql<
    { owner_kind: string; owner_id: string }[]
  >`select owner_kind, owner_id from files where id = ${result.id}`;
  t.same(row, { owner_kind: 'staff', owner_id: clerk.id });

  const bus = await testBus(t, config);
  const [audit] = await waitFor('the audit record', async () => {
    const events = await streamEvents(bus, AuditRecordedSchema);
    return events.length > 0 ? events : null;
  });
  t.equal(audit!.subject, `${config.BUS_NAMESPACE}.evt.yuzhong.materials.audit_recorded`);
  t.match(audit!.message, {
    event: 'materials.file.uploaded',
    actorKind: 'staff',
    actorId: clerk.id,
    targetKind: 'file',
    targetId: result.id,
  });
  t.notOk(audit!.message.detailsJson.includes('决定书'), 'no file name in the audit details');
});
