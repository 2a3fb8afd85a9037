/**
 * 办件公示 (manual 6.4) in the browser against the real publicity service: entries an editor
 * published through the staff API are listed newest 公示期 first with 事项名称, 部门 and
 * 公示中 / 公示期满; 关键字 search; the detail with its summary; 【下载】 through the portal (the
 * name and bytes of the file) and 在线查看; an entry whose period has not begun is nowhere (list,
 * detail, file); without JavaScript; at phone width in 大字 mode.
 */
import { readFile } from 'node:fs/promises';
import t from 'tap';
import type { Page } from 'playwright-core';
import { pdfBytes } from './support/apply';
import { follow, overflow } from './support/catalog';
import { PHONE } from './support/hall';
import { shanghaiDay, startPublicityHall } from './support/publicity';

const hall = await startPublicityHall(t);
const development = await hall.departmentId('cq', '市发展改革委');
const education = await hall.departmentId('cq', '市教委');

const detailBytes = pdfBytes('公示详情');
const detailFile = await hall.upload('cq', '固定资产投资项目节能审查结果公示.pdf', detailBytes);
const open = await hall.entry('cq', {
  title: '关于重庆某某物流园项目节能审查意见的公示',
  itemName: '固定资产投资项目节能审查',
  departmentId: development,
  summary:
    '经审查，该项目节能报告符合要求，拟同意通过节能审查。\n公示期内如有异议，请与市发展改革委联系。',
  periodStart: shanghaiDay(-1),
  periodEnd: shanghaiDay(5),
  fileId: detailFile.id,
});
const ended = await hall.entry('cq', {
  title: '2026年第一批教师资格认定结果公示',
  itemName: '教师资格认定',
  departmentId: education,
  periodStart: shanghaiDay(-20),
  periodEnd: shanghaiDay(-10),
  fileId: (await hall.upload('cq', '教师资格认定名单.pdf', pdfBytes('名单'))).id,
});
const upcoming = await hall.entry('cq', {
  title: '尚未开始公示的审批结果',
  itemName: '企业投资项目核准',
  departmentId: development,
  periodStart: shanghaiDay(3),
  periodEnd: shanghaiDay(10),
  fileId: (await hall.upload('cq', '未开始.pdf', pdfBytes('upcoming'))).id,
});

const titles = (page: Page) => page.locator('table.entries tbody th.title a').allInnerTexts();

t.test('the list: entries whose period has begun, newest period first', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/look');
  await follow(page, () => page.getByRole('main').getByRole('link', { name: '办件公示' }).click());
  t.equal(new URL(page.url()).pathname, '/cq/publicity');
  t.same(await titles(page), [
    '关于重庆某某物流园项目节能审查意见的公示',
    '2026年第一批教师资格认定结果公示',
  ]);
  t.match(await page.locator('.total').innerText(), /共 2 条/);
  const rows = page.locator('table.entries tbody tr');
  const openRow = await rows.nth(0).innerText();
  t.match(openRow, '固定资产投资项目节能审查');
  t.match(openRow, '市发展改革委');
  t.match(openRow, `${shanghaiDay(-1)} 至 ${shanghaiDay(5)}`);
  t.match(openRow, '公示中');
  t.match(await rows.nth(1).innerText(), '公示期满');
  t.notMatch(
    await page.locator('main').innerText(),
    '尚未开始公示的审批结果',
    'upcoming not listed',
  );
  t.equal(
    await rows.nth(0).getByRole('link', { name: /下载/ }).getAttribute('href'),
    `/cq/publicity/${open.id}/file`,
  );
});

t.test('【下载】 from the list gives the file with its name and bytes', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/publicity');
  const link = page.locator('table.entries tbody tr').nth(0).getByRole('link', { name: /下载/ });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  t.equal(download.suggestedFilename(), '固定资产投资项目节能审查结果公示.pdf');
  t.same(new Uint8Array(await readFile(await download.path())), detailBytes);
});

t.test('关键字 search', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/publicity');
  await page.getByLabel('关键字').fill('教师资格');
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  t.same(await titles(page), ['2026年第一批教师资格认定结果公示']);
  await hall.goto(page, `/cq/publicity?q=${encodeURIComponent('节能')}`);
  t.same(await titles(page), ['关于重庆某某物流园项目节能审查意见的公示']);
  await hall.goto(page, `/cq/publicity?q=${encodeURIComponent('核准')}`);
  t.equal((await titles(page)).length, 0, 'the upcoming entry is not found either');
});

t.test('the detail: summary, 公示期, 【下载】 and 在线查看', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/publicity');
  await follow(page, () =>
    page
      .getByRole('link', { name: '关于重庆某某物流园项目节能审查意见的公示', exact: true })
      .click(),
  );
  t.equal(new URL(page.url()).pathname, `/cq/publicity/${open.id}`);
  const main = await page.locator('main').innerText();
  t.match(main, '经审查，该项目节能报告符合要求');
  t.match(main, /公示期\s*\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}\s*公示中/);
  t.match(main, '固定资产投资项目节能审查结果公示.pdf');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '【下载】' }).click(),
  ]);
  t.equal(download.suggestedFilename(), '固定资产投资项目节能审查结果公示.pdf');

  const view = await page.getByRole('link', { name: /在线查看/ }).getAttribute('href');
  t.equal(view, `/cq/publicity/${open.id}/file?view=1`);
  const res = await fetch(`${hall.url}${view}`);
  t.equal(res.status, 200);
  t.equal(res.headers.get('content-type'), 'application/pdf');
  t.match(res.headers.get('content-disposition'), /^inline;/);
  t.equal(res.headers.get('x-content-type-options'), 'nosniff');
  t.equal(res.headers.get('content-security-policy'), "default-src 'none'; sandbox");
  t.same(new Uint8Array(await res.arrayBuffer()), detailBytes);
});

t.test('an entry before its period, and another station’s, are 404', async (t) => {
  const page = await hall.newPage();
  for (const path of [`/cq/publicity/${upcoming.id}`, `/yuzhong/publicity/${open.id}`]) {
    const res = await page.goto(`${hall.url}${path}`);
    t.equal(res?.status(), 404, path);
    t.match(await page.locator('main').innerText(), /不存在或未到公示期/);
  }
  t.equal((await fetch(`${hall.url}/cq/publicity/${upcoming.id}/file`)).status, 404);
  t.equal((await fetch(`${hall.url}/yuzhong/publicity/${open.id}/file`)).status, 404);
  t.equal((await fetch(`${hall.url}/cq/publicity/${ended.id}/file`)).status, 200, 'ended: still');
});

t.test('without JavaScript, at phone width in 大字 mode', async (t) => {
  const page = await hall.newPage({ javaScriptEnabled: false, viewport: PHONE });
  await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
  await hall.goto(page, '/cq/publicity');
  t.equal(await overflow(page), 0, 'the list');
  await page.getByLabel('关键字').fill('节能');
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: '查询' }).click(),
  ]);
  t.same(await titles(page), ['关于重庆某某物流园项目节能审查意见的公示']);
  await Promise.all([
    page.waitForEvent('load'),
    page
      .getByRole('link', { name: '关于重庆某某物流园项目节能审查意见的公示', exact: true })
      .click(),
  ]);
  t.equal(await overflow(page), 0, 'the detail');
  t.match(await page.locator('h1').innerText(), '节能审查意见');
});
