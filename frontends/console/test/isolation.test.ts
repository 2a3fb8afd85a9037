/**
 * Issue 3's console story: an operator appoints 渝中区's and 江北区's station admins; 渝中区's
 * admin signs in, creates a clerk, and cannot see 江北区's staff or audit log: there is no way in
 * the UI, and forcing one (a station in the URL or smuggled into a form post) gets nothing,
 * because the station comes from the token.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import {
  fieldError,
  fillForm,
  newUsername,
  notice,
  PASSWORD,
  signIn,
  startHall,
} from './support/hall';

const hall = await startHall(t);

const yz = { username: newUsername('yzadmin'), name: '渝中管理员' };
const jb = { username: newUsername('jbadmin'), name: '江北管理员' };
const clerk = { username: newUsername('clerk'), name: '李受理', mobile: '13812345678' };

let operator: Page;
let yzPage: Page;

t.before(async () => {
  operator = await hall.newPage();
  yzPage = await hall.newPage();
});

t.test('an operator appoints the station admins of 渝中区 and 江北区', async (t) => {
  await signIn(hall, operator, 'operator1', 'Operator#2026');
  t.match(await operator.locator('header').innerText(), /平台运维/);
  const nav = operator.getByRole('navigation', { name: '控制台导航' });
  await nav.getByRole('link', { name: '站点管理员' }).click();
  await operator.waitForURL(`${hall.url}/admins`);

  // Pick 渝中区 in the station picker, then 新增站点管理员 for it.
  await operator.locator('#f-station').selectOption({ label: '渝中区' });
  await operator.getByRole('button', { name: '查看' }).click();
  await operator.waitForURL(`${hall.url}/admins?station=yuzhong`);
  t.match(await operator.locator('main').innerText(), /渝中区还没有站点管理员/);
  await operator.getByRole('link', { name: '新增站点管理员' }).first().click();
  await operator.waitForURL(`${hall.url}/admins/new?station=yuzhong`);
  t.equal(await operator.locator('#f-station').inputValue(), 'yuzhong', 'the station is preset');
  await fillForm(operator, { username: yz.username, password: PASSWORD, name: yz.name });
  await operator.getByRole('button', { name: '保存' }).click();
  await operator.waitForURL(`${hall.url}/admins?station=yuzhong`);
  t.match(await notice(operator), `已新增站点管理员：${yz.name}（${yz.username}）`);
  const table = operator.getByRole('table', { name: /渝中区的站点管理员/ });
  t.match(await table.innerText(), yz.username);

  // 江北区: straight to the form, choosing the station there.
  await hall.goto(operator, '/admins/new');
  await operator.locator('#f-station').selectOption({ label: '江北区' });
  await fillForm(operator, { username: jb.username, password: PASSWORD, name: jb.name });
  await operator.getByRole('button', { name: '保存' }).click();
  await operator.waitForURL(`${hall.url}/admins?station=jiangbei`);
  t.match(await notice(operator), jb.username);

  const inYuzhong = await hall.listStaff('yuzhong');
  const inJiangbei = await hall.listStaff('jiangbei');
  t.same(
    inYuzhong.map((s) => [s.username, s.roles]),
    [[yz.username, ['station_admin']]],
  );
  t.same(
    inJiangbei.map((s) => [s.username, s.roles]),
    [[jb.username, ['station_admin']]],
  );
  // 江北区's admin signs in once, so 江北区's log has an entry naming them.
  await hall.staffToken(jb.username, PASSWORD);
});

t.test('a station admin cannot be created without a station', async (t) => {
  await hall.goto(operator, '/admins/new');
  await fillForm(operator, { username: newUsername('nobody'), password: PASSWORD, name: '无站点' });
  await operator.getByRole('button', { name: '保存' }).click();
  await operator.getByRole('alert').waitFor();
  t.equal(await fieldError(operator, 'station'), '请选择站点');
});

t.test('渝中区 admin signs in: the station comes from the account', async (t) => {
  await signIn(hall, yzPage, yz.username, PASSWORD);
  t.equal(new URL(yzPage.url()).pathname, '/');
  const header = await yzPage.locator('header').innerText();
  t.match(header, /渝中区/);
  t.match(header, yz.name);
  t.match(header, /站点管理员/);
  t.match(header, /修改密码/);
  t.match(header, /退出/);
  const nav = yzPage.getByRole('navigation', { name: '控制台导航' });
  t.equal(await nav.getByRole('link', { name: '工作人员管理' }).count(), 1);
  t.equal(await nav.getByRole('link', { name: '审计日志' }).count(), 1);
  t.equal(await nav.getByRole('link', { name: '站点管理', exact: true }).count(), 0);
  t.equal(await nav.getByRole('link', { name: '站点管理员' }).count(), 0);
  t.equal(await nav.getByRole('link', { name: '事项管理' }).count(), 1, 'the catalog is open');
  t.equal(await nav.getByRole('link', { name: '办件工作台' }).count(), 1, 'applications are open');
  t.equal(await nav.getByRole('link', { name: '差评跟进' }).count(), 1);
  t.equal(await nav.getByRole('link', { name: '信件办理' }).count(), 1, 'letters are open');
  t.equal(await nav.getByRole('link', { name: '常见问题' }).count(), 1);
  for (const label of ['通知公告', '办件公示', '办件统计', '站点个性化'])
    t.equal(await nav.getByRole('link', { name: label }).count(), 1, `${label} is open`);

  const cookies = await yzPage.context().cookies();
  for (const name of ['hall_console_at', 'hall_console_rt']) {
    const cookie = cookies.find((c) => c.name === name);
    t.ok(cookie, `${name} is set`);
    t.equal(cookie?.httpOnly, true, `${name} is httpOnly`);
    t.equal(cookie?.sameSite, 'Strict', `${name} is SameSite=Strict`);
    t.equal(cookie?.secure, false, `${name} is not Secure over plain http`);
  }
  t.equal(await yzPage.evaluate(() => document.cookie), '', 'scripts see no cookie');
});

t.test('渝中区 admin creates a clerk; the list shows the mobile masked', async (t) => {
  const nav = yzPage.getByRole('navigation', { name: '控制台导航' });
  await nav.getByRole('link', { name: '工作人员管理' }).click();
  await yzPage.waitForURL(`${hall.url}/staff`);
  await yzPage.getByRole('link', { name: '新增工作人员' }).click();
  await yzPage.waitForURL(`${hall.url}/staff/new`);
  t.equal(
    await yzPage.getByRole('checkbox', { name: /站点管理员/ }).count(),
    0,
    'station_admin is not offered',
  );
  await fillForm(yzPage, {
    username: clerk.username,
    password: PASSWORD,
    name: clerk.name,
    mobile: clerk.mobile,
  });
  await yzPage.getByRole('checkbox', { name: '受理人员' }).check();
  await yzPage.getByRole('button', { name: '保存' }).click();
  await yzPage.waitForURL(`${hall.url}/staff`);
  t.match(await notice(yzPage), `已新增工作人员：${clerk.name}（${clerk.username}）`);

  const table = yzPage.getByRole('table', { name: /渝中区工作人员/ });
  const row = table.getByRole('row', { name: new RegExp(clerk.name) });
  const text = await row.innerText();
  t.match(text, clerk.username);
  t.match(text, '138****5678');
  t.notMatch(await yzPage.content(), clerk.mobile, 'the full mobile is nowhere in the page');
  t.match(text, '受理人员');
  const created = (await hall.listStaff('yuzhong')).find((s) => s.username === clerk.username);
  t.equal(created?.station, 'yuzhong');
  t.same(created?.roles, ['clerk']);
});

t.test('the UI offers no way to 江北区', async (t) => {
  for (const path of ['/', '/staff', '/staff/new', '/audit']) {
    await hall.goto(yzPage, path);
    const html = await yzPage.content();
    t.notMatch(html, /江北|jiangbei/, `${path} mentions no other station`);
    t.equal(await yzPage.locator('select[name="station"], input[name="station"]').count(), 0);
  }
  t.notMatch(await yzPage.locator('table').innerText(), jb.username);
});

t.test('a station in the URL is ignored: staff and audit stay 渝中区', async (t) => {
  await hall.goto(yzPage, '/staff?station=jiangbei');
  const staff = await yzPage.locator('main').innerText();
  t.match(staff, clerk.username);
  t.notMatch(staff, jb.username);

  await hall.goto(yzPage, '/audit?station=jiangbei');
  const audit = await yzPage.locator('main').innerText();
  t.match(audit, /渝中区审计日志/);
  t.match(audit, /新增工作人员/);
  t.notMatch(audit, /江北/);
  t.notMatch(audit, jb.username);
});

t.test('a station smuggled into the form post is ignored', async (t) => {
  const smuggled = newUsername('smuggled');
  await hall.goto(yzPage, '/staff/new');
  await fillForm(yzPage, { username: smuggled, password: PASSWORD, name: '偷渡者' });
  await yzPage.getByRole('checkbox', { name: '受理人员' }).check();
  await yzPage.evaluate(() => {
    const form = document.querySelector('main form')!;
    for (const name of ['station', 'stn']) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = 'jiangbei';
      form.append(input);
    }
  });
  await yzPage.getByRole('button', { name: '保存' }).click();
  await yzPage.waitForURL(`${hall.url}/staff`);
  t.ok(
    (await hall.listStaff('yuzhong')).some((s) => s.username === smuggled),
    'created in 渝中区, the token’s station',
  );
  t.notOk(
    (await hall.listStaff('jiangbei')).some((s) => s.username === smuggled),
    'nothing in 江北区',
  );
});

t.test('operator-only pages and actions answer 403 to a station admin', async (t) => {
  for (const path of [
    '/stations',
    '/stations/jiangbei',
    '/admins?station=jiangbei',
    '/admins/new',
  ]) {
    const response = await yzPage.goto(`${hall.url}${path}`);
    t.equal(response?.status(), 403, `${path} is forbidden`);
    t.match(await yzPage.locator('h1').innerText(), '无权访问');
  }
  // A form post crafted against the operators' action, from the console's own origin.
  const response = await yzPage.request.post(`${hall.url}/admins/new`, {
    form: {
      station: 'jiangbei',
      username: newUsername('forged'),
      password: PASSWORD,
      name: '伪造',
    },
    headers: { origin: hall.url, accept: 'text/html' },
    maxRedirects: 0,
  });
  t.equal(response.status(), 403);
  t.equal((await hall.listStaff('jiangbei')).length, 1, '江北区 still has only its admin');
});

t.test('identity itself refuses 渝中区’s token for 江北区 (the second wall)', async (t) => {
  const token = await hall.staffToken(yz.username, PASSWORD);
  for (const path of ['/stations/jiangbei/staff', '/stations/jiangbei/audit']) {
    const res = await fetch(`${hall.identityUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    t.equal(res.status, 404, `${path} answers 404`);
  }
});
