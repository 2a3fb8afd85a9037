/**
 * 办件公告 (manual 6.1) in the browser: applications submitted through the real submissions
 * service appear on the page within seconds (publicity folds submissions' events); every filter
 * of the GET form — 受理部门, 受理日期 from/to (a range that ends before it starts is said at its
 * field), 关键字 by a word of the item and by the start of a 申办流水号 — and 【重置】; paging
 * with 共 N 条; the applicant masked (no full name anywhere on the page); without JavaScript;
 * at phone width in 大字 mode.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { follow, overflow } from './support/catalog';
import { fieldError, PHONE } from './support/hall';
import { reloadUntil, shanghaiDay, startPublicityHall } from './support/publicity';

const hall = await startPublicityHall(t);
const DEVELOPMENT = '市发展改革委';
const EDUCATION = '市教委';
const shop = await hall.publishItem('cq', '个体工商户开业登记', DEVELOPMENT);
const fire = await hall.publishItem('cq', '建设工程消防验收备案', EDUCATION);
const citizen = await hall.citizen('张晓红');

/** The serials listed on the page, in order. */
const serials = (page: Page) => page.locator('table.announcements tbody th.serial').allInnerTexts();

let first = { id: '', serial: '' };

t.test('an application submitted shows on 办件公告 within seconds', async (t) => {
  first = await hall.apply('cq', citizen, fire);
  const page = await hall.newPage();
  const shown = await reloadUntil(hall, page, '/cq/announcements', async () =>
    (await serials(page)).includes(first.serial),
  );
  t.ok(shown, 'listed after the events arrived');
  const row = page.locator('table.announcements tbody tr', { hasText: first.serial });
  const cells = await row.locator('th, td').allInnerTexts();
  t.equal(cells[0], first.serial, '申办流水号');
  t.equal(cells[1], '建设工程消防验收备案', '事项名称');
  t.equal(cells[2], EDUCATION, '受理部门');
  t.match(cells[3], /^张\*+$/, '申请人, masked');
  t.match(cells[4], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, '提交时间');
  t.equal(cells[5], '—', 'not accepted yet');
  t.match(cells[6], /待预审/, '办理状态');
  t.notMatch(await page.locator('body').innerText(), '张晓红', 'no full name on the page');
  t.notMatch(await page.content(), '张晓红', 'nor in the HTML');
});

t.test('accepted and completed applications show their 受理日期 and outcome', async (t) => {
  await hall.staffAction('cq', first.id, 'prereview', { opinion: '材料齐全' });
  await hall.staffAction('cq', first.id, 'accept', { opinion: '予以受理' });
  const page = await hall.newPage();
  const row = page.locator('table.announcements tbody tr', { hasText: first.serial });
  t.ok(
    await reloadUntil(hall, page, '/cq/announcements', async () =>
      /已受理/.test(await row.innerText().catch(() => '')),
    ),
  );
  t.equal(await row.locator('td[data-label="受理日期"]').innerText(), shanghaiDay());
});

// Enough applications for two pages (20 a page): the shop item, under another department.
const bulk: string[] = [];
t.test('more applications for paging and filters', async (t) => {
  for (let i = 0; i < 21; i++) bulk.push((await hall.apply('cq', citizen, shop)).serial);
  const page = await hall.newPage();
  t.ok(
    await reloadUntil(hall, page, '/cq/announcements', async () =>
      /共 22 条/.test(await page.locator('.total').innerText()),
    ),
    'all 22 listed',
  );
});

t.test('paging: 20 a page, 共 N 条, newest first', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/announcements');
  const one = await serials(page);
  t.equal(one.length, 20);
  t.equal(one[0], bulk.at(-1), 'the newest submission first');
  await follow(page, () => page.getByRole('link', { name: '下一页' }).click());
  t.equal(new URL(page.url()).searchParams.get('page'), '2');
  const two = await serials(page);
  t.same(two.length, 2);
  t.equal(two.at(-1), first.serial, 'the oldest last');
  t.equal(new Set([...one, ...two]).size, 22, 'no row twice');
});

t.test('受理部门: the select lists the departments and filters', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/announcements');
  const options = await page.locator('#f-department option').allInnerTexts();
  t.equal(options[0], '全部部门');
  t.same(options.slice(1).sort(), [DEVELOPMENT, EDUCATION].sort(), 'the departments applied to');
  await page.locator('#f-department').selectOption({ label: EDUCATION });
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  t.same(await serials(page), [first.serial]);
  t.match(await page.locator('.total').innerText(), /共 1 条/);
  t.equal(await page.locator('#f-department option:checked').innerText(), EDUCATION, 'kept');
  // 【重置】 clears every filter.
  await follow(page, () => page.getByRole('link', { name: '重置' }).click());
  t.equal(new URL(page.url()).search, '');
  t.match(await page.locator('.total').innerText(), /共 22 条/);
});

t.test('受理日期: from/to, and a range that ends before it starts', async (t) => {
  const page = await hall.newPage();
  const today = shanghaiDay();
  await hall.goto(page, '/cq/announcements');
  await page.locator('#f-from').fill(today);
  await page.locator('#f-to').fill(today);
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  t.same(await serials(page), [first.serial], 'only the accepted one has a 受理日期 today');

  await hall.goto(page, `/cq/announcements?from=${shanghaiDay(1)}`);
  t.equal((await serials(page)).length, 0, 'nothing accepted from tomorrow');
  t.match(await page.locator('.empty').innerText(), /没有找到符合条件的办件/);

  await hall.goto(page, '/cq/announcements');
  await page.locator('#f-from').fill(today);
  await page.locator('#f-to').fill(shanghaiDay(-1));
  // The error summary takes the focus, so the navigation is waited for through it.
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'alert');
  t.match(await page.getByRole('alert').innerText(), /筛选条件有误/);
  t.match(await fieldError(page, 'to'), /结束日期不能早于开始日期/);
  t.equal(await fieldError(page, 'from'), null);
  t.equal(await page.locator('#f-to').inputValue(), shanghaiDay(-1), 'kept as chosen');
  t.equal(await page.locator('table.announcements').count(), 0, 'no list under a wrong filter');

  await hall.goto(page, '/cq/announcements?from=2026-02-30');
  t.match(await fieldError(page, 'from'), /正确的日期/, 'a day that does not exist');
});

t.test('关键字: a word of the item, or the start of a 申办流水号', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/announcements');
  await page.getByLabel('关键字').fill('消防');
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  t.same(await serials(page), [first.serial], 'by a word of 事项名称');

  await hall.goto(page, `/cq/announcements?q=${bulk[3]}`);
  t.same(await serials(page), [bulk[3]], 'a whole serial');
  const prefix = bulk[3]!.slice(0, 8);
  await hall.goto(page, `/cq/announcements?q=${prefix}`);
  t.match(await page.locator('.total').innerText(), /共 22 条/, 'a prefix all serials share');
  await hall.goto(page, `/cq/announcements?q=${encodeURIComponent('不存在的事项')}`);
  t.equal((await serials(page)).length, 0);
});

t.test('a page beyond the first 10,000 rows is refused with a word, not a crash', async (t) => {
  const page = await hall.newPage();
  const res = await page.goto(`${hall.url}/cq/announcements?page=600`);
  t.equal(res?.status(), 200);
  t.match(await page.getByRole('alert').innerText(), /仅可查看前10000条/);
});

t.test('without JavaScript: the filters work as a plain GET form', async (t) => {
  const page = await hall.newPage({ javaScriptEnabled: false });
  await hall.goto(page, '/cq/announcements');
  await page.locator('#f-department').selectOption({ label: DEVELOPMENT });
  await page.getByLabel('关键字').fill('个体工商户');
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: '查询' }).click(),
  ]);
  const url = new URL(page.url());
  t.equal(url.searchParams.get('q'), '个体工商户');
  t.match(await page.locator('.total').innerText(), /共 21 条/);
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('link', { name: '下一页' }).click(),
  ]);
  t.equal((await serials(page)).length, 1, 'page 2 keeps the filters');
});

t.test('phone width in 大字 mode: readable blocks, nothing scrolls sideways', async (t) => {
  const page = await hall.newPage({ viewport: PHONE });
  await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
  await hall.goto(page, '/cq/announcements');
  t.equal(await overflow(page), 0);
  const cell = page
    .locator('table.announcements tbody tr')
    .first()
    .locator('td[data-label="事项名称"]');
  const label = await cell.evaluate((el) => getComputedStyle(el, '::before').content);
  t.match(label, /事项名称/, 'each cell says which column it is');
  t.ok((await cell.boundingBox())!.width > 250, 'a cell takes the width of the phone');
});
