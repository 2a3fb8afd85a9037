/**
 * 通知公告 in the console: a notice with a hostile body is stored and shown sanitised, with an
 * attachment and an uploaded image inserted in its body; it is published, pinned, unpinned,
 * withdrawn and deleted, the public API following each step; a concurrent edit is refused with
 * what was typed kept; refusals are listed; every action is in identity's audit log. Also
 * without JavaScript, by keyboard and at 375 px.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { fieldError, notice, PHONE, signIn } from './support/hall';
import {
  auditEntries,
  newStaff,
  pdfFile,
  pngFile,
  publicity,
  scrollsSideways,
  startPublicityHall,
  waitFor,
} from './support/publicity';

const hall = await startPublicityHall(t);
const editor = await newStaff(hall, 'yuzhong', '周编辑', ['editor']);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const HOSTILE =
  '<p onclick="x()">你好<script>alert(1)</script></p><a href="javascript:alert(1)">链接</a>' +
  '<iframe src="https://example.com/">框架文字</iframe><img src="x" onerror="window.__hacked=1">' +
  '<p style="color:red">春节期间（2月10日至17日）大厅暂停现场办理，网上办理照常。</p>';

interface StaffNotice {
  id: string;
  title: string;
  body: string;
  status: string;
  pinned: boolean;
  revision: number;
  imageIds: string[];
  attachments: Array<{ id: string; fileName: string }>;
}

const staffNotice = async (id: string) =>
  publicity<StaffNotice>(hall, 'GET', `/admin/stations/yuzhong/notices/${id}`, {
    token: await editor.token(),
  });

let page: Page;
t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, editor.username, editor.password);
});

const body = () => page.locator('#f-body');
/** Waits for the success message (a status) a redirect brings. */
const flash = (p: Page, text: string | RegExp) =>
  p.locator('.notice[role="status"]').filter({ hasText: text }).waitFor();
const status = (p: Page) => p.locator('form.notice-form').locator('..').getByRole('status');

t.test('the nav opens 通知公告; a refused notice lists what is missing', async (t) => {
  const nav = page.getByRole('navigation', { name: '控制台导航' });
  await nav.getByRole('link', { name: '通知公告' }).click();
  await page.waitForURL(`${hall.url}/notices`);
  t.match(await page.getByRole('table').innerText(), /暂无公告/);
  await page.getByRole('link', { name: '新建公告' }).click();
  await page.waitForURL(`${hall.url}/notices/new`);

  await body().fill('<p>  </p>');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.same(await alert.getByRole('link').allInnerTexts(), ['标题：请填写标题', '正文：请填写正文']);
  t.equal(await fieldError(page, 'title'), '请填写标题');
  t.equal(await fieldError(page, 'body'), '请填写正文');

  // A body of nothing but a script has no text once sanitised: the service refuses it.
  await page.locator('#f-title').fill('只有脚本的公告');
  await body().fill('<script>alert(1)</script>');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.waitForFunction(
    () => document.querySelector('#f-body')?.getAttribute('aria-invalid') === 'true',
  );
  t.equal(await fieldError(page, 'body'), '请填写正文');
  t.equal(await page.locator('#f-title').inputValue(), '只有脚本的公告', 'the title is kept');
  const list = await publicity<{ total: number }>(hall, 'GET', '/admin/stations/yuzhong/notices', {
    token: await editor.token(),
  });
  t.equal(list.body.total, 0, 'nothing was saved');
});

let noticeId = '';
let imageId = '';
let attachmentId = '';

t.test('a hostile body with an attachment and an inserted image is saved sanitised', async (t) => {
  await hall.goto(page, '/notices/new');
  await page.locator('#f-title').fill('关于春节期间办事大厅开放时间的通知');
  await body().fill(HOSTILE);

  await page.locator('#f-attachmentFile').setInputFiles({
    name: '春节值班安排.pdf',
    mimeType: 'application/pdf',
    buffer: pdfFile('Duty roster'),
  });
  await page.getByRole('button', { name: '上传附件' }).click();
  await status(page).filter({ hasText: '已上传附件“春节值班安排.pdf”' }).waitFor();
  const attachment = page.getByRole('link', { name: '春节值班安排.pdf' });
  attachmentId = (await attachment.getAttribute('href'))!.split('/').pop()!;
  t.match(attachmentId, new RegExp(`^${UUID}$`));
  t.equal(await body().inputValue(), HOSTILE, 'the body is kept as typed');
  t.equal(await page.locator('#f-attachmentFile').inputValue(), '', 'the file is not sent twice');

  await page.locator('#f-imageFile').setInputFiles({
    name: '大厅平面图.png',
    mimeType: 'image/png',
    buffer: pngFile(),
  });
  await page.getByRole('button', { name: '上传图片' }).click();
  await status(page).filter({ hasText: '已上传图片“大厅平面图.png”' }).waitFor();
  const thumbnail = page.locator('.images img').first();
  imageId = (await thumbnail.getAttribute('src'))!.match(new RegExp(UUID))![0];
  const tag = `<img src="/yuzhong/publicity/files/${imageId}" alt="大厅平面图">`;
  t.ok((await body().inputValue()).endsWith(`<p>${tag}</p>`), 'put at the end of the body');

  // The toolbar: the image again at the cursor (the start), and 你好 in bold.
  await body().evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
  await page.getByRole('button', { name: '在光标处插入图片：大厅平面图.png' }).click();
  t.ok((await body().inputValue()).startsWith(tag), 'inserted at the cursor');
  await body().evaluate((el: HTMLTextAreaElement) => {
    const at = el.value.indexOf('你好');
    el.setSelectionRange(at, at + 2);
  });
  await page.getByRole('group', { name: '正文格式' }).getByRole('button', { name: '加粗' }).click();
  t.match(await body().inputValue(), /<strong>你好<\/strong>/);

  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.waitForURL(new RegExp(`/notices/${UUID}$`));
  t.match(await notice(page), '已保存公告“关于春节期间办事大厅开放时间的通知”');
  noticeId = new URL(page.url()).pathname.split('/').pop()!;

  const stored = (await staffNotice(noticeId)).body;
  t.equal(stored.status, 'draft');
  t.same(stored.imageIds, [imageId]);
  t.same(
    stored.attachments.map((a) => a.fileName),
    ['春节值班安排.pdf'],
  );
  t.notMatch(stored.body, /script|onclick|onerror|javascript:|iframe|style=|alert/);
  t.match(stored.body, /<p><strong>你好<\/strong><\/p><a>链接<\/a>框架文字/);

  const preview = page.getByRole('article');
  // Svelte's hydration markers are comments; what the browser renders is the rest.
  const shown = (await preview.locator('.body').innerHTML()).replace(/<!--[^>]*-->/g, '');
  t.equal(
    shown,
    stored.body
      .replaceAll(`/yuzhong/publicity/files/${imageId}"`, `/publicity/files/${imageId}?inline=1"`)
      // The browser writes void elements without the slash the sanitiser puts there.
      .replaceAll(' />', '>'),
    'the preview is the stored body, its images served by the console',
  );
  t.equal(await preview.locator('script, iframe').count(), 0);
  t.equal(await page.evaluate(() => (window as { __hacked?: number }).__hacked), undefined);
  const images = preview.locator('img');
  t.equal(await images.count(), 2);
  await images
    .first()
    .evaluate((img: HTMLImageElement) =>
      img.complete ? null : new Promise((resolve) => (img.onload = img.onerror = resolve)),
    );
  t.equal(
    await images.first().evaluate((img: HTMLImageElement) => img.naturalWidth),
    240,
    'the image loads',
  );
  const download = await page.request.get(
    `${hall.url}${await preview.getByRole('link', { name: '春节值班安排.pdf' }).getAttribute('href')}`,
  );
  t.equal(download.status(), 200);
  t.match(download.headers()['content-disposition'], /attachment;.*filename\*=UTF-8''/);
  t.equal((await download.body()).subarray(0, 5).toString(), '%PDF-');
});

t.test('发布, 置顶, 取消置顶, 撤回 and 删除, with the public API following', async (t) => {
  const publicView = () => publicity(hall, 'GET', `/stations/yuzhong/notices/${noticeId}`);
  t.equal((await publicView()).status, 404, 'a draft is not public');
  const manage = page.getByRole('region', { name: '管理' });

  await manage.getByRole('button', { name: '发布' }).click();
  await flash(page, /已发布/);
  t.match(await page.locator('.summary-list').innerText(), /已发布/);
  const shown = await publicView();
  t.equal(shown.status, 200, 'published');
  t.equal(await manage.getByRole('link', { name: '删除…' }).count(), 0, 'withdraw first');

  await manage.getByRole('button', { name: '置顶' }).click();
  await flash(page, /已置顶/);
  const pinned = await publicity<{ items: Array<{ id: string; pinned: boolean }> }>(
    hall,
    'GET',
    '/stations/yuzhong/notices',
  );
  t.same(pinned.body.items, [{ ...pinned.body.items[0], id: noticeId, pinned: true }]);

  await manage.getByRole('button', { name: '取消置顶' }).click();
  await flash(page, /已取消置顶/);
  t.equal((await staffNotice(noticeId)).body.pinned, false);

  await manage.getByRole('button', { name: '撤回' }).click();
  await flash(page, /已撤回/);
  t.equal((await publicView()).status, 404, 'no longer public');

  await manage.getByRole('link', { name: '删除…' }).click();
  await page.waitForURL(`${hall.url}/notices/${noticeId}/delete`);
  t.match(await page.locator('form.confirm').innerText(), /确定要删除公告“关于春节期间/);
  await Promise.all([
    page.waitForURL(`${hall.url}/notices`),
    page.getByRole('button', { name: '确认删除' }).click(),
  ]);
  await flash(page, /已删除公告/);
  t.equal((await staffNotice(noticeId)).status, 404, 'gone');
});

t.test('a concurrent edit is refused with what was typed kept', async (t) => {
  const token = await editor.token();
  const created = await publicity<StaffNotice>(hall, 'POST', '/admin/stations/yuzhong/notices', {
    token,
    body: { title: '办事大厅搬迁公告', body: '<p>大厅将于下月搬迁。</p>' },
  });
  const id = created.body.id;
  await hall.goto(page, `/notices/${id}/edit`);
  await page.locator('#f-title').fill('办事大厅搬迁公告（更新）');
  await body().fill('<p>大厅将于下月一日搬迁至新址。</p>');
  // Someone else saves first.
  const theirs = await publicity<StaffNotice>(
    hall,
    'PUT',
    `/admin/stations/yuzhong/notices/${id}`,
    {
      token,
      body: { title: '办事大厅搬迁的公告', body: '<p>另一人修改。</p>' },
      revision: created.body.revision,
    },
  );
  t.equal(theirs.status, 200);

  await page.getByRole('button', { name: '保存', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.innerText(), /已被他人修改，请刷新后重试/);
  t.equal(await page.locator('#f-title').inputValue(), '办事大厅搬迁公告（更新）', 'title kept');
  t.equal(await body().inputValue(), '<p>大厅将于下月一日搬迁至新址。</p>', 'body kept');
  t.equal((await staffNotice(id)).body.title, '办事大厅搬迁的公告', 'theirs stands');

  await page.getByRole('button', { name: '用我的内容覆盖保存' }).click();
  await page.waitForURL(`${hall.url}/notices/${id}`);
  t.equal((await staffNotice(id)).body.title, '办事大厅搬迁公告（更新）', 'saved over theirs');

  // A one-button action on a stale page: refused, and the page shows the latest.
  const latest = (await staffNotice(id)).body;
  await publicity(hall, 'POST', `/admin/stations/yuzhong/notices/${id}/publish`, {
    token,
    revision: latest.revision,
  });
  await page.getByRole('region', { name: '管理' }).getByRole('button', { name: '发布' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').innerText(), /已被他人修改，请刷新后重试/);
  await page.getByRole('button', { name: '撤回' }).waitFor();
  t.pass('the page now offers 撤回');
});

t.test('every action is in the audit log', async (t) => {
  for (const [event, target] of [
    ['publicity.notice.created', noticeId],
    ['publicity.notice.published', noticeId],
    ['publicity.notice.pinned', noticeId],
    ['publicity.notice.unpinned', noticeId],
    ['publicity.notice.unpublished', noticeId],
    ['publicity.notice.deleted', noticeId],
    ['publicity.notice.updated', null],
    ['publicity.attachment.uploaded', attachmentId],
    ['publicity.attachment.uploaded', imageId],
  ] as const) {
    const entry = await waitFor(`${event} of ${target ?? 'a notice'}`, async () =>
      (await auditEntries(hall, 'yuzhong', event)).find(
        (e) => target === null || e.targetId === target,
      ),
    );
    t.equal(entry.actorName, '周编辑', `${event} by the editor`);
  }
});

t.test('without JavaScript: upload, remove, Enter in 标题 saves', async (t) => {
  const p = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, p, editor.username, editor.password);
  await hall.goto(p, '/notices/new');
  t.equal(await p.getByRole('group', { name: '正文格式' }).count(), 0, 'no toolbar');
  await p.locator('#f-title').fill('无脚本公告');
  await p.locator('#f-body').fill('<p>没有脚本也能发布。</p>');
  await p.locator('#f-attachmentFile').setInputFiles({
    name: '表格.pdf',
    mimeType: 'application/pdf',
    buffer: pdfFile('Form'),
  });
  await p.getByRole('button', { name: '上传附件' }).click();
  await status(p).filter({ hasText: '已上传附件“表格.pdf”' }).waitFor();
  t.equal(await p.locator('#f-title').inputValue(), '无脚本公告');
  await p.getByRole('button', { name: '移除附件：表格.pdf' }).click();
  await status(p).filter({ hasText: '已移除附件“表格.pdf”' }).waitFor();
  t.equal(await p.getByRole('link', { name: '表格.pdf' }).count(), 0);

  await p.locator('#f-imageFile').setInputFiles({
    name: '指引.png',
    mimeType: 'image/png',
    buffer: pngFile(),
  });
  await p.locator('#f-title').press('Enter');
  await p.waitForURL(new RegExp(`/notices/${UUID}$`));
  const id = new URL(p.url()).pathname.split('/').pop()!;
  const saved = (await staffNotice(id)).body;
  t.equal(saved.attachments.length, 0, 'the removed attachment is not saved');
  t.equal(saved.imageIds.length, 1, 'the chosen image was uploaded with the save');
  t.match(await p.getByRole('article').innerText(), /没有脚本也能发布/);
  await p.context().close();
});

t.test('keyboard: the toolbar works from the keyboard', async (t) => {
  await hall.goto(page, '/notices/new');
  await page.locator('#f-title').focus();
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.textContent), '加粗');
  await page.keyboard.press('Enter');
  t.equal(await body().inputValue(), '<strong>加粗文字</strong>');
  t.equal(
    await page.evaluate(() => {
      const el = document.activeElement as HTMLTextAreaElement;
      return el.value.slice(el.selectionStart, el.selectionEnd);
    }),
    '加粗文字',
    'the text to type over is selected in the body',
  );
});

t.test('375 px: the list, the notice and the editor fit', async (t) => {
  const phone = await hall.newPage({ viewport: PHONE });
  await signIn(hall, phone, editor.username, editor.password);
  const list = await publicity<{ items: Array<{ id: string }> }>(
    hall,
    'GET',
    '/admin/stations/yuzhong/notices',
    { token: await editor.token() },
  );
  const id = list.body.items[0]!.id;
  for (const path of ['/notices', '/notices/new', `/notices/${id}`, `/notices/${id}/edit`]) {
    await hall.goto(phone, path);
    t.notOk(await scrollsSideways(phone), `${path} does not scroll sideways`);
  }
  await phone.context().close();
});
