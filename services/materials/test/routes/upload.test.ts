import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { docx, exe, jpeg, ofd, pdf, png, xlsx, zip } from '../fixtures';
import {
  buildTestMaterials,
  expectProblem,
  ownerSql,
  upload,
  uploaded,
  waitFor,
  type FileInfoBody,
} from '../helper';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

t.test('each accepted type uploads, sniffed and hashed', async (t) => {
  const { app, tokens } = await buildTestMaterials(t);
  const person = await tokens.person();
  const cases = [
    ['申请书.pdf', pdf(), 'pdf', 'application/pdf'],
    ['身份证正面.jpg', jpeg(), 'jpg', 'image/jpeg'],
    ['照片.JPEG', jpeg(), 'jpg', 'image/jpeg'],
    ['户口簿.png', png(), 'png', 'image/png'],
    ['营业执照.ofd', ofd(), 'ofd', 'application/ofd'],
    [
      '承诺书.docx',
      docx(),
      'docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      '花名册.xlsx',
      xlsx(),
      'xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    [
      '流式写出.docx',
      docx({ dataDescriptors: true }),
      'docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['流式写出.ofd', ofd({ dataDescriptors: true }), 'ofd', 'application/ofd'],
  ] as const;
  for (const [filename, content, extension, mediaType] of cases) {
    const res = await upload(app, person, { filename, content });
    t.equal(res.statusCode, 201, `${filename}: ${res.body}`);
    const body = res.json<FileInfoBody>();
    t.match(body, {
      name: filename,
      extension,
      mediaType,
      size: content.length,
      sha256: sha256(content),
    });
    t.ok(Date.parse(body.uploadedAt), 'uploadedAt is a time');
  }
});

t.test(
  'the name field renames, keeping the sniffed extension; path parts are dropped',
  async (t) => {
    const { app, tokens } = await buildTestMaterials(t);
    const person = await tokens.person();
    const after = await uploaded(t, app, person, {
      filename: 'IMG_0001.jpg',
      content: jpeg(),
      fields: { name: '身份证正面' },
    });
    t.equal(after.name, '身份证正面.jpg', 'a name sent after the file applies');
    const before = await uploaded(t, app, person, {
      filename: 'scan.pdf',
      content: pdf(),
      fields: { name: '申请书.pdf' },
      fieldsFirst: true,
    });
    t.equal(before.name, '申请书.pdf', 'a name sent before the file applies, no second extension');
    const path = await uploaded(t, app, person, {
      filename: 'C:\\Users\\张三\\证明.pdf',
      content: pdf(),
    });
    t.equal(path.name, '证明.pdf');
    const long = await upload(app, person, {
      filename: 'a.pdf',
      content: pdf(),
      fields: { name: '长'.repeat(121) },
    });
    t.match(expectProblem(t, long, 400, 'validation_failed').errors, [
      { field: 'name', code: 'name.too_long' },
    ]);
  },
);

t.test(
  'disguised, unknown and refused types answer with the file named, and keep nothing',
  async (t) => {
    const { app, tokens, databaseUrl, storageDir } = await buildTestMaterials(t);
    const person = await tokens.person();
    const sql = ownerSql(t, databaseUrl);

    const pngAsPdf = expectProblem(
      t,
      await upload(app, person, { filename: '张三身份证.pdf', content: png() }),
      422,
      'file_type_mismatch',
    );
    t.match(
      pngAsPdf.errors?.[0]?.message,
      /张三身份证\.pdf.*PNG/,
      'names the file and what it really is',
    );

    const exeAsPdf = expectProblem(
      t,
      await upload(app, person, { filename: '合同.pdf', content: exe() }),
      422,
      'file_type_mismatch',
    );
    t.match(exeAsPdf.errors?.[0]?.message, /合同\.pdf.*不是有效的 PDF/);

    expectProblem(
      t,
      await upload(app, person, { filename: '照片.png', content: jpeg() }),
      422,
      'file_type_mismatch',
    );
    const plainZip = zip([{ name: 'readme.txt', content: 'hello' }]);
    expectProblem(
      t,
      await upload(app, person, { filename: '报告.docx', content: plainZip }),
      422,
      'file_type_mismatch',
    );
    const xlsxAsDocx = expectProblem(
      t,
      await upload(app, person, { filename: '报告.docx', content: xlsx() }),
      422,
      'file_type_mismatch',
    );
    t.match(xlsxAsDocx.errors?.[0]?.message, /Excel/);

    const exeNamed = expectProblem(
      t,
      await upload(app, person, { filename: 'setup.exe', content: exe() }),
      415,
      'file_type_not_allowed',
    );
    t.match(exeNamed.errors?.[0]?.message, /setup\.exe.*PDF、JPG、PNG、OFD、DOCX、XLSX/);
    expectProblem(
      t,
      await upload(app, person, { filename: 'archive.zip', content: plainZip }),
      415,
      'file_type_not_allowed',
    );
    expectProblem(
      t,
      await upload(app, person, { filename: 'noextension', content: pdf() }),
      415,
      'file_type_not_allowed',
    );

    const empty = expectProblem(
      t,
      await upload(app, person, { filename: '空.pdf', content: Buffer.alloc(0) }),
      400,
      'validation_failed',
    );
    t.match(empty.errors, [{ field: 'file', code: 'file.empty' }]);

    const n = (await sql<{ n: number }[]>`select count(*)::int as n from files`)[0]!.n;
    t.equal(n, 0, 'no rows left');
    t.same(await readdir(join(storageDir, 'tmp')), [], 'no temp files left');
    const shards = await readdir(join(storageDir, 'objects'));
    for (const shard of shards)
      t.same(await readdir(join(storageDir, 'objects', shard)), [], `no blobs in ${shard}`);
  },
);

t.test('the form must carry exactly one file part named file', async (t) => {
  const { app, tokens, databaseUrl } = await buildTestMaterials(t);
  const person = await tokens.person();
  const sql = ownerSql(t, databaseUrl);
  const { multipart } = await import('../fixtures');

  const none = multipart([{ name: 'name', content: 'x' }]);
  const res = await app.inject({
    method: 'POST',
    url: '/files',
    headers: { ...person.headers, 'content-type': none.contentType },
    payload: none.body,
  });
  t.match(expectProblem(t, res, 400, 'validation_failed').errors, [
    { field: 'file', code: 'file.missing' },
  ]);

  const two = multipart([
    { name: 'file', filename: 'a.pdf', content: pdf() },
    { name: 'file', filename: 'b.pdf', content: pdf() },
  ]);
  const twice = await app.inject({
    method: 'POST',
    url: '/files',
    headers: { ...person.headers, 'content-type': two.contentType },
    payload: two.body,
  });
  t.match(expectProblem(t, twice, 400, 'validation_failed').errors, [
    { field: 'file', code: 'file.unexpected' },
  ]);

  const crowded = multipart([
    ...Array.from({ length: 17 }, (_, i) => ({ name: `f${i}`, content: 'x' })),
    { name: 'file', filename: 'a.pdf', content: pdf() },
  ]);
  const crowdedRes = await app.inject({
    method: 'POST',
    url: '/files',
    headers: { ...person.headers, 'content-type': crowded.contentType },
    payload: crowded.body,
  });
  t.match(expectProblem(t, crowdedRes, 400, 'validation_failed').errors, [
    { field: 'form', code: 'form.too_many_parts' },
  ]);
  const extra = multipart([
    { name: 'csrf', content: 'x' },
    { name: 'materialId', content: 'y' },
    { name: 'file', filename: 'a.pdf', content: pdf() },
  ]);
  const extraRes = await app.inject({
    method: 'POST',
    url: '/files',
    headers: { ...person.headers, 'content-type': extra.contentType },
    payload: extra.body,
  });
  t.equal(extraRes.statusCode, 201, 'other fields of the page are ignored');
  await app.inject({
    method: 'DELETE',
    url: `/files/${extraRes.json<{ id: string }>().id}`,
    headers: person.headers,
  });

  const json = await app.inject({
    method: 'POST',
    url: '/files',
    headers: person.headers,
    payload: { file: 'x' },
  });
  expectProblem(t, json, 415, 'unsupported_media_type');

  const n = (
    await sql<{ n: number }[]>`select count(*)::int as n from files where deleted_at is null`
  )[0]!.n;
  t.equal(n, 0, 'nothing kept');
});

t.test('who may upload', async (t) => {
  const { app, tokens } = await buildTestMaterials(t);
  expectProblem(
    t,
    await upload(app, null, { filename: 'a.pdf', content: pdf() }),
    401,
    'unauthenticated',
  );
  expectProblem(
    t,
    await upload(app, await tokens.expired(), { filename: 'a.pdf', content: pdf() }),
    401,
    'token_expired',
  );
  expectProblem(
    t,
    await upload(app, await tokens.operator(), { filename: 'a.pdf', content: pdf() }),
    403,
    'forbidden',
  );
  expectProblem(
    t,
    await upload(app, await tokens.staff('yuzhong', ['editor']), {
      filename: 'a.pdf',
      content: pdf(),
    }),
    403,
    'forbidden',
  );
  t.equal(
    (await upload(app, await tokens.unit(), { filename: 'a.pdf', content: pdf() })).statusCode,
    201,
    'a unit',
  );
});

t.test('file names and download signatures never reach the logs', async (t) => {
  const { app, tokens, logs } = await buildTestMaterials(t);
  const person = await tokens.person();
  const ok = await uploaded(t, app, person, { filename: '张三身份证.jpg', content: jpeg() });
  await upload(app, person, { filename: '李四户口簿.pdf', content: png() });
  await app.inject({
    method: 'PATCH',
    url: `/files/${ok.id}`,
    headers: person.headers,
    payload: { name: '王五护照' },
  });
  const linkRes = await app.inject({
    method: 'POST',
    url: `/files/${ok.id}/links`,
    headers: person.headers,
  });
  const { url } = linkRes.json<{ url: string }>();
  const download = await app.inject({ method: 'GET', url });
  t.equal(download.statusCode, 200);
  // A request's access line is written once its response has finished: for a streamed file that
  // can come after inject has its answer.
  const downloadLine = await waitFor(
    'the download’s access line',
    () => logs.find((l) => (l.req as { url?: string } | undefined)?.url?.includes('/content')),
    5_000,
  );
  t.equal(
    (downloadLine.req as { url: string }).url,
    `/files/${ok.id}/content`,
    'the download is logged without its query',
  );
  t.ok(logs.length > 5, 'the app logged requests');
  const text = JSON.stringify(logs);
  for (const name of ['张三', '李四', '王五'])
    t.notOk(text.includes(name), `no ${name} in the logs`);
  const signature = new URL(url, 'http://x').searchParams.get('signature')!;
  t.notOk(text.includes(signature), 'no link signature in the logs (it is a credential)');
});
