import { createHash } from 'node:crypto';
import t from 'tap';
import { addDepartment, addItem, definition, material } from '../fixtures';
import { buildTestCatalog, expectProblem, ownerSql } from '../helper';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.alloc(2000, 0x20),
  Buffer.from('%%EOF'),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100),
]);

/** A multipart/form-data body with one file part. */
function multipart(fileName: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----hall${Date.now().toString(16)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

t.test('staff upload a blank form; anyone downloads it with a safe disposition', async (t) => {
  const { app, tokens, databaseUrl } = await buildTestCatalog(t, { ATTACHMENT_MAX_BYTES: '4096' });
  const editor = await tokens.staff('cq', ['editor']);
  const upload = (fileName: string, content: Buffer, headers: Record<string, string> = editor) => {
    const body = multipart(fileName, content, 'text/html');
    return app.inject({
      method: 'POST',
      url: '/stations/cq/admin/attachments',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };

  const res = await upload('教师资格认定申请表.pdf', PDF);
  t.equal(res.statusCode, 201, res.body);
  const stored = res.json();
  t.match(stored, {
    station: 'cq',
    fileName: '教师资格认定申请表.pdf',
    contentType: 'application/pdf',
    size: PDF.length,
    sha256: createHash('sha256').update(PDF).digest('hex'),
  });

  const download = await app.inject({ url: `/stations/cq/attachments/${stored.id}` });
  t.equal(download.statusCode, 200);
  t.equal(
    download.headers['content-type'],
    'application/pdf',
    'our content type, not the client’s',
  );
  t.equal(download.headers['x-content-type-options'], 'nosniff');
  t.equal(
    download.headers['content-disposition'],
    `attachment; filename="_________.pdf"; filename*=UTF-8''${encodeURIComponent('教师资格认定申请表.pdf')}`,
  );
  t.ok(download.rawPayload.equals(PDF), 'the same bytes');

  // A material may reference it now; a draft referencing another station's file may not.
  const department = await addDepartment(app, editor, 'cq', { code: 'JW', name: '市教委' });
  const item = await addItem(
    app,
    editor,
    'cq',
    definition(department.id, {
      materials: [material({ blankFormId: stored.id, sampleId: null })],
    }),
  );
  t.ok(item.id);

  const png = await upload("sample's (1).png", PNG);
  t.equal(png.statusCode, 201);
  t.match((await app.inject({ url: `/stations/cq/attachments/${png.json().id}` })).headers, {
    'content-type': 'image/png',
    'content-disposition': `attachment; filename="sample's (1).png"; filename*=UTF-8''sample%27s%20%281%29.png`,
  });

  // Refusals: nothing stored.
  const tooLarge = await upload('big.pdf', Buffer.concat([PDF, Buffer.alloc(5000)]));
  t.match(expectProblem(t, tooLarge, 413, 'attachment_too_large').detail, /4 KB/);
  expectProblem(
    t,
    await upload('page.html', Buffer.from('<html>')),
    415,
    'attachment_type_not_allowed',
  );
  expectProblem(t, await upload('noext', PDF), 415, 'attachment_type_not_allowed');
  expectProblem(t, await upload('fake.pdf', PNG), 415, 'attachment_content_mismatch');
  expectProblem(
    t,
    await app.inject({
      method: 'POST',
      url: '/stations/cq/admin/attachments',
      headers: editor,
      payload: { file: 'x' },
    }),
    415,
    'unsupported_media_type',
  );
  expectProblem(
    t,
    await upload('a.pdf', PDF, await tokens.staff('jiangbei', ['editor'])),
    404,
    'not_found',
  );
  expectProblem(t, await upload('a.pdf', PDF, {}), 401, 'unauthenticated');
  const owner = ownerSql(t, databaseUrl);
  t.equal(
    (await owner`select count(*)::int as n from attachments`)[0]!.n,
    2,
    'only the two good files',
  );

  // Another station, or an unknown id: 404.
  expectProblem(
    t,
    await app.inject({ url: `/stations/jiangbei/attachments/${stored.id}` }),
    404,
    'not_found',
  );
  expectProblem(
    t,
    await app.inject({ url: '/stations/cq/attachments/0190a0b0-0000-7000-8000-000000000001' }),
    404,
    'not_found',
  );
});
