/**
 * The console's frame and session: sign-in with identity's lock-out messages, keyboard-only use
 * with a visible focus and a skip link, server-side refresh with SameSite=Strict cookies, 退出,
 * 修改密码, citizens' tokens refused, 大字 / 高对比 without JavaScript, phone width, and the
 * start-up refusal without a valid IDENTITY_URL.
 */
import t from 'tap';
import {
  fieldError,
  fillForm,
  newUsername,
  notice,
  PASSWORD,
  PHONE,
  runConsole,
  signIn,
  startHall,
} from './support/hall';

const hall = await startHall(t);

const admin = { username: newUsername('yzadmin'), password: PASSWORD, name: '陈渝中' };
await hall.createStaff('yuzhong', { ...admin, roles: ['station_admin'] });

t.test('the sign-in page: Chinese, labelled, no station anywhere in the URL', async (t) => {
  const page = await hall.newPage();
  await page.goto(hall.url);
  t.equal(new URL(page.url()).pathname, '/login', 'signed out, / goes to 登录');
  t.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  t.match(await page.title(), /工作人员登录/);
  t.equal(await page.getByLabel('用户名').count(), 1);
  t.equal(await page.getByLabel(/^密码/).count(), 1);
  t.equal(await page.getByRole('navigation', { name: '控制台导航' }).count(), 0);
});

t.test('wrong passwords say how many tries remain, then lock the account', async (t) => {
  const clerk = { username: newUsername('clerk'), password: PASSWORD };
  await hall.createStaff('yuzhong', { ...clerk, name: '试错者', roles: ['clerk'] });
  const page = await hall.newPage();
  await hall.goto(page, '/login');
  const attempt = async (password: string) => {
    await fillForm(page, { username: clerk.username, password });
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('alert').waitFor();
    const text = (await page.getByRole('alert').innerText()).trim();
    await page.evaluate(() => document.querySelector('.error-summary')?.remove());
    return text;
  };
  for (let left = 4; left >= 1; left--) {
    t.match(await attempt('Wrong#2026pw'), `用户名或密码错误，再错${left}次账号将被锁定`);
  }
  t.match(await attempt('Wrong#2026pw'), /密码错误次数过多，账号已锁定，请15分钟后再试/);
  t.match(await attempt(clerk.password), /账号已锁定/, 'even the right password, while locked');
  t.equal(await page.locator('#f-username').inputValue(), clerk.username, 'the username is kept');
});

t.test('keyboard only: the skip link, then sign in with Tab and Enter', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/login');
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => ({
    text: document.activeElement?.textContent?.trim(),
    outline: getComputedStyle(document.activeElement!).outlineStyle,
  }));
  t.equal(skip.text, '跳到主要内容', 'the first stop is the skip link');
  t.not(skip.outline, 'none', 'with a visible focus');
  await page.keyboard.press('Enter');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'main');

  const focusedId = () => page.evaluate(() => document.activeElement?.id);
  for (let i = 0; i < 10 && (await focusedId()) !== 'f-username'; i++)
    await page.keyboard.press('Tab');
  t.equal(await focusedId(), 'f-username');
  await page.keyboard.type(admin.username);
  await page.keyboard.press('Tab');
  t.equal(await focusedId(), 'f-password');
  await page.keyboard.type(admin.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${hall.url}/`);
  t.match(await page.locator('header').innerText(), admin.name);

  // The side navigation is reachable and followed with the keyboard too.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === '工作人员管理')
      break;
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(`${hall.url}/staff`);
  // The table's scroll box takes focus, so it can be scrolled with the arrow keys.
  t.equal(await page.getByRole('region', { name: /渝中区工作人员/ }).getAttribute('tabindex'), '0');
});

t.test('an expired access cookie is refreshed on the server; cookies stay Strict', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, admin.username, admin.password);
  const context = page.context();
  const refreshBefore = (await context.cookies()).find((c) => c.name === 'hall_console_rt')!.value;
  await context.clearCookies({ name: 'hall_console_at' });
  const responses = await Promise.all(
    [1, 2, 3].map(() => context.request.get(`${hall.url}/staff`, { maxRedirects: 0 })),
  );
  for (const res of responses) t.equal(res.status(), 200, 'each parallel request is signed in');
  const after = await context.cookies();
  const access = after.find((c) => c.name === 'hall_console_at');
  const refresh = after.find((c) => c.name === 'hall_console_rt');
  t.ok(access, 'a new access cookie');
  t.not(refresh?.value, refreshBefore, 'the refresh token was rotated');
  for (const cookie of [access, refresh]) {
    t.equal(cookie?.sameSite, 'Strict');
    t.equal(cookie?.httpOnly, true);
  }
  await hall.goto(page, '/staff');
  t.match(await page.locator('h1').innerText(), '工作人员管理', 'the session goes on');
  const res = await context.request.get(`${hall.url}/staff`, { maxRedirects: 0 });
  t.equal(res.headers()['cache-control'], 'private, no-store');
});

t.test('a citizen’s token is not a console session', async (t) => {
  await hall.api('POST', '/accounts/person', {
    username: 'citizen01',
    password: PASSWORD,
    realName: '张晓红',
    idNumber: '500103199001011232',
    mobile: '13900001234',
  });
  const { accessToken } = await hall.api<{ accessToken: string }>('POST', '/sessions', {
    username: 'citizen01',
    password: PASSWORD,
  });
  const page = await hall.newPage();
  await page.context().addCookies([{ name: 'hall_console_at', value: accessToken, url: hall.url }]);
  await page.goto(`${hall.url}/staff`);
  t.equal(new URL(page.url()).pathname, '/login');
});

t.test('退出 ends the session at identity too', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, admin.username, admin.password);
  const refreshToken = (await page.context().cookies()).find(
    (c) => c.name === 'hall_console_rt',
  )!.value;
  await page.getByRole('button', { name: '退出' }).click();
  await page.waitForURL(`${hall.url}/login?notice=signed_out`);
  t.match(await notice(page), '您已安全退出');
  t.equal(
    (await page.context().cookies()).filter((c) => c.name.startsWith('hall_console_')).length,
    0,
  );
  const res = await fetch(`${hall.identityUrl}/sessions/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  t.equal(res.status, 401, 'the old refresh token is dead');
});

t.test('修改密码, then sign in again with the new password', async (t) => {
  const staff = { username: newUsername('pw'), password: PASSWORD };
  await hall.createStaff('yuzhong', { ...staff, name: '改密者', roles: ['clerk'] });
  const page = await hall.newPage();
  await signIn(hall, page, staff.username, staff.password);
  await page.locator('header').getByRole('link', { name: '修改密码' }).click();
  await page.waitForURL(`${hall.url}/password`);
  await fillForm(page, {
    currentPassword: 'Not#theRight1',
    newPassword: 'Brand#New2026',
    newPasswordConfirm: 'Brand#New2026',
  });
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await fieldError(page, 'currentPassword'), '当前密码不正确');

  await fillForm(page, {
    currentPassword: staff.password,
    newPassword: 'Brand#New2026',
    newPasswordConfirm: 'Brand#New2026',
  });
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.waitForURL(`${hall.url}/login?notice=password_changed`);
  t.match(await notice(page), '密码已修改，请使用新密码重新登录');
  await signIn(hall, page, staff.username, 'Brand#New2026');
  t.match(await page.locator('header').innerText(), '改密者');
});

t.test('大字 / 高对比 without JavaScript, kept across pages', async (t) => {
  const page = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, page, admin.username, admin.password);
  await hall.goto(page, '/staff');
  const toggle = page.getByRole('button', { name: /大字 \/ 高对比/ });
  t.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  await page.waitForURL(`${hall.url}/staff`);
  t.equal(await page.locator('html').getAttribute('class'), 'elder');
  t.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await hall.goto(page, '/audit');
  t.equal(await page.locator('html').getAttribute('class'), 'elder');
  const size = await page.evaluate(() => getComputedStyle(document.body).fontSize);
  t.equal(size, '20px', 'larger text');
  await page.getByRole('button', { name: /大字 \/ 高对比/ }).click();
  await page.waitForURL(`${hall.url}/audit`);
  t.equal(await page.locator('html').getAttribute('class'), '');
});

t.test(
  'at phone width the pages do not scroll sideways; wide tables scroll in their box',
  async (t) => {
    const page = await hall.newPage({ viewport: PHONE });
    await signIn(hall, page, admin.username, admin.password);
    for (const path of ['/', '/staff', '/staff/new', '/audit', '/password']) {
      await hall.goto(page, path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      t.ok(width <= PHONE.width, `${path} fits (${width}px)`);
    }
    await hall.goto(page, '/staff');
    // The menu folds into 菜单 and opens without a pop-up.
    const nav = page.getByRole('navigation', { name: '控制台导航' });
    t.equal(await nav.getByRole('link', { name: '审计日志' }).isVisible(), false);
    await nav.getByText('菜单').click();
    await nav.getByRole('link', { name: '审计日志' }).click();
    await page.waitForURL(`${hall.url}/audit`);
    const box = page.getByRole('region', { name: /审计日志/ });
    const scroll = await box.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
    t.ok(scroll.scroll > scroll.client, 'the audit table scrolls inside its box');
  },
);

t.test('the console refuses to start without a valid IDENTITY_URL', async (t) => {
  for (const [env, message] of [
    [{}, /IDENTITY_URL is not set/],
    [{ IDENTITY_URL: 'not a url' }, /IDENTITY_URL is not a URL/],
    [{ IDENTITY_URL: 'ftp://127.0.0.1:4001' }, /must be an http\(s\) URL/],
  ] as const) {
    const { process: child, output } = runConsole({ PORT: '0', ...env });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    t.equal(code, 1, 'exits with status 1');
    t.match(output(), message);
  }
});
