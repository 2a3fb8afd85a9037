/**
 * 通知公告 (manual 6.3) in the browser against the real publicity service: notices written and
 * published by an editor through the staff API are listed pinned first with date, excerpt and
 * 附件 count, found by keyword, and shown in full; a hostile body (script, handler,
 * javascript: link) is harmless on the page; a body image loads and an attachment downloads
 * through the portal's proxy with the service's headers; a draft, another station's notice and
 * an unknown file are 404; the home page shows the latest notices; without JavaScript, at phone
 * width in 大字 mode, and by keyboard alone.
 */
import t from 'tap';
import { PNG_BYTES, pdfBytes } from './support/apply';
import { follow, overflow } from './support/catalog';
import { PHONE } from './support/hall';
import { startPublicityHall } from './support/publicity';

const hall = await startPublicityHall(t);

const image = await hall.upload('cq', '办事流程图.png', PNG_BYTES);
const guideBytes = pdfBytes('春节服务指南');
const guide = await hall.upload('cq', '春节期间服务指南.pdf', guideBytes);

await hall.notice(
  'cq',
  { title: '网上行政审批大厅使用须知', body: '<p>请先注册账号，再在线申报。</p>' },
  { pinned: true },
);
const HOSTILE_TITLE = '关于春节期间网上办事服务安排的通知';
const hostile = await hall.notice('cq', {
  title: HOSTILE_TITLE,
  body: [
    '<p onclick="alert(1)">春节期间网上申报照常受理。<script>alert("xss")</script></p>',
    '<p><a href="javascript:alert(2)">点击查看</a>，或访问<a href="https://www.cq.gov.cn/">重庆市人民政府网</a>。</p>',
    `<p><img src="/cq/publicity/files/${image.id}" alt="办事流程图" onerror="alert(3)"></p>`,
    '<iframe src="https://example.com"></iframe><style>body{display:none}</style>',
  ].join(''),
  attachmentIds: [guide.id],
});
const draft = await hall.notice(
  'cq',
  { title: '尚未发布的草稿通知', body: '<p>草稿内容</p>' },
  { draft: true },
);
const elsewhere = await hall.notice('yuzhong', {
  title: '渝中区的通知',
  body: '<p>渝中区的通知内容</p>',
});

t.test('the list: pinned first, then the newest, with date, excerpt and 附件 count', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/notices');
  t.equal(await page.locator('h1').innerText(), '通知公告');
  const rows = page.locator('.notices > li');
  t.equal(await rows.count(), 2, 'the two published notices of cq, not the draft or yuzhong’s');
  t.match(await rows.nth(0).innerText(), /置顶\s*网上行政审批大厅使用须知/, 'pinned first');
  const second = await rows.nth(1).innerText();
  t.match(second, HOSTILE_TITLE);
  t.match(second, /春节期间网上申报照常受理。/, 'the excerpt');
  t.notMatch(second, /置顶/);
  t.match(second, /附件 1 个/);
  t.match(second, /发布日期：\d{4}-\d{2}-\d{2}/);
  t.match(await page.locator('.total').innerText(), /共 2 条/);
  const main = await page.locator('main').innerText();
  t.notMatch(main, '尚未发布的草稿通知');
  t.notMatch(main, '渝中区的通知');
});

t.test('keyword search (a GET form) finds by title and body', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/notices');
  await page.getByLabel('关键字').fill('春节');
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  t.equal(new URL(page.url()).searchParams.get('q'), '春节');
  const titles = await page.locator('.notices > li h3 a').allInnerTexts();
  t.same(titles, [HOSTILE_TITLE]);
  await hall.goto(page, `/cq/notices?q=${encodeURIComponent('注册账号')}`);
  t.same(await page.locator('.notices > li h3 a').allInnerTexts(), ['网上行政审批大厅使用须知']);
  await hall.goto(page, `/cq/notices?q=${encodeURIComponent('不存在的词语')}`);
  t.match(await page.locator('.empty').innerText(), /没有找到相关的通知公告/);
});

t.test('a hostile body is rendered harmless; its image loads from the portal', async (t) => {
  const page = await hall.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await hall.goto(page, '/cq/notices');
  await follow(page, () => page.getByRole('link', { name: HOSTILE_TITLE }).click());
  t.equal(new URL(page.url()).pathname, `/cq/notices/${hostile.id}`);
  t.equal(await page.locator('h1').innerText(), HOSTILE_TITLE);
  const body = page.getByTestId('notice-body');
  t.match(await body.innerText(), /春节期间网上申报照常受理。/);
  t.equal(await body.locator('script, style, iframe').count(), 0, 'no script, style or iframe');
  t.equal(
    await body.evaluate((el) =>
      [...el.querySelectorAll('*')].some((e) =>
        [...e.attributes].some((a) => a.name.startsWith('on')),
      ),
    ),
    false,
    'no event handler attributes',
  );
  const bad = body.getByText('点击查看');
  t.equal(await bad.getAttribute('href'), null, 'the javascript: link has no href');
  await bad.click();
  await body.locator('p').first().click();
  t.equal(
    await body.getByRole('link', { name: '重庆市人民政府网' }).getAttribute('href'),
    'https://www.cq.gov.cn/',
    'an https link is kept',
  );
  const img = body.locator('img');
  t.equal(await img.getAttribute('src'), `/cq/publicity/files/${image.id}`);
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="notice-body"] img');
    return el instanceof HTMLImageElement && el.complete;
  });
  t.ok(
    await img.evaluate((el) => (el as HTMLImageElement).naturalWidth > 0),
    'the image loads through the portal',
  );
  t.equal(await img.getAttribute('alt'), '办事流程图');
  t.same(dialogs, [], 'no script ran');
  t.equal(await page.evaluate(() => document.body.style.display), '', 'no style applied');
});

t.test('an attachment downloads through the portal with its name and headers', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, `/cq/notices/${hostile.id}`);
  const link = page.getByRole('link', { name: '春节期间服务指南.pdf' });
  t.equal(await link.getAttribute('href'), `/cq/publicity/files/${guide.id}?download=1`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  t.equal(download.suggestedFilename(), '春节期间服务指南.pdf');
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  t.same(new Uint8Array(await readFile(path)), guideBytes, 'the same bytes');

  const res = await fetch(`${hall.url}/cq/publicity/files/${guide.id}?download=1`);
  t.equal(res.status, 200);
  t.equal(res.headers.get('content-type'), 'application/pdf');
  t.match(res.headers.get('content-disposition'), /^attachment; .*filename\*=UTF-8''/);
  t.equal(res.headers.get('x-content-type-options'), 'nosniff');
  t.equal(res.headers.get('content-security-policy'), "default-src 'none'; sandbox");
  t.equal(res.headers.get('cache-control'), 'public, max-age=300');
  const inline = await fetch(`${hall.url}/cq/publicity/files/${image.id}`);
  t.equal(inline.headers.get('content-type'), 'image/png');
  t.match(inline.headers.get('content-disposition'), /^inline;/, 'body images are inline');
  t.same(new Uint8Array(await inline.arrayBuffer()), PNG_BYTES);
});

t.test('a draft, another station’s notice and unknown files are 404', async (t) => {
  const page = await hall.newPage();
  for (const path of [
    `/cq/notices/${draft.id}`,
    `/cq/notices/${elsewhere.id}`,
    '/cq/notices/not-an-id',
  ]) {
    const res = await page.goto(`${hall.url}${path}`);
    t.equal(res?.status(), 404, path);
    t.match(await page.locator('main').innerText(), /您要查看的通知公告不存在或已撤回/, path);
  }
  const own = await page.goto(`${hall.url}/yuzhong/notices/${elsewhere.id}`);
  t.equal(own?.status(), 200, 'yuzhong’s notice at yuzhong');
  // A file listed only by yuzhong's notice, or by nothing published, is not cq's to give.
  const unlisted = await hall.upload('cq', '未引用的附件.pdf', pdfBytes('unlisted'));
  for (const path of [
    `/cq/publicity/files/${unlisted.id}`,
    `/yuzhong/publicity/files/${guide.id}?download=1`,
    '/cq/publicity/files/00000000-0000-4000-8000-000000000000',
  ]) {
    t.equal((await fetch(`${hall.url}${path}`)).status, 404, path);
  }
});

t.test('the home page shows the latest notices with 更多', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq');
  const section = page.getByRole('region', { name: '通知公告' });
  const titles = await section.locator('.latest a').allInnerTexts();
  t.same(titles, ['网上行政审批大厅使用须知', HOSTILE_TITLE]);
  t.match(await section.locator('.latest li').first().innerText(), /置顶/);
  await follow(page, () => section.getByRole('link', { name: /更多/ }).click());
  t.equal(new URL(page.url()).pathname, '/cq/notices');
  await hall.goto(page, '/yuzhong');
  t.same(
    await page.getByRole('region', { name: '通知公告' }).locator('.latest a').allInnerTexts(),
    ['渝中区的通知'],
    'each station its own',
  );
});

t.test('without JavaScript: the search form, the list and the detail', async (t) => {
  const page = await hall.newPage({ javaScriptEnabled: false });
  await hall.goto(page, '/cq/notices');
  await page.getByLabel('关键字').fill('须知');
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: '查询' }).click(),
  ]);
  t.same(await page.locator('.notices > li h3 a').allInnerTexts(), ['网上行政审批大厅使用须知']);
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('link', { name: '网上行政审批大厅使用须知' }).click(),
  ]);
  t.match(await page.getByTestId('notice-body').innerText(), /请先注册账号/);
});

t.test('phone width in 大字 mode and the keyboard', async (t) => {
  const page = await hall.newPage({ viewport: PHONE });
  await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
  for (const path of ['/cq', '/cq/look', '/cq/notices', `/cq/notices/${hostile.id}`]) {
    await hall.goto(page, path);
    t.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')));
    t.equal(await overflow(page), 0, `${path} does not scroll sideways`);
  }
  // 我要看 → 通知公告 → a notice, by Tab and Enter only.
  await hall.goto(page, '/cq/look');
  const tabTo = async (name: string) => {
    for (let i = 0; i < 80; i++) {
      const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (text === name) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${name}`);
  };
  await tabTo('通知公告');
  await follow(page, () => page.keyboard.press('Enter'));
  t.equal(new URL(page.url()).pathname, '/cq/notices');
  await tabTo(HOSTILE_TITLE);
  await follow(page, () => page.keyboard.press('Enter'));
  t.equal(new URL(page.url()).pathname, `/cq/notices/${hostile.id}`);
});
