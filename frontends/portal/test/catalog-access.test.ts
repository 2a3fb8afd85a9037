/**
 * The catalog's pages for everyone: at phone width (375 px) nothing scrolls sideways, in 大字 /
 * 高对比 too; the filter forms and 展开 work by keyboard alone and without JavaScript; headings,
 * landmarks and tables are what a screen reader expects; no console errors under the CSP.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { newPerson } from './support/data';
import { follow, listedNames, overflow, startCatalogHall } from './support/catalog';
import { PHONE, signIn } from './support/hall';

const hall = await startCatalogHall(t);
const person = newPerson();
await hall.createPerson(person);

const education = await hall.departmentId('cq', '市教委');
const development = await hall.departmentId('cq', '市发展改革委');
const teacher = await hall.itemId('cq', '高级中学教师资格认定');
const passenger = await hall.itemId('cq', '道路旅客运输经营许可');
const pages = [
  '/cq/personal',
  `/cq/personal?department=${education}`,
  '/cq/business?by=type',
  '/cq/business?by=type&powerType=01',
  '/cq/catalog',
  `/cq/catalog?department=${education}&q=%E6%95%99%E5%B8%88`,
  '/cq/catalog?by=type&powerType=01&online=1',
  `/cq/departments/${development}`,
  `/cq/items/${passenger}`,
  `/cq/items/${teacher}`,
  `/cq/items/${teacher}/apply`,
  '/cq/stations',
];

async function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.activeElement?.id);
}

t.test('at 375px wide no catalog page scrolls sideways, in 大字 / 高对比 too', async (t) => {
  for (const elder of [false, true]) {
    const page = await hall.newPage({ viewport: PHONE });
    if (elder) await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
    await signIn(hall, page, person.username, person.password);
    for (const path of pages) {
      await hall.goto(page, path);
      t.equal(await overflow(page), 0, `${path} fits${elder ? ' in elder mode' : ''}`);
    }
    if (elder) {
      t.equal(await page.locator('html').getAttribute('class'), 'elder');
      const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
      t.ok(size >= 20, `base text is ${size}px`);
    }
  }
  // And at desktop width in elder mode (bigger text, same window).
  const page = await hall.newPage();
  await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
  for (const path of pages.filter((p) => !p.endsWith('/apply'))) {
    await hall.goto(page, path);
    t.equal(await overflow(page), 0, `${path} fits at desktop width in elder mode`);
  }
});

t.test(
  'at phone width the list comes first and the side navigation is one link away',
  async (t) => {
    const page = await hall.newPage({ viewport: PHONE });
    await hall.goto(page, `/cq/personal?department=${education}`);
    const list = await page.locator('.browse-content').boundingBox();
    const side = await page.locator('.browse-side').boundingBox();
    t.ok(list && side && list.y < side.y, 'items above the departments');
    await page.getByRole('link', { name: '切换部门' }).click();
    t.equal(new URL(page.url()).hash, '#side');
    // On a wide screen the navigation is on the left.
    const wide = await hall.newPage();
    await hall.goto(wide, `/cq/personal?department=${education}`);
    const l = await wide.locator('.browse-content').boundingBox();
    const s = await wide.locator('.browse-side').boundingBox();
    t.ok(l && s && s.x < l.x && Math.abs(s.y - l.y) < 5, 'side by side, navigation left');
    t.equal(await wide.getByRole('link', { name: '切换部门' }).isVisible(), false);
  },
);

t.test('the 权力清单 filter form works by keyboard alone', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/catalog');
  // From the skip link into the content, then Tab through the form.
  await page.keyboard.press('Tab');
  t.equal(await page.locator(':focus').innerText(), '跳到主要内容');
  await page.keyboard.press('Enter');
  const order: string[] = [];
  for (let i = 0; i < 12 && order.at(-1) !== '查询'; i++) {
    await page.keyboard.press('Tab');
    order.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.id || el?.innerText.trim() || '';
      }),
    );
  }
  t.same(order.slice(-5), ['f-online', 'f-powerType', 'f-department', 'f-q', '查询']);
  // Fill it in by keyboard: tick, choose 行政许可, type, submit.
  await page.locator('#f-online').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  t.equal(await page.locator('#f-powerType').inputValue(), '01', 'ArrowDown chose 行政许可');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('道路');
  await page.keyboard.press('Tab');
  await follow(page, () => page.keyboard.press('Enter'));
  await page.waitForURL(/q=/);
  const url = new URL(page.url());
  t.equal(url.searchParams.get('online'), '1');
  t.equal(url.searchParams.get('powerType'), '01');
  t.equal(url.searchParams.get('q'), '道路');
  const names = await listedNames(page);
  t.ok(names.length > 0 && names.every((n) => n.includes('道路')), names.join('、'));

  // A side-navigation link and 展开 by keyboard.
  await hall.goto(page, `/cq/catalog?department=${education}`);
  const summary = page.locator('.sub-items summary').first();
  await summary.focus();
  await page.keyboard.press('Enter');
  t.equal(await page.locator('.sub-items').first().getAttribute('open'), '', 'Enter opens 展开');
  await page.keyboard.press('Space');
  t.equal(await page.locator('.sub-items').first().getAttribute('open'), null, 'Space closes');
  const link = page
    .getByRole('navigation', { name: '按部门' })
    .getByRole('link', { name: /^市公安局/ });
  await link.focus();
  await follow(page, () => page.keyboard.press('Enter'));
  await page.waitForURL((u) => u.searchParams.get('department') !== education);
  t.match(await page.getByRole('heading', { level: 2 }).first().innerText(), '市公安局');
});

t.test('the 个人办事 search works by keyboard alone', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/personal');
  await page.locator('#f-q').focus();
  await page.keyboard.type('教师');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  t.equal(await page.getByLabel('仅显示可以在线申报事项').isChecked(), true);
  await page.keyboard.press('Tab');
  t.equal(await page.locator(':focus').innerText(), '查询');
  await follow(page, () => page.keyboard.press('Enter'));
  await page.waitForURL(/q=/);
  t.ok((await listedNames(page)).includes('中等及中等以上学校教师资格认定'));
  // Enter in the search box submits too.
  await page.locator('#f-q').fill('交通运输事项');
  await follow(page, () => page.locator('#f-q').press('Enter'));
  await page.waitForURL(/%E4%BA%A4/);
  t.ok((await focusedId(page)) !== undefined);
});

t.test('without JavaScript the filters, search, paging and 展开 all work', async (t) => {
  const page = await hall.newPage({ javaScriptEnabled: false });
  await hall.goto(page, '/cq/catalog');
  await page.getByLabel('关键字').fill('教师');
  await page.getByLabel('仅显示可以在线申报事项').check();
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  await page.waitForURL(/q=/);
  const url = new URL(page.url());
  t.equal(url.searchParams.get('q'), '教师');
  t.equal(url.searchParams.get('online'), '1');
  t.ok((await listedNames(page)).includes('中等及中等以上学校教师资格认定'));
  const row = page.locator('.catalog-table tbody > tr', {
    hasText: '中等及中等以上学校教师资格认定',
  });
  t.equal(await row.locator('.sub-items ul').isVisible(), true, 'open after a keyword search');
  await row.locator('summary').click();
  t.equal(await row.locator('.sub-items ul').isVisible(), false, '收起 without scripts');
  await row.locator('summary').click();
  t.equal(await row.locator('.sub-items ul').isVisible(), true, '展开 without scripts');

  await hall.goto(page, '/cq/catalog');
  await page.getByLabel('选择类别').selectOption('01');
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  await page.waitForURL(/powerType=01/);
  await page
    .getByRole('navigation', { name: '分页' })
    .getByRole('link', { name: '下一页' })
    .click();
  await page.waitForURL(/page=2/);
  t.equal(new URL(page.url()).searchParams.get('powerType'), '01', 'paging keeps the filter');

  await hall.goto(page, '/cq/personal');
  await follow(page, () => page.locator('.choice-grid a', { hasText: '市教委' }).click());
  await page.waitForURL(/department=/);
  await page.getByLabel('输入关键字查询').fill('普通话');
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  await page.waitForURL(/q=/);
  t.same(await listedNames(page), ['普通话水平测试等级证书核发']);
});

t.test('headings, landmarks and table semantics', async (t) => {
  const page = await hall.newPage();
  for (const path of pages.filter((p) => !p.endsWith('/apply'))) {
    await hall.goto(page, path);
    t.equal(await page.locator('h1').count(), 1, `${path}: one h1`);
    t.equal(await page.getByRole('main').count(), 1, `${path}: one main`);
    // Headings never skip a level.
    const levels = await page
      .locator('main h1, main h2, main h3')
      .evaluateAll((hs) => hs.map((h) => Number(h.tagName.slice(1))));
    t.ok(
      levels.every((l, i) => i === 0 || l <= levels[i - 1]! + 1),
      `${path}: heading levels ${levels.join(',')}`,
    );
  }
  await hall.goto(page, '/cq/catalog');
  t.equal(
    await page.getByRole('search', { name: '筛选事项' }).count(),
    1,
    'the filters are a search landmark',
  );
  t.equal(await page.getByRole('navigation', { name: '按部门' }).count(), 1);
  t.equal(await page.getByRole('navigation', { name: '分页' }).count(), 1);
  const table = page.getByRole('table');
  t.match(await table.locator('caption').innerText(), /共\d+项/);
  t.equal(await table.getByRole('columnheader').count(), 6);
  t.equal(await table.getByRole('rowheader').count(), 20, 'each item names its row');
  await hall.goto(page, `/cq/items/${passenger}`);
  t.equal(await page.getByRole('navigation', { name: '当前位置' }).count(), 1);
  t.equal(await page.getByRole('article').count(), 1);
  t.match(await page.getByRole('table').locator('caption').innerText(), '申请材料');
});

t.test('no console errors on the catalog pages under the content security policy', async (t) => {
  const page = await hall.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await signIn(hall, page, person.username, person.password);
  for (const path of pages) await hall.goto(page, path);
  // Client-side navigation between them too.
  await hall.goto(page, '/cq/catalog');
  await page
    .getByRole('navigation', { name: '按部门' })
    .getByRole('link', { name: /^市教委/ })
    .click();
  await page.waitForURL(/department=/);
  await follow(page, () => page.locator('.catalog-table tbody th.name > a').first().click());
  await page.waitForURL(/\/cq\/items\//);
  await page.getByRole('heading', { level: 1 }).waitFor();
  t.same(problems, []);
});
