/**
 * 站点管理 by an operator: every station grouped by kind (disabled ones too), add a station
 * (field errors from identity next to their fields), rename it, disable and re-enable it with a
 * confirmation step; the public station list follows.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { fieldError, fillForm, notice, OPERATOR, signIn, startHall } from './support/hall';

const hall = await startHall(t);

async function publicStations(): Promise<string[]> {
  const { stations } = await hall.api<{ stations: Array<{ key: string }> }>('GET', '/stations');
  return stations.map((s) => s.key);
}

let page: Page;
t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, OPERATOR.username, OPERATOR.password);
});

t.test('every station, grouped by kind', async (t) => {
  await page
    .getByRole('navigation', { name: '控制台导航' })
    .getByRole('link', { name: '站点管理', exact: true })
    .click();
  await page.waitForURL(`${hall.url}/stations`);
  const captions = await page.locator('table caption').allInnerTexts();
  t.same(captions, ['市级（1 个）', '区（26 个）', '县（8 个）', '自治县（4 个）', '特区（3 个）']);
  t.match(await page.locator('main').innerText(), /共 42 个站点，其中 0 个已停用/);
  const yuzhong = page.getByRole('row', { name: /渝中区/ });
  t.match(await yuzhong.innerText(), /yuzhong\s+500103\s+✓ 启用/);
  const header = await page.locator('header').innerText();
  t.match(header, /平台运维/);
});

t.test('add a station: field errors first, then saved', async (t) => {
  await hall.goto(page, '/stations');
  await page.getByRole('link', { name: '新增站点' }).click();
  await page.waitForURL(`${hall.url}/stations/new`);
  await fillForm(page, { key: 'Bad Key', name: '新', divisionCode: '12' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await fieldError(page, 'kind'), '请选择站点类型');

  await page.locator('#f-kind').selectOption({ label: '特区' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForFunction(() => !document.querySelector('#f-kind[aria-invalid]'));
  t.equal(await fieldError(page, 'key'), '站点标识应为2至32位小写字母、数字或连字符，以字母开头');
  t.equal(await fieldError(page, 'name'), '站点名称应为2至30个字');
  t.equal(await fieldError(page, 'divisionCode'), '行政区划代码应为6位数字');

  await fillForm(page, { key: 'yuzhong', name: '测试新区', divisionCode: '' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForFunction(() =>
    document.querySelector('#f-key-error')?.textContent?.includes('已存在'),
  );
  t.equal(await fieldError(page, 'key'), '该站点标识已存在');

  await fillForm(page, { key: 'ceshi' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(`${hall.url}/stations`);
  t.match(await notice(page), '已新增站点：测试新区（ceshi）');
  const zones = page.getByRole('table', { name: /特区/ });
  t.match(await zones.locator('caption').innerText(), '特区（4 个）');
  t.match(await zones.getByRole('row', { name: /测试新区/ }).innerText(), /ceshi\s+—\s+✓ 启用/);
  t.ok((await publicStations()).includes('ceshi'), 'the portal’s list has it');
});

t.test('rename a station', async (t) => {
  await hall.goto(page, '/stations');
  await page.getByRole('link', { name: '管理 测试新区' }).click();
  await page.waitForURL(`${hall.url}/stations/ceshi`);
  await fillForm(page, { name: '' });
  await page.getByRole('button', { name: '保存名称' }).click();
  await page.getByRole('alert').waitFor();
  t.ok(await fieldError(page, 'name'), 'an empty name is refused');
  await fillForm(page, { name: '测试改名新区' });
  await page.getByRole('button', { name: '保存名称' }).click();
  await page.waitForURL(`${hall.url}/stations`);
  t.match(await notice(page), '已将站点 ceshi 的名称改为“测试改名新区”');
  t.equal(await page.getByRole('row', { name: /测试改名新区/ }).count(), 1);
});

t.test('disable and re-enable a station without JavaScript, confirming first', async (t) => {
  const plain = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, plain, OPERATOR.username, OPERATOR.password);
  await hall.goto(plain, '/stations/ceshi');
  await plain.getByRole('link', { name: '停用此站点…' }).click();
  await plain.waitForURL(`${hall.url}/stations/ceshi/status`);
  t.match(await plain.locator('h1').innerText(), '确认停用站点');
  t.match(await plain.locator('main').innerText(), '确定要停用站点“测试改名新区（ceshi）”吗？');
  await plain.getByRole('button', { name: '确认停用' }).click();
  await plain.waitForURL(`${hall.url}/stations`);
  t.match(await notice(plain), '已停用站点：测试改名新区（ceshi）');
  t.match(await plain.getByRole('row', { name: /测试改名新区/ }).innerText(), '已停用');
  t.match(await plain.locator('main').innerText(), /其中 1 个已停用/);
  t.notOk((await publicStations()).includes('ceshi'), 'gone from the portal’s list');

  // A disabled station takes no new station admin; it is still listed on 站点管理员.
  await hall.goto(plain, '/admins/new');
  t.equal(await plain.locator('#f-station option[value="ceshi"]').count(), 0);
  await hall.goto(plain, '/admins?station=ceshi');
  t.match(await plain.getByRole('table').locator('caption').innerText(), '该站点已停用');

  await hall.goto(plain, '/stations/ceshi');
  await plain.getByRole('link', { name: '启用此站点…' }).click();
  await plain.getByRole('button', { name: '确认启用' }).click();
  await plain.waitForURL(`${hall.url}/stations`);
  t.match(await notice(plain), '已启用站点：测试改名新区（ceshi）');
  t.ok((await publicStations()).includes('ceshi'));
});

t.test('an operator disables and re-enables a station admin', async (t) => {
  const admin = await hall.createStaff('ceshi', {
    username: 'csadmin',
    password: 'Ceshi#Admin2026',
    name: '测试管理员',
    roles: ['station_admin'],
  });
  await hall.goto(page, '/admins?station=ceshi');
  await page.getByRole('link', { name: '停用 测试管理员' }).click();
  await page.waitForURL(`${hall.url}/admins/${admin.id}/status?station=ceshi`);
  await page.getByRole('button', { name: '确认停用' }).click();
  await page.waitForURL(`${hall.url}/admins?station=ceshi`);
  t.match(await notice(page), '已停用站点管理员：测试管理员（csadmin）');
  t.match(await page.getByRole('row', { name: /测试管理员/ }).innerText(), '已停用');
  await page.getByRole('link', { name: '启用 测试管理员' }).click();
  await page.getByRole('button', { name: '确认启用' }).click();
  await page.waitForURL(`${hall.url}/admins?station=ceshi`);
  t.match(await page.getByRole('row', { name: /测试管理员/ }).innerText(), '正常');
});

t.test('an unknown station answers 404 in Chinese', async (t) => {
  const response = await page.goto(`${hall.url}/stations/nowhere`);
  t.equal(response?.status(), 404);
  t.match(await page.locator('main').innerText(), '站点“nowhere”不存在');
});
