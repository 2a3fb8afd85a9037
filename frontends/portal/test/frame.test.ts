/**
 * The hall's frame on every page: stations in the URL, 404 for unknown stations, the station
 * switcher, navigation without dead links, the elder-friendly mode, phone width.
 */
import t from 'tap';
import { newPerson } from './support/data';
import { OPERATOR, PHONE, signIn, startHall, startPortal } from './support/hall';

const hall = await startHall(t);

t.test('/ opens the municipality station, with its name in the header and footer', async (t) => {
  const page = await hall.newPage();
  await page.goto(hall.url);
  t.equal(new URL(page.url()).pathname, '/cq');
  t.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  t.match(await page.locator('header .title').innerText(), /重庆市\s*网上行政审批大厅/);
  t.match(await page.locator('footer').innerText(), /重庆市网上行政审批大厅/);
  t.match(await page.title(), /重庆市网上行政审批大厅/);
});

t.test('every section of the main navigation is a link, none marked 即将开通', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, `/cq`);
  const nav = page.getByRole('navigation', { name: '主导航' });
  t.equal(await nav.getByText('即将开通').count(), 0);
  for (const label of [
    '个人办事',
    '单位办事',
    '权力清单',
    '我要问',
    '我要查',
    '进度查询',
    '我要看',
    '办件公告',
    '办件公示',
  ]) {
    t.equal(await nav.getByRole('link', { name: label }).count(), 1, `${label} is a link`);
  }
  t.equal(await nav.getByRole('link', { name: '首页' }).count(), 1);
});

t.test('an unknown station gets a 404 page in Chinese within the frame', async (t) => {
  const page = await hall.newPage();
  const response = await page.goto(`${hall.url}/nowhere/space/profile`);
  t.equal(response?.status(), 404);
  t.match(await page.getByRole('heading', { level: 1 }).innerText(), '您访问的页面不存在');
  t.match(await page.locator('main').innerText(), /站点“nowhere”不存在或已停用/);
  t.match(await page.locator('header').innerText(), /站点切换/, 'the frame is there');
  await page.getByRole('link', { name: '返回重庆市首页' }).click();
  await page.waitForURL(`${hall.url}/cq`);

  const unknownPage = await page.goto(`${hall.url}/cq/no-such-page`);
  t.equal(unknownPage?.status(), 404);
  t.match(await page.getByRole('heading', { level: 1 }).innerText(), '您访问的页面不存在');
});

t.test('a disabled station answers 404 too', async (t) => {
  const { accessToken } = (await (
    await fetch(`${hall.identityUrl}/staff/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OPERATOR),
    })
  ).json()) as { accessToken: string };
  const res = await fetch(`${hall.identityUrl}/stations/wansheng`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ enabled: false }),
  });
  t.equal(res.status, 200);
  // The portal caches the station list for 30 s; a fresh portal process shows the change at once.
  const portal = await startPortal(t, { IDENTITY_URL: hall.identityUrl });
  const page = await hall.newPage();
  t.equal((await page.goto(`${portal.url}/wansheng`))?.status(), 404);
  t.equal((await page.goto(`${portal.url}/yuzhong`))?.status(), 200);
  // Started with identity alone, it said once which pages answer 503 and why.
  for (const variable of [
    'CATALOG_URL',
    'MATERIALS_URL',
    'SUBMISSIONS_URL',
    'LETTERS_URL',
    'ASSISTANT_URL',
    'PUBLICITY_URL',
  ])
    t.match(portal.output(), `portal: ${variable} is not set:`, `${variable} is reported`);
});

t.test('站点切换 lists every station by kind and keeps the section', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, `/cq/register/person`);
  await page.getByRole('link', { name: '【站点切换】' }).click();
  await page.waitForURL(/\/cq\/stations\?from=/);
  const headings = await page.locator('main h2').allInnerTexts();
  // 部门 first (manual 7.1); this hall runs without the catalog, so it says it cannot list them.
  t.same(headings, ['部门', '市级', '区', '县', '自治县', '特区']);
  t.match(await page.locator('main section').nth(0).innerText(), /部门列表暂时无法获取/);
  t.equal(await page.locator('main section').nth(2).getByRole('link').count(), 26, '26 districts');
  await page.getByRole('link', { name: '渝中区' }).click();
  await page.waitForURL(`${hall.url}/yuzhong/register/person`);
  t.match(await page.locator('header .title').innerText(), /渝中区/);
});

t.test(
  'elder mode (大字 / 高对比) is a form post that persists across pages, without JavaScript too',
  async (t) => {
    for (const javaScriptEnabled of [true, false]) {
      const page = await hall.newPage({ javaScriptEnabled });
      await hall.goto(page, `/cq/register`);
      const baseSize = await page
        .evaluate(() => getComputedStyle(document.body).fontSize)
        .catch(() => null);
      const toggle = page.getByRole('button', { name: /大字 \/ 高对比/ });
      t.equal(await toggle.getAttribute('aria-pressed'), 'false');
      await Promise.all([page.waitForLoadState('load'), toggle.click()]);
      await page.waitForURL(`${hall.url}/cq/register`);
      t.equal(
        await page.locator('html').getAttribute('class'),
        'elder',
        `on (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`,
      );
      t.equal(
        await page.getByRole('button', { name: /大字 \/ 高对比/ }).getAttribute('aria-pressed'),
        'true',
      );
      await page
        .getByRole('navigation', { name: '账号' })
        .getByRole('link', { name: '【登录】' })
        .click();
      await page.waitForURL(`${hall.url}/cq/login`);
      t.equal(
        await page.locator('html').getAttribute('class'),
        'elder',
        'still on on the next page',
      );
      if (javaScriptEnabled) {
        const size = await page.evaluate(() =>
          parseFloat(getComputedStyle(document.body).fontSize),
        );
        t.ok(size >= 20, `base text is ${size}px (was ${baseSize})`);
      }
      await page.getByRole('button', { name: /大字 \/ 高对比/ }).click();
      await page.waitForURL(`${hall.url}/cq/login`);
      t.equal(await page.locator('html').getAttribute('class'), '', 'off again');
    }
  },
);

t.test('the skip link leads to the main content', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, `/cq`);
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  t.equal(await focused.innerText(), '跳到主要内容');
  await page.keyboard.press('Enter');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'main');
});

t.test('at 375px wide nothing overflows sideways, signed in or not', async (t) => {
  const person = newPerson();
  await hall.createPerson(person);
  const page = await hall.newPage({ viewport: PHONE });
  for (const path of ['/cq', '/cq/stations', '/cq/register/unit', '/cq/login']) {
    await hall.goto(page, path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    t.equal(overflow, 0, `${path} fits`);
  }
  await signIn(hall, page, person.username, person.password);
  await hall.goto(page, `/cq/space/profile`);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  t.equal(overflow, 0, '/cq/space/profile fits');
});

t.test('the portal refuses to start without a usable IDENTITY_URL, saying why', async (t) => {
  for (const [env, reason] of [
    [{}, /IDENTITY_URL is not set/],
    [{ IDENTITY_URL: 'identity:4001' }, /IDENTITY_URL must be an http\(s\) URL/],
  ] as const) {
    await t.rejects(startPortal(t, env), reason);
  }
});

t.test('pages run under the content security policy without errors in the console', async (t) => {
  const page = await hall.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const response = await page.goto(`${hall.url}/cq/register/person`);
  t.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  for (const path of [
    '/cq',
    '/cq/stations',
    '/cq/register/person',
    '/cq/login',
    '/cq/forgot-password',
  ]) {
    await hall.goto(page, path);
  }
  await page
    .locator('#f-password')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  t.same(problems, [], 'no console errors');
});
