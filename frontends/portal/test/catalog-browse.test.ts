/**
 * Browsing the catalog (manual 2.1, 6.2, 7.1) through the built portal against real identity and
 * catalog services with the demo catalog: 个人办事 / 单位办事 by department and by type with
 * counts, 仅显示可以在线申报事项 and keyword search, 权力清单 with its filters, paging and 展开,
 * the department station page and 站点切换's 部门 group.
 */
import t from 'tap';
import { countOf, follow, listedNames, listTotal, startCatalogHall } from './support/catalog';

const hall = await startCatalogHall(t);

t.test('the main navigation opens 个人办事, 单位办事 and 权力清单', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq');
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const [label, path, heading] of [
    ['个人办事', '/cq/personal', '个人办事'],
    ['单位办事', '/cq/business', '单位办事'],
    ['权力清单', '/cq/catalog', '重庆市权力清单'],
  ] as const) {
    await follow(page, () => nav.getByRole('link', { name: label }).click());
    await page.waitForURL(`${hall.url}${path}`);
    t.equal(await nav.getByRole('link', { name: label }).getAttribute('aria-current'), 'page');
    t.equal(await page.getByRole('heading', { level: 1 }).innerText(), heading);
  }
});

t.test('个人办事 → 按部门 → 市教委 lists its items, as many as its count says', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/personal');
  t.equal(await page.getByRole('heading', { level: 2, name: '选择部门' }).count(), 1);
  const education = page.locator('.choice-grid a', { hasText: '市教委' });
  const count = await countOf(education);
  t.ok(count > 0, `市教委 has ${count} items for 自然人`);
  await follow(page, () => education.click());
  await page.waitForURL(/\/cq\/personal\?department=/);
  t.equal(await page.getByRole('heading', { level: 2, name: '市教委的事项' }).count(), 1);
  t.equal(await listTotal(page), count, 'the list holds as many items as the count said');
  const names = await listedNames(page);
  t.equal(names.length, count);
  t.ok(names.includes('中等及中等以上学校教师资格认定'), 'teacher qualification is there');
  t.notOk(names.includes('中外合作办学机构设立'), 'an item for 法人 only is not in 个人办事');
  const side = page.getByRole('navigation', { name: '按部门' });
  t.match(await side.locator('[aria-current="page"]').innerText(), /市教委/, 'marked in the side');
  // Another department from the side navigation.
  const transport = side.getByRole('link', { name: /市交通运输委/ });
  const transportCount = await countOf(transport);
  await follow(page, () => transport.click());
  await page.waitForURL((u) => u.searchParams.get('department') !== null);
  await page.getByRole('heading', { level: 2, name: '市交通运输委的事项' }).waitFor();
  t.equal(await listTotal(page), transportCount);
});

t.test('单位办事 lists the items for 法人: 中外合作办学机构设立, not 教师资格认定', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/business');
  await follow(page, () => page.locator('.choice-grid a', { hasText: '市教委' }).click());
  await page.waitForURL(/\/cq\/business\?department=/);
  const names = await listedNames(page);
  t.ok(names.includes('中外合作办学机构设立'));
  t.ok(names.includes('民办学校设立'), 'for both: in both');
  t.notOk(names.includes('中等及中等以上学校教师资格认定'));
});

t.test('仅显示可以在线申报事项 keeps only what can be applied for online', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/personal');
  await follow(page, () => page.locator('.choice-grid a', { hasText: '市民政局' }).click());
  await page.waitForURL(/department=/);
  const all = await listTotal(page);
  const offline = await page.locator('.item-list > li .tag', { hasText: '窗口办理' }).count();
  t.ok(offline > 0, `${offline} of ${all} items of 市民政局 are handled at the window only`);
  await page.getByLabel('仅显示可以在线申报事项').check();
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  await page.waitForURL(/online=1/);
  t.equal(await listTotal(page), all - offline, 'the window-only ones are gone');
  const rows = page.locator('.item-list > li');
  for (let i = 0; i < (await rows.count()); i++) {
    t.ok(
      (await rows
        .nth(i)
        .getByRole('link', { name: /^在线申报/ })
        .count()) > 0,
      `row ${i + 1} can be applied for online`,
    );
  }
  t.equal(await page.getByLabel('仅显示可以在线申报事项').isChecked(), true, 'it stays ticked');
  t.match(await page.locator('.total').innerText(), /可在线申报/);
});

t.test(
  '输入关键字查询: 教师 finds 教师资格认定; 交通运输事项 finds 道路旅客运输经营许可',
  async (t) => {
    const page = await hall.newPage();
    await hall.goto(page, '/cq/personal');
    await page.getByLabel('输入关键字查询').fill('教师');
    await follow(page, () => page.getByRole('button', { name: '查询' }).click());
    await page.waitForURL(/q=/);
    t.ok((await listedNames(page)).includes('中等及中等以上学校教师资格认定'));
    t.equal(await page.getByRole('heading', { level: 2, name: '查询结果' }).count(), 1);

    await hall.goto(page, '/cq/business');
    await page.getByLabel('输入关键字查询').fill('交通运输事项');
    await follow(page, () => page.getByRole('button', { name: '查询' }).click());
    await page.waitForURL(/q=/);
    const names = await listedNames(page);
    t.ok(names.includes('道路旅客运输经营许可'), `found: ${names.join('、')}`);
    t.notOk(names.includes('民办学校设立'), 'and not everything');
    t.equal(
      await page.getByLabel('输入关键字查询').inputValue(),
      '交通运输事项',
      'the keyword stays',
    );

    // Within a department: the search keeps it.
    await hall.goto(page, '/cq/business');
    await follow(page, () => page.locator('.choice-grid a', { hasText: '市教委' }).click());
    await page.waitForURL(/department=/);
    await page.getByLabel('输入关键字查询').fill('民办');
    await follow(page, () => page.getByRole('button', { name: '查询' }).click());
    await page.waitForURL(/q=/);
    t.ok(new URL(page.url()).searchParams.get('department'), 'still in the department');
    t.same(await listedNames(page), ['民办学校设立']);
  },
);

t.test('按类别 groups the items by power type with counts', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/business');
  await follow(page, () => page.getByRole('link', { name: '按类别' }).click());
  await page.waitForURL(/by=type/);
  t.equal(await page.getByRole('heading', { level: 2, name: '选择事项类别' }).count(), 1);
  const licence = page.locator('.choice-grid a', { hasText: '行政许可' });
  const count = await countOf(licence);
  t.ok(count > 0);
  await follow(page, () => licence.click());
  await page.waitForURL(/powerType=01/);
  t.equal(await page.getByRole('heading', { level: 2, name: '行政许可的事项' }).count(), 1);
  t.equal(await listTotal(page), count);
});

t.test('权力清单: the total, paging, 按部门 and 按类别 with their counts', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/catalog');
  const everything = await listTotal(page);
  t.ok(everything > 40, `${everything} items in the municipality's list`);
  t.equal(await page.locator('.catalog-table tbody > tr').count(), 20, 'first page of 20');
  const side = page.getByRole('navigation', { name: '按部门' });
  t.equal(await countOf(side.getByRole('link', { name: /^全部部门/ })), everything);

  const pager = page.getByRole('navigation', { name: '分页' });
  await follow(page, () => pager.getByRole('link', { name: '下一页' }).click());
  await page.waitForURL(/page=2/);
  t.equal(await pager.locator('[aria-current="page"]').textContent(), '第2页');
  const second = await listedNames(page);
  t.equal(second.length, 20);
  const last = Math.ceil(everything / 20);
  await follow(page, () =>
    pager.getByRole('link', { name: new RegExp(`^第\\s*${last}\\s*页$`) }).click(),
  );
  await page.waitForURL(new RegExp(`page=${last}`));
  t.equal((await listedNames(page)).length, everything - (last - 1) * 20, 'the last page');
  t.equal(await pager.getByRole('link', { name: '下一页' }).count(), 0);

  // 按部门 → 市教委.
  await hall.goto(page, '/cq/catalog');
  const education = side.getByRole('link', { name: /^市教委/ });
  const count = await countOf(education);
  await follow(page, () => education.click());
  await page.waitForURL(/department=/);
  t.equal(await listTotal(page), count);
  t.equal(
    await page.getByLabel('选择部门').inputValue(),
    new URL(page.url()).searchParams.get('department'),
    '选择部门 shows the chosen department',
  );
  t.equal(await page.getByRole('heading', { level: 2 }).first().innerText(), '市教委');

  // 按类别 → 行政许可, then 选择部门 and 关键字 in the filter form.
  await follow(page, () => page.getByRole('link', { name: '按类别' }).click());
  await page.waitForURL(/by=type/);
  const types = page.getByRole('navigation', { name: '按类别' });
  const licence = types.getByRole('link', { name: /^行政许可/ });
  const licences = await countOf(licence);
  await follow(page, () => licence.click());
  await page.waitForURL(/powerType=01/);
  t.ok(licences > 0 && licences < everything);
  // The department stays chosen: 市教委's licences.
  t.ok((await listedNames(page)).includes('中等及中等以上学校教师资格认定'), '市教委 · 行政许可');
  const transport = await hall.departmentId('cq', '市交通运输委');
  await page.getByLabel('选择部门').selectOption(transport);
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  await page.waitForURL((u) => u.searchParams.get('department') === transport);
  const names = await listedNames(page);
  t.ok(names.includes('道路旅客运输经营许可'));
  t.notOk(names.includes('中等及中等以上学校教师资格认定'));
  t.equal(await page.getByLabel('选择类别').inputValue(), '01', '选择类别 kept 行政许可');
  await page.getByLabel('关键字').fill('货物');
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  await page.waitForURL(/q=/);
  const goods = await listedNames(page);
  t.ok(goods.includes('道路货物运输经营许可'), `货物: ${goods.join('、')}`);
  t.notOk(goods.includes('道路旅客运输经营许可'));
  await follow(page, () => page.getByRole('link', { name: '清除条件' }).click());
  await page.waitForURL((u) => !u.search.includes('q='));
  t.equal(await listTotal(page), everything, 'back to everything');
});

t.test('权力清单: 展开 shows a parent item’s sub-items', async (t) => {
  const page = await hall.newPage();
  const education = await hall.departmentId('cq', '市教委');
  await hall.goto(page, `/cq/catalog?department=${education}`);
  const row = page.locator('.catalog-table tbody > tr', {
    hasText: '中等及中等以上学校教师资格认定',
  });
  const subList = row.locator('.sub-items ul');
  t.equal(await subList.isVisible(), false, 'sub-items start folded');
  t.match(await row.locator('summary').innerText(), /^展开[\s\S]*（3个子事项）$/);
  await row.locator('summary').click();
  t.equal(await subList.isVisible(), true, '展开 shows them');
  t.same(await subList.locator('li > a:first-child').allInnerTexts(), [
    '高级中学教师资格认定',
    '中等职业学校教师资格认定',
    '中等职业学校实习指导教师资格认定',
  ]);
  t.match(await row.locator('summary').innerText(), /收起/);
  t.equal(await row.getByRole('link', { name: /^在线申报\s*：高级中学教师资格认定$/ }).count(), 1);
  // A parent is applied for through its sub-items.
  t.match(await row.locator('td.apply').innerText(), /按子事项申报/);
  await follow(page, () =>
    subList.getByRole('link', { name: '高级中学教师资格认定', exact: true }).click(),
  );
  await page.waitForURL(/\/cq\/items\//);
  t.equal(await page.getByRole('heading', { level: 1 }).innerText(), '高级中学教师资格认定');
});

t.test('部门站点: 站点切换 → 部门 → 市发展改革委, then 行政许可 on the left', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq');
  await follow(page, () => page.getByRole('link', { name: '【站点切换】' }).first().click());
  await page.waitForURL(/\/cq\/stations/);
  const departments = page.locator('main section').first();
  t.equal(await departments.getByRole('heading', { level: 2 }).innerText(), '部门');
  t.ok((await departments.getByRole('link').count()) > 30, 'every 市级 department');
  await follow(page, () => departments.getByRole('link', { name: '市发展改革委' }).click());
  await page.waitForURL(/\/cq\/departments\//);
  t.match(await page.getByRole('heading', { level: 1 }).innerText(), /^市发展改革委/);
  const types = page.getByRole('navigation', { name: '行政权力类型' });
  const all = await countOf(types.getByRole('link', { name: /^全部事项/ }));
  t.equal(await listTotal(page), all);
  const licence = types.getByRole('link', { name: /^行政许可/ });
  const licences = await countOf(licence);
  t.ok(licences > 0 && licences < all, `${licences} of ${all} are 行政许可`);
  await follow(page, () => licence.click());
  await page.waitForURL(/powerType=01/);
  t.equal(await licence.getAttribute('aria-current'), 'page');
  t.equal(await listTotal(page), licences);
  t.equal(await page.getByRole('heading', { level: 2, name: '行政许可' }).count(), 1);
  t.ok((await listedNames(page)).includes('企业投资项目核准'));
  t.notOk((await listedNames(page)).includes('企业投资项目备案'), 'not 其他行政权力');

  // The 县区 switching is still there and keeps the section.
  await hall.goto(page, '/cq/stations?from=%2Fcatalog');
  await follow(page, () => page.getByRole('link', { name: '渝中区' }).click());
  await page.waitForURL(`${hall.url}/yuzhong/catalog`);
  t.equal(await page.getByRole('heading', { level: 1 }).innerText(), '渝中区权力清单');
  t.ok((await listTotal(page)) > 0, '渝中区 has its own items');
  // From a guide page the other station opens at its 权力清单 (the item is this station's).
  const guide = await hall.itemId('cq', '道路旅客运输经营许可');
  await hall.goto(page, `/cq/items/${guide}`);
  await page.getByRole('link', { name: '【站点切换】' }).first().click();
  await follow(page, () => page.getByRole('link', { name: '江北区' }).click());
  await page.waitForURL(`${hall.url}/jiangbei/catalog`);
});

t.test('a district lists its own departments and items', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/yuzhong/personal');
  const names = await page.locator('.choice-grid a > span:first-child').allInnerTexts();
  t.ok(names.length > 0);
  t.ok(
    names.every((n) => n.startsWith('渝中区')),
    `渝中区's departments: ${names.slice(0, 3).join('、')}…`,
  );
  await hall.goto(page, '/yuzhong/stations');
  const departments = page.locator('main section').first();
  t.ok((await departments.getByRole('link', { name: /^渝中区/ }).count()) > 10);
});
