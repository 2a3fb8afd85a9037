import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import t from 'tap';
import {
  buildTestPublicity,
  expectProblem,
  ownerSql,
  PDF,
  PNG,
  streamEvents,
  upload,
  waitFor,
  type Auth,
} from '../helper';

interface Notice {
  id: string;
  title: string;
  body: string;
  status: string;
  statusLabel: string;
  pinned: boolean;
  revision: number;
  publishedAt: string | null;
  attachments: { id: string; fileName: string; url: string }[];
  imageIds: string[];
}

t.test('通知公告: drafts, publish, pin, unpublish, delete; every action audited', async (t) => {
  const hall = await buildTestPublicity(t);
  const { app } = hall;
  const editor = await hall.tokens.staff('yuzhong', ['editor']);
  const at = (path: string) => `/admin/stations/yuzhong/notices${path}`;
  const write = (method: 'POST' | 'PUT', url: string, payload: unknown, revision?: number) =>
    app.inject({
      method,
      url,
      headers: { ...editor, ...(revision ? { 'if-match': `"${revision}"` } : {}) },
      payload: payload as Record<string, unknown>,
    });
  const act = (id: string, action: string, revision: number, who: Auth = editor) =>
    app.inject({
      method: 'POST',
      url: at(`/${id}/${action}`),
      headers: { ...who, 'if-match': `"${revision}"` },
    });

  const created = await write('POST', at(''), {
    title: '  关于春节期间网上办事大厅服务安排的通知 ',
    body: '<p>春节期间，网上申报照常受理。</p>',
  });
  t.equal(created.statusCode, 201, created.body);
  const draft = created.json<Notice>();
  t.match(draft, {
    title: '关于春节期间网上办事大厅服务安排的通知',
    status: 'draft',
    statusLabel: '草稿',
    pinned: false,
    revision: 1,
    publishedAt: null,
  });
  t.equal(created.headers.etag, '"1"');

  const publicList = () =>
    app
      .inject({ url: '/stations/yuzhong/notices' })
      .then((r) => r.json<{ items: Notice[]; total: number }>());
  t.equal((await publicList()).total, 0, 'a draft is not public');
  t.equal((await app.inject({ url: `/stations/yuzhong/notices/${draft.id}` })).statusCode, 404);

  // Edits carry the revision: none → 428, a stale one → 409, nothing changed.
  expectProblem(
    t,
    await write('PUT', at(`/${draft.id}`), { title: '新标题', body: '<p>x</p>' }),
    428,
    'precondition_required',
  );
  const edited = await write(
    'PUT',
    at(`/${draft.id}`),
    { title: '春节服务安排', body: '<p>春节期间照常受理。</p>' },
    1,
  );
  t.equal(edited.statusCode, 200, edited.body);
  t.equal(edited.json<Notice>().revision, 2);
  expectProblem(
    t,
    await write('PUT', at(`/${draft.id}`), { title: '旧的修改', body: '<p>y</p>' }, 1),
    409,
    'edit_conflict',
  );

  const published = await act(draft.id, 'publish', 2);
  t.equal(published.statusCode, 200, published.body);
  t.match(published.json<Notice>(), { status: 'published', statusLabel: '已发布', revision: 3 });
  t.ok(published.json<Notice>().publishedAt);
  expectProblem(t, await act(draft.id, 'publish', 3), 409, 'state_conflict');

  // A second notice, pinned: pinned first, then newest.
  const second = (
    await write('POST', at(''), { title: '办事指南更新说明', body: '<p>第二条</p>' })
  ).json<Notice>();
  await act(second.id, 'publish', 1);
  const third = (
    await write('POST', at(''), { title: '系统维护公告', body: '<p>第三条</p>' })
  ).json<Notice>();
  await act(third.id, 'publish', 1);
  t.same(
    (await publicList()).items.map((n) => n.title),
    ['系统维护公告', '办事指南更新说明', '春节服务安排'],
  );
  const pinned = await act(draft.id, 'pin', 3);
  t.equal(pinned.json<Notice>().pinned, true);
  t.same(
    (await publicList()).items.map((n) => n.title),
    ['春节服务安排', '系统维护公告', '办事指南更新说明'],
  );
  const latest = await app.inject({ url: '/stations/yuzhong/notices/latest?limit=2' });
  t.same(
    latest.json<{ items: Notice[] }>().items.map((n) => n.title),
    ['春节服务安排', '系统维护公告'],
  );

  // Keyword search, Chinese words.
  const found = await app.inject({
    url: `/stations/yuzhong/notices?q=${encodeURIComponent('维护')}`,
  });
  t.same(
    found.json<{ items: Notice[] }>().items.map((n) => n.title),
    ['系统维护公告'],
  );

  const detail = await app.inject({ url: `/stations/yuzhong/notices/${draft.id}` });
  t.equal(detail.statusCode, 200);
  t.match(detail.json(), {
    title: '春节服务安排',
    body: '<p>春节期间照常受理。</p>',
    pinned: true,
  });
  t.notOk('revision' in detail.json(), 'the public view carries no staff fields');

  expectProblem(
    t,
    await app.inject({
      method: 'DELETE',
      url: at(`/${draft.id}`),
      headers: { ...editor, 'if-match': '"4"' },
    }),
    409,
    'state_conflict',
  );
  t.equal((await act(draft.id, 'unpin', 4)).statusCode, 200);
  t.equal((await act(draft.id, 'unpublish', 5)).statusCode, 200);
  t.same(
    (await publicList()).items.map((n) => n.title),
    ['系统维护公告', '办事指南更新说明'],
  );
  const deleted = await app.inject({
    method: 'DELETE',
    url: at(`/${draft.id}`),
    headers: { ...editor, 'if-match': '"6"' },
  });
  t.equal(deleted.statusCode, 204);
  t.equal((await app.inject({ url: at(`/${draft.id}`), headers: editor })).statusCode, 404);

  const staffList = await app.inject({ url: at('?status=published'), headers: editor });
  t.equal(staffList.json<{ total: number }>().total, 2);

  // Every action left an audit record in the outbox → stream, with the editor as actor.
  const audits = await waitFor('the audit records', async () => {
    const list = await streamEvents(hall.bus, AuditRecordedSchema);
    return list.length >= 11 ? list : null;
  });
  t.equal(audits.length, 11, 'one record per action, none for the refused ones');
  const names = audits.map((a) => a.message.event);
  for (const name of [
    'publicity.notice.created',
    'publicity.notice.updated',
    'publicity.notice.published',
    'publicity.notice.pinned',
    'publicity.notice.unpinned',
    'publicity.notice.unpublished',
    'publicity.notice.deleted',
  ])
    t.ok(names.includes(name), name);
  t.ok(audits.every((a) => a.message.actorId === editor.id && a.station === 'yuzhong'));
  t.ok(audits.every((a) => a.subject.endsWith('.yuzhong.publicity.audit_recorded')));
});

t.test(
  'XSS: scripts, handlers, javascript: links and foreign images come back harmless',
  async (t) => {
    const hall = await buildTestPublicity(t);
    const { app } = hall;
    const editor = await hall.tokens.staff('cq', ['editor']);
    const image = await upload(app, editor, 'cq', '示意图.png', PNG);
    const body =
      '<p onclick="steal()">你好<script>alert(document.cookie)</script></p>' +
      '<img src=x onerror=alert(1)>' +
      '<a href="javascript:alert(1)">链接</a>' +
      '<a href="JaVaScRiPt&colon;alert(2)">链接二</a>' +
      '<a href="https://www.cq.gov.cn" target="_blank" style="color:red" onmouseover="x()">政府网</a>' +
      '<iframe src="https://evil.example"></iframe><style>p{display:none}</style>' +
      `<img src="/cq/publicity/files/${image.id}" alt="示意图" onload="x()">` +
      '<img src="https://tracker.example/p.gif">' +
      '<table><tr><td colspan="2" onclick="y()">单元格</td></tr></table>' +
      '<svg><script>alert(3)</script></svg><b>加粗</b>';
    const res = await app.inject({
      method: 'POST',
      url: '/admin/stations/cq/notices',
      headers: editor,
      payload: { title: '<script>alert(1)</script>测试公告', body },
    });
    t.equal(res.statusCode, 201, res.body);
    const expected =
      '<p>你好</p>' +
      '<a>链接</a>' +
      '<a>链接二</a>' +
      '<a href="https://www.cq.gov.cn" rel="noopener noreferrer">政府网</a>' +
      `<img src="/cq/publicity/files/${image.id}" alt="示意图" />` +
      '<table><tr><td colspan="2">单元格</td></tr></table>' +
      '<strong>加粗</strong>';
    const notice = res.json<Notice>();
    t.equal(notice.body, expected, 'stored sanitised');
    t.same(notice.imageIds, [image.id]);
    t.equal(
      notice.title,
      '<script>alert(1)</script>测试公告',
      'titles are text, escaped by whoever renders them',
    );
    const sql = ownerSql(t, hall.databaseUrl);
    const [stored] = await sql`select body from notices where id = ${notice.id}`;
    t.equal(stored!.body, expected, 'what is stored is the sanitised body');

    // An image must be one of the station's uploads, and an image.
    const pdf = await upload(app, editor, 'cq', '通知.pdf', PDF);
    const refused = await app.inject({
      method: 'POST',
      url: '/admin/stations/cq/notices',
      headers: editor,
      payload: {
        title: '图片',
        body: `<p>x</p><img src="/cq/publicity/files/${pdf.id}"><img src="/cq/publicity/files/0197a000-0000-7000-8000-00000000dead">`,
      },
    });
    expectProblem(t, refused, 400, 'validation_failed', [
      { field: 'body', code: 'attachment.not_image' },
      { field: 'body', code: 'attachment.unknown' },
    ]);
    const empty = await app.inject({
      method: 'POST',
      url: '/admin/stations/cq/notices',
      headers: editor,
      payload: { title: '空', body: '<script>alert(1)</script>' },
    });
    expectProblem(t, empty, 400, 'validation_failed', [{ field: 'body', code: 'body.empty' }]);
  },
);

t.test(
  'attachments: upload, type checks, public only once published, RFC 5987 names',
  async (t) => {
    const hall = await buildTestPublicity(t, { env: { ATTACHMENT_MAX_BYTES: '4096' } });
    const { app } = hall;
    const editor = await hall.tokens.staff('cq', ['station_admin']);
    const file = await upload(app, editor, 'cq', '春节值班安排表.pdf', PDF);
    t.match(file, {
      fileName: '春节值班安排表.pdf',
      size: PDF.length,
      url: `/stations/cq/attachments/${file.id}`,
    });

    const sendFile = async (name: string, content: Buffer) => {
      const { multipart } = await import('../helper');
      const body = multipart(name, content);
      return app.inject({
        method: 'POST',
        url: '/admin/stations/cq/attachments',
        headers: { ...editor, ...body.headers },
        payload: body.payload,
      });
    };
    expectProblem(t, await sendFile('run.exe', PDF), 415, 'attachment_type_not_allowed');
    expectProblem(t, await sendFile('假的.pdf', PNG), 415, 'attachment_content_mismatch');
    expectProblem(
      t,
      await sendFile('大.pdf', Buffer.concat([PDF, Buffer.alloc(5000)])),
      413,
      'attachment_too_large',
    );

    // Not referenced by anything published: the public gets 404, staff get it.
    t.equal((await app.inject({ url: file.url })).statusCode, 404);
    const staff = await app.inject({
      url: `/admin/stations/cq/attachments/${file.id}`,
      headers: editor,
    });
    t.equal(staff.statusCode, 200);

    const notice = await app.inject({
      method: 'POST',
      url: '/admin/stations/cq/notices',
      headers: editor,
      payload: { title: '值班安排', body: '<p>见附件</p>', attachmentIds: [file.id] },
    });
    t.equal(notice.statusCode, 201, notice.body);
    t.same(
      notice.json<Notice>().attachments.map((a) => a.fileName),
      ['春节值班安排表.pdf'],
    );
    t.equal((await app.inject({ url: file.url })).statusCode, 404, 'still a draft');
    await app.inject({
      method: 'POST',
      url: `/admin/stations/cq/notices/${notice.json<Notice>().id}/publish`,
      headers: { ...editor, 'if-match': '"1"' },
    });
    const download = await app.inject({ url: file.url });
    t.equal(download.statusCode, 200);
    t.equal(download.headers['content-type'], 'application/pdf');
    t.equal(
      download.headers['content-disposition'],
      `attachment; filename="_______.pdf"; filename*=UTF-8''${encodeURIComponent('春节值班安排表.pdf')}`,
    );
    t.equal(download.headers['x-content-type-options'], 'nosniff');
    t.same(download.rawPayload, PDF);
    t.match(
      (await app.inject({ url: `${file.url}?inline=true` })).headers['content-disposition'],
      /^inline; /,
    );

    // Another station's attachment answers 404 in this station, and referring to it is refused.
    const other = await hall.tokens.staff('jiangbei', ['editor']);
    const theirs = await upload(app, other, 'jiangbei', '江北.pdf', PDF);
    t.equal((await app.inject({ url: `/stations/cq/attachments/${theirs.id}` })).statusCode, 404);
    const borrowing = await app.inject({
      method: 'POST',
      url: '/admin/stations/cq/notices',
      headers: editor,
      payload: { title: '借用', body: '<p>x</p>', attachmentIds: [theirs.id] },
    });
    expectProblem(t, borrowing, 400, 'validation_failed', [
      { field: 'attachmentIds', code: 'attachment.unknown' },
    ]);
  },
);

t.test('roles and stations: editors and admins of the station only; others 404', async (t) => {
  const hall = await buildTestPublicity(t);
  const { app } = hall;
  const editor = await hall.tokens.staff('yuzhong', ['editor']);
  const created = await app.inject({
    method: 'POST',
    url: '/admin/stations/yuzhong/notices',
    headers: editor,
    payload: { title: '渝中区通知', body: '<p>正文</p>' },
  });
  const id = created.json<Notice>().id;

  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
  expectProblem(
    t,
    await app.inject({ url: '/admin/stations/yuzhong/notices', headers: clerk }),
    403,
    'forbidden',
  );
  expectProblem(
    t,
    await app.inject({ url: '/admin/stations/yuzhong/notices' }),
    401,
    'unauthenticated',
  );
  const citizen = await hall.tokens.person();
  expectProblem(
    t,
    await app.inject({ url: '/admin/stations/yuzhong/notices', headers: citizen }),
    403,
    'forbidden',
  );

  // Another station's editor: 404 on the station's routes, and the notice is not reachable
  // through their own station either.
  const other = await hall.tokens.staff('jiangbei', ['editor']);
  expectProblem(
    t,
    await app.inject({ url: `/admin/stations/yuzhong/notices/${id}`, headers: other }),
    404,
    'not_found',
  );
  expectProblem(
    t,
    await app.inject({ url: `/admin/stations/jiangbei/notices/${id}`, headers: other }),
    404,
    'not_found',
  );
  const hijack = await app.inject({
    method: 'POST',
    url: `/admin/stations/jiangbei/notices/${id}/publish`,
    headers: { ...other, 'if-match': '"1"' },
  });
  expectProblem(t, hijack, 404, 'not_found');

  // Public: unknown and disabled stations answer 404.
  expectProblem(t, await app.inject({ url: '/stations/nowhere/notices' }), 404, 'not_found');
  expectProblem(t, await app.inject({ url: '/stations/wansheng/notices' }), 404, 'not_found');

  // Validation: every field at once.
  const bad = await app.inject({
    method: 'POST',
    url: '/admin/stations/yuzhong/notices',
    headers: editor,
    payload: { title: 'x'.repeat(101), body: 5, extra: true },
  });
  expectProblem(t, bad, 400, 'validation_failed', [
    { field: 'extra', code: 'schema.additionalProperties' },
    { field: 'title', code: 'schema.maxLength' },
    { field: 'body', code: 'schema.type' },
  ]);
});
