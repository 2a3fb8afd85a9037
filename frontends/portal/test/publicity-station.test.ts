/**
 * The station's own frame and 站点切换 (manual part 7), and the home page's statistics: a profile
 * saved by the station's admin (publicity staff API) shows its name, banner and contact footer
 * on every page of that station (others keep the registry's name); 【站点切换】 → 部门 →
 * 市发展改革委 opens the department's items with the power types at the side, → 区 → 渝中区 opens
 * that district's whole hall; the home page's figures are the service's; with the publicity
 * service away the home page still renders and says so, and 我要看's pages say 服务暂时不可用.
 */
import t from 'tap';
import { follow, overflow } from './support/catalog';
import { PHONE, startPortal } from './support/hall';
import { reloadUntil, startPublicityHall } from './support/publicity';

const hall = await startPublicityHall(t);

// Saved before any page of yuzhong is shown, so the portal's short cache has nothing older.
const admin = await hall.staffToken('yuzhong', ['station_admin']);
const PROFILE = {
  displayName: '渝中区政务服务网上大厅',
  bannerTitle: '渝中区政务服务 一网通办',
  bannerSubtitle: '解放碑街道、朝天门街道等11个街道的事项均可在线申报',
  contact: {
    address: '重庆市渝中区人和街74号',
    phone: '023-63899999',
    hours: '工作日 9:00-12:00，13:30-17:30',
    email: 'zwfw@cqyz.gov.cn',
  },
};
await hall.publicityCall('PUT', '/admin/stations/yuzhong/profile', admin, PROFILE, {
  'if-match': '"0"',
});

t.test('a station’s profile: name, banner and contact footer on its pages', async (t) => {
  const page = await hall.newPage();
  for (const path of ['/yuzhong', '/yuzhong/notices', '/yuzhong/catalog']) {
    await hall.goto(page, path);
    t.match(await page.locator('header .title').innerText(), /渝中区政务服务网上大厅$/, path);
    t.notMatch(await page.locator('header .title').innerText(), /网上行政审批大厅/);
    t.equal(await page.locator('.banner-title').innerText(), PROFILE.bannerTitle, path);
    t.equal(await page.locator('.banner-subtitle').innerText(), PROFILE.bannerSubtitle);
    const footer = await page.locator('footer').innerText();
    t.match(footer, '渝中区政务服务网上大厅');
    t.match(footer, /地址\s*：?\s*重庆市渝中区人和街74号/);
    t.match(footer, /电话\s*：?\s*023-63899999/);
    t.match(footer, /办公时间\s*：?\s*工作日 9:00-12:00，13:30-17:30/);
    t.match(footer, /邮箱\s*：?\s*zwfw@cqyz.gov.cn/);
    t.notMatch(footer, /示例/, 'no placeholders');
  }
  t.equal(
    await page.getByRole('link', { name: '023-63899999' }).getAttribute('href'),
    'tel:02363899999',
  );
  await hall.goto(page, '/yuzhong');
  t.match(await page.locator('h1').innerText(), '欢迎访问渝中区政务服务网上大厅');

  // cq has said nothing: the registry's name, no banner, the placeholders.
  await hall.goto(page, '/cq');
  t.match(await page.locator('header .title').innerText(), /重庆市\s*网上行政审批大厅/);
  t.equal(await page.locator('.banner').count(), 0);
  t.match(await page.locator('footer').innerText(), /重庆市网上行政审批大厅/);
});

t.test('【站点切换】 → 部门 → 市发展改革委: its items by power type', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq');
  await follow(page, () => page.getByRole('link', { name: '【站点切换】' }).click());
  t.equal(new URL(page.url()).pathname, '/cq/stations');
  const departments = page.getByRole('region', { name: '部门' });
  await follow(page, () => departments.getByRole('link', { name: '市发展改革委' }).click());
  t.match(new URL(page.url()).pathname, /^\/cq\/departments\/[0-9a-f-]{36}$/);
  t.match(await page.locator('h1').innerText(), /市发展改革委/);
  const side = page.getByRole('navigation', { name: '行政权力类型' });
  t.ok(await side.isVisible(), 'the power types at the side');
  const permit = side.getByRole('link', { name: /行政许可/ });
  t.ok((await permit.count()) > 0, '行政许可 is there');
  await follow(page, () => permit.first().click());
  t.equal(new URL(page.url()).searchParams.get('powerType'), '01');
  t.match(await page.locator('.list-head h2').innerText(), '行政许可');
  t.ok(Number(await page.locator('.total strong').innerText()) > 0, 'its 许可 items listed');
});

t.test('【站点切换】 → 区 → 渝中区: the district’s whole hall', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq');
  await follow(page, () => page.getByRole('link', { name: '【站点切换】' }).click());
  const districts = page.getByRole('region', { name: '区', exact: true });
  await follow(page, () => districts.getByRole('link', { name: '渝中区' }).click());
  t.equal(new URL(page.url()).pathname, '/yuzhong');
  t.match(await page.locator('header .title').innerText(), '渝中区政务服务网上大厅');
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const label of [
    '个人办事',
    '单位办事',
    '权力清单',
    '我要问',
    '我要查',
    '我要看',
    '办件公告',
    '办件公示',
  ]) {
    t.match(
      (await nav.getByRole('link', { name: label, exact: true }).getAttribute('href')) ?? '',
      /^\/yuzhong\//,
      `${label} stays in 渝中区`,
    );
  }
  await follow(page, () => nav.getByRole('link', { name: '权力清单', exact: true }).click());
  t.match(await page.locator('h1').innerText(), '渝中区权力清单');
  t.ok(Number(await page.locator('.total strong').innerText()) > 0, '渝中区’s own items');
});

t.test('the home page’s statistics are the service’s', async (t) => {
  const item = await hall.publishItem('cq', '个体工商户开业登记');
  const citizen = await hall.citizen();
  const done = await hall.apply('cq', citizen, item);
  await hall.apply('cq', citizen, item);
  await hall.apply('cq', citizen, item);
  await hall.staffAction('cq', done.id, 'prereview', { opinion: '材料齐全' });
  await hall.staffAction('cq', done.id, 'accept', { opinion: '予以受理' });
  await hall.staffAction('cq', done.id, 'complete', { outcome: 'approved', opinion: '准予登记' });

  const page = await hall.newPage();
  const figure = (key: string) => page.locator(`[data-figure="${key}"] .value`).innerText();
  t.ok(
    await reloadUntil(hall, page, '/cq', async () => (await figure('completed-today')) === '1件'),
    'the completion has arrived',
  );
  const stats = await hall.publicityCall<{
    received: { today: number; month: number };
    completed: { today: number; month: number };
    onTime: { month: { rate: number | null } };
    satisfaction: { month: { satisfiedShare: number | null } };
    daily: Array<{ day: string; received: number; completed: number }>;
  }>('GET', '/stations/cq/statistics', null);
  t.equal(stats.received.today, 3);
  t.equal(await figure('received-today'), `${stats.received.today}件`);
  t.equal(await figure('received-month'), `${stats.received.month}件`);
  t.equal(await figure('completed-today'), `${stats.completed.today}件`);
  t.equal(await figure('completed-month'), `${stats.completed.month}件`);
  const rate = stats.onTime.month.rate;
  t.equal(await figure('on-time'), rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
  t.equal(stats.satisfaction.month.satisfiedShare, null, 'nobody has rated yet');
  t.equal(await figure('satisfaction'), '—', 'shown as —');

  // The chart's text alternative: every day of the 30 in a table.
  const chart = page.getByRole('img', { name: /近30天受理和办结件数/ });
  t.equal(await chart.count(), 1);
  await page.getByText('查看每日数据').click();
  const rows = page.locator('.chart table tbody tr');
  t.equal(await rows.count(), stats.daily.length);
  const today = stats.daily.at(-1)!;
  t.same(await rows.last().locator('th, td').allInnerTexts(), [
    today.day,
    String(today.received),
    String(today.completed),
  ]);
});

t.test('phone width in 大字 mode: the frame with a banner, the home page', async (t) => {
  const page = await hall.newPage({ viewport: PHONE });
  await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
  for (const path of ['/yuzhong', '/cq', '/cq/look', '/cq/stations']) {
    await hall.goto(page, path);
    t.equal(await overflow(page), 0, path);
  }
});

t.test('the publicity service away: the home page renders and says so', async (t) => {
  const portal = await startPortal(t, {
    IDENTITY_URL: hall.identityUrl,
    CATALOG_URL: hall.catalogUrl,
    // Nothing listens there.
    PUBLICITY_URL: 'http://127.0.0.1:9',
  });
  const page = await hall.newPage();
  const home = await page.goto(`${portal.url}/yuzhong`);
  t.equal(home?.status(), 200);
  t.match(
    await page.locator('header .title').innerText(),
    /渝中区\s*网上行政审批大厅/,
    'registry name',
  );
  t.equal(await page.locator('.banner').count(), 0);
  t.match(await page.getByRole('region', { name: '通知公告' }).innerText(), /服务暂时不可用/);
  t.match(await page.getByRole('region', { name: '办件统计' }).innerText(), /服务暂时不可用/);
  t.ok(await page.getByRole('region', { name: '办事服务' }).isVisible(), 'the rest is there');
  for (const path of ['/yuzhong/notices', '/yuzhong/announcements', '/yuzhong/publicity']) {
    const res = await page.goto(`${portal.url}${path}`);
    t.equal(res?.status(), 503, path);
    t.match(await page.locator('main').innerText(), /服务暂时不可用/, path);
  }
});
