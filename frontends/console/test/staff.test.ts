/**
 * 工作人员管理 by a station admin: create with field errors from identity next to their fields,
 * edit name, department and roles, disable and re-enable with a confirmation step (JavaScript
 * off), other station admins left to operators; a clerk sees no admin page.
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

const admin = { username: newUsername('yzadmin'), password: PASSWORD, name: '陈渝中' };
await hall.createStaff('yuzhong', { ...admin, roles: ['station_admin'] });
const otherAdmin = await hall.createStaff('yuzhong', {
  username: newUsername('yzadmin'),
  password: PASSWORD,
  name: '副管理员',
  roles: ['station_admin'],
});

let page: Page;
t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, admin.username, admin.password);
});

t.test('signed out, 工作人员管理 asks to sign in first and comes back', async (t) => {
  const fresh = await hall.newPage();
  await hall.goto(fresh, '/staff');
  t.equal(new URL(fresh.url()).pathname, '/login');
  t.equal(new URL(fresh.url()).searchParams.get('next'), '/staff');
  await fillForm(fresh, { username: admin.username, password: admin.password });
  await fresh.getByRole('button', { name: '登录', exact: true }).click();
  await fresh.waitForURL(`${hall.url}/staff`);
  t.match(await fresh.locator('h1').innerText(), '工作人员管理');
});

t.test('create: identity’s field errors show next to their fields', async (t) => {
  await hall.goto(page, '/staff/new');
  await fillForm(page, {
    username: '9abc',
    password: 'alllowercase',
    name: '张',
    mobile: '1380000',
  });
  await page.getByRole('button', { name: '保存' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.innerText(), /提交的信息有误/);
  t.equal(await fieldError(page, 'username'), '用户名须以英文字母开头');
  t.equal(
    await fieldError(page, 'password'),
    '密码须包含大写字母、小写字母、数字、符号中的至少三种',
  );
  t.equal(await fieldError(page, 'name'), '姓名应为2至30个字');
  t.equal(await fieldError(page, 'mobile'), '请输入正确的11位手机号码');
  t.equal(await fieldError(page, 'roles'), '请至少选择一个角色');
  t.equal(await page.locator('#f-username').inputValue(), '9abc', 'what was typed is kept');
  // The summary links each message to its field.
  await alert.getByRole('link', { name: /角色/ }).click();
  t.equal(new URL(page.url()).hash, '#f-roles');
});

t.test('create: a password containing the username, a taken username', async (t) => {
  const username = newUsername('dup');
  await hall.createStaff('yuzhong', {
    username,
    password: PASSWORD,
    name: '已存在',
    roles: ['clerk'],
  });
  await hall.goto(page, '/staff/new');
  await fillForm(page, { username, password: `X#1${username}`, name: '重复者' });
  await page.getByRole('checkbox', { name: '审批人员' }).check();
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await fieldError(page, 'password'), '密码不能包含用户名');
  t.ok(await page.getByRole('checkbox', { name: '审批人员' }).isChecked(), 'roles are kept');

  await fillForm(page, { password: PASSWORD });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForFunction(() =>
    document.querySelector('#f-username-error')?.textContent?.includes('已被使用'),
  );
  t.equal(await fieldError(page, 'username'), '该用户名已被使用');
});

t.test('create without JavaScript', async (t) => {
  const plain = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, plain, admin.username, admin.password);
  await hall.goto(plain, '/staff/new');
  const username = newUsername('nojs');
  // A refused submission comes back with the fields filled in, but never the password.
  await fillForm(plain, { username, password: 'Secret#2026pw', name: '周' });
  await plain.getByRole('button', { name: '保存' }).click();
  t.equal(await fieldError(plain, 'name'), '姓名应为2至30个字');
  t.equal(await plain.locator('#f-username').inputValue(), username);
  t.equal(await plain.locator('#f-password').inputValue(), '');
  t.notMatch(await plain.content(), 'Secret#2026pw');
  await fillForm(plain, {
    username,
    password: PASSWORD,
    name: '周无脚本',
    mobile: '13912345678',
    departmentId: 'dept-tax',
  });
  await plain.getByRole('checkbox', { name: '信件办理人员' }).check();
  await plain.getByRole('checkbox', { name: '信息发布人员' }).check();
  await plain.getByRole('button', { name: '保存' }).click();
  await plain.waitForURL(`${hall.url}/staff`);
  t.match(await notice(plain), `已新增工作人员：周无脚本（${username}）`);
  const row = await plain.getByRole('row', { name: /周无脚本/ }).innerText();
  t.match(row, '139****5678');
  t.match(row, 'dept-tax');
  t.match(row, /信件办理人员、信息发布人员/);
  // The message shows once.
  await hall.goto(plain, '/staff');
  t.equal(await plain.locator('.notice').count(), 0);
});

t.test('edit name, department and roles', async (t) => {
  const member = await hall.createStaff('yuzhong', {
    username: newUsername('edit'),
    password: PASSWORD,
    name: '吴编辑',
    roles: ['clerk'],
  });
  await hall.goto(page, '/staff');
  await page.getByRole('link', { name: '编辑 吴编辑' }).click();
  await page.waitForURL(`${hall.url}/staff/${member.id}`);
  t.ok(await page.getByRole('checkbox', { name: '受理人员' }).isChecked());

  // No role at all is refused, next to the group.
  await page.getByRole('checkbox', { name: '受理人员' }).uncheck();
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await fieldError(page, 'roles'), '请至少选择一个角色');

  await fillForm(page, { name: '吴改名', departmentId: 'dept-9' });
  await page.getByRole('checkbox', { name: '审批人员' }).check();
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(`${hall.url}/staff`);
  t.match(await notice(page), /已保存吴改名/);
  const after = (await hall.listStaff('yuzhong')).find((s) => s.id === member.id)!;
  t.equal(after.name, '吴改名');
  t.equal(after.departmentId, 'dept-9');
  t.same(after.roles, ['approver']);

  // Clearing the department.
  await hall.goto(page, `/staff/${member.id}`);
  await fillForm(page, { departmentId: '' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(`${hall.url}/staff`);
  const cleared = (await hall.listStaff('yuzhong')).find((s) => s.id === member.id)!;
  t.notOk(cleared.departmentId, 'no department');
});

t.test('disable and re-enable a staff member without JavaScript, confirming first', async (t) => {
  const clerk = { username: newUsername('clerk'), password: PASSWORD, name: '郑受理' };
  await hall.createStaff('yuzhong', { ...clerk, roles: ['clerk'] });
  const plain = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, plain, admin.username, admin.password);
  await hall.goto(plain, '/staff');

  // 停用 leads to a confirmation page; 取消 changes nothing.
  await plain.getByRole('link', { name: '停用 郑受理' }).click();
  await plain.waitForURL(/\/staff\/[^/]+\/status$/);
  t.match(await plain.locator('h1').innerText(), '确认停用工作人员');
  t.match(
    await plain.locator('main').innerText(),
    `确定要停用工作人员“郑受理（${clerk.username}）”吗？`,
  );
  await plain.getByRole('link', { name: '取消' }).click();
  await plain.waitForURL(`${hall.url}/staff`);
  t.match(await plain.getByRole('row', { name: /郑受理/ }).innerText(), /正常/);

  await plain.getByRole('link', { name: '停用 郑受理' }).click();
  await plain.getByRole('button', { name: '确认停用' }).click();
  await plain.waitForURL(`${hall.url}/staff`);
  t.match(await notice(plain), `已停用工作人员：郑受理（${clerk.username}）`);
  t.match(await plain.getByRole('row', { name: /郑受理/ }).innerText(), /已停用/);

  // The disabled account cannot sign in.
  const clerkPage = await hall.newPage({ javaScriptEnabled: false });
  await hall.goto(clerkPage, '/login');
  const credentials = { username: clerk.username, password: clerk.password };
  await fillForm(clerkPage, credentials);
  await clerkPage.getByRole('button', { name: '登录', exact: true }).click();
  t.match(await clerkPage.getByRole('alert').innerText(), /用户名或密码错误/);

  await plain.getByRole('link', { name: '启用 郑受理' }).click();
  t.match(await plain.locator('h1').innerText(), '确认启用工作人员');
  await plain.getByRole('button', { name: '确认启用' }).click();
  await plain.waitForURL(`${hall.url}/staff`);
  t.match(await notice(plain), `已启用工作人员：郑受理（${clerk.username}）`);
  t.match(await plain.getByRole('row', { name: /郑受理/ }).innerText(), /正常/);
  await fillForm(clerkPage, credentials);
  await clerkPage.getByRole('button', { name: '登录', exact: true }).click();
  await clerkPage.waitForURL(`${hall.url}/`);
  t.match(await clerkPage.locator('header').innerText(), '郑受理');

  // Confirming twice does not flip it back: the target state is in the form.
  const confirm = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, confirm, admin.username, admin.password);
  const id = (await hall.listStaff('yuzhong')).find((s) => s.username === clerk.username)!.id;
  await hall.goto(confirm, `/staff/${id}/status`);
  await hall.goto(plain, `/staff/${id}/status`);
  await confirm.getByRole('button', { name: '确认停用' }).click();
  await plain.getByRole('button', { name: '确认停用' }).click();
  await plain.waitForURL(`${hall.url}/staff`);
  t.equal((await hall.listStaff('yuzhong')).find((s) => s.id === id)?.enabled, false);
});

t.test(
  'other station admins are the operators’ to manage; one’s own account is not disabled here',
  async (t) => {
    await hall.goto(page, '/staff');
    const row = page.getByRole('row', { name: /副管理员/ });
    t.match(await row.innerText(), /由平台运维管理/);
    t.equal(await row.getByRole('link').count(), 0);
    const self = page.getByRole('row', { name: /陈渝中（本人）/ });
    t.equal(await self.getByRole('link', { name: /停用/ }).count(), 0);
    t.equal(await self.getByRole('link', { name: /编辑/ }).count(), 1);

    await hall.goto(page, `/staff/${otherAdmin.id}`);
    t.match(await page.locator('main').innerText(), /只能由平台运维人员修改、停用或启用/);
    t.equal(await page.locator('main form').count(), 0);
    const response = await page.goto(`${hall.url}/staff/${otherAdmin.id}/status`);
    t.equal(response?.status(), 403);

    // Editing oneself keeps station_admin, which the form does not offer.
    const me = (await hall.listStaff('yuzhong')).find((s) => s.username === admin.username)!;
    await hall.goto(page, `/staff/${me.id}`);
    await page.getByRole('checkbox', { name: '审批人员' }).check();
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(`${hall.url}/staff`);
    const after = (await hall.listStaff('yuzhong')).find((s) => s.id === me.id)!;
    t.same([...after.roles].sort(), ['approver', 'station_admin']);
  },
);

t.test('a clerk sees no admin pages', async (t) => {
  const clerk = { username: newUsername('clerk'), password: PASSWORD, name: '钱受理' };
  await hall.createStaff('yuzhong', { ...clerk, roles: ['clerk'] });
  const clerkPage = await hall.newPage();
  await signIn(hall, clerkPage, clerk.username, clerk.password);
  t.match(await clerkPage.locator('header').innerText(), /渝中区[\s\S]*钱受理[\s\S]*受理人员/);
  const nav = clerkPage.getByRole('navigation', { name: '控制台导航' });
  t.same(
    await nav.getByRole('link').allInnerTexts(),
    ['首页', '办件工作台', '差评跟进', '办件统计', '修改密码'],
    'only 首页, the 办件 pages, 办件统计 and 修改密码 are links',
  );
  t.notMatch(await clerkPage.locator('main').innerText(), /工作人员管理|审计日志/);
  for (const path of ['/staff', '/staff/new', '/audit', '/stations', '/admins']) {
    const response = await clerkPage.goto(`${hall.url}${path}`);
    t.equal(response?.status(), 403, `${path} answers 403`);
    t.match(await clerkPage.locator('h1').innerText(), '无权访问');
    t.match(await clerkPage.locator('main').innerText(), /此页面仅限(站点管理员|平台运维人员)使用/);
  }
  await clerkPage.getByRole('link', { name: '返回工作台首页' }).click();
  await clerkPage.waitForURL(`${hall.url}/`);

  // A crafted post to 新增工作人员 is refused too, and nothing is created.
  const before = (await hall.listStaff('yuzhong')).length;
  const response = await clerkPage.request.post(`${hall.url}/staff/new`, {
    form: { username: newUsername('forged'), password: PASSWORD, name: '伪造者', roles: 'clerk' },
    headers: { origin: hall.url, accept: 'text/html' },
    maxRedirects: 0,
  });
  t.equal(response.status(), 403);
  t.equal((await hall.listStaff('yuzhong')).length, before);
});
