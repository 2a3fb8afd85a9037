/**
 * 审计日志: a station admin's filters (event type, outcome, date range) and paging (下一页),
 * times in Asia/Shanghai; an operator reads every station's, narrowed by a station filter.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { newUsername, OPERATOR, PASSWORD, signIn, startHall } from './support/hall';

const hall = await startHall(t);

const admin = { username: newUsername('yzadmin'), password: PASSWORD, name: '陈渝中' };
await hall.createStaff('yuzhong', { ...admin, roles: ['station_admin'] });
const jbAdmin = { username: newUsername('jbadmin'), password: PASSWORD, name: '江北管理员' };
await hall.createStaff('jiangbei', { ...jbAdmin, roles: ['station_admin'] });
// 22 new staff: 22 staff.created entries, more than one page (20).
for (let i = 0; i < 22; i++) {
  await hall.createStaff('yuzhong', {
    username: newUsername('bulk'),
    password: PASSWORD,
    name: `批量${String(i + 1).padStart(2, '0')}`,
    roles: ['clerk'],
  });
}
// Two wrong passwords (failures) and one sign-in of 江北区's admin.
for (let i = 0; i < 2; i++) {
  await fetch(`${hall.identityUrl}/staff/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: admin.username, password: 'Wrong#2026pw' }),
  });
}
await hall.staffToken(jbAdmin.username, jbAdmin.password);

/** Today in Shanghai, and the day after, as YYYY-MM-DD. */
const shanghaiDay = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function rows(page: Page): Promise<string[][]> {
  return page
    .getByRole('table')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText.trim())),
    );
}

let page: Page;
t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, admin.username, admin.password);
});

t.test('the log is a captioned table with column headers, newest first, in 北京时间', async (t) => {
  await page
    .getByRole('navigation', { name: '控制台导航' })
    .getByRole('link', { name: '审计日志' })
    .click();
  await page.waitForURL(`${hall.url}/audit`);
  const table = page.getByRole('table', { name: /渝中区审计日志（第 1 页）/ });
  t.equal(await table.count(), 1);
  t.same(await table.locator('thead th').allInnerTexts(), [
    '时间（北京时间）',
    '事件',
    '结果',
    '操作人',
    '对象',
    '来源 IP',
    '说明',
  ]);
  const first = await rows(page);
  t.equal(first.length, 20, 'a page holds 20 entries');
  t.same(first[0]!.slice(1, 4), ['登录成功', '✓ 成功', `${admin.name}（本人）`]);
  // The time shown is the entry's instant in Asia/Shanghai.
  const times = await table
    .locator('tbody time')
    .evaluateAll((els) =>
      els.map((el): [string, string] => [
        el.getAttribute('datetime')!,
        (el as HTMLElement).innerText,
      ]),
    );
  for (const [iso, text] of times.slice(0, 3)) {
    const shanghai = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
    t.equal(text, `${shanghai.slice(0, 10)} ${shanghai.slice(11, 19)}`, `${iso} shown as ${text}`);
  }
  const sorted = [...times].sort((a, b) => b[0].localeCompare(a[0]));
  t.same(times, sorted, 'newest first');
  t.notMatch(await page.locator('main').innerText(), /江北/);
});

t.test('filter by event type and outcome', async (t) => {
  await hall.goto(page, '/audit');
  await page.locator('#f-event').selectOption({ label: '登录失败' });
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((u) => u.searchParams.get('event') === 'login.failed');
  let found = await rows(page);
  t.equal(found.length, 2, 'the two wrong passwords');
  for (const row of found) {
    t.equal(row[1], '登录失败');
    t.equal(row[2], '✕ 失败');
    t.match(row[6], /工作人员登录；密码错误；连续失败\d次/);
  }
  t.match(await page.getByRole('table').locator('caption').innerText(), '已筛选');

  await page.locator('#f-event').selectOption('');
  await page.locator('#f-outcome').selectOption({ label: '成功' });
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL(
    (u) => u.searchParams.get('outcome') === 'success' && !u.searchParams.get('event'),
  );
  found = await rows(page);
  t.ok(found.length > 0);
  t.ok(
    found.every((r) => r[2] === '✓ 成功'),
    'only successes',
  );

  await page.getByRole('link', { name: '清除筛选' }).click();
  await page.waitForURL(`${hall.url}/audit`);
  t.equal(await page.locator('#f-outcome').inputValue(), '');
});

t.test('filter by date range (days in Shanghai), with a wrong range reported', async (t) => {
  const today = shanghaiDay();
  const tomorrow = shanghaiDay(1);
  await hall.goto(page, `/audit?from=${today}&to=${today}`);
  t.equal((await rows(page)).length, 20, 'today has entries');
  t.equal(await page.locator('#f-from').inputValue(), today, 'the filter shows what was asked');

  await hall.goto(page, `/audit?from=${tomorrow}`);
  t.match(await page.getByRole('table').innerText(), '没有符合条件的记录');

  await hall.goto(page, `/audit?from=${tomorrow}&to=${today}`);
  t.match(await page.getByRole('alert').innerText(), '结束日期不能早于开始日期');
  t.equal(await page.locator('#f-to').getAttribute('aria-invalid'), 'true');

  await hall.goto(page, '/audit?from=2026-02-30');
  t.match(await page.getByRole('alert').innerText(), '请填写正确的日期');
});

t.test('下一页 pages through the log, keeping the filters', async (t) => {
  await hall.goto(page, '/audit?event=staff.created');
  const first = await rows(page);
  t.equal(first.length, 20);
  t.ok(first.every((r) => r[1] === '新增工作人员'));
  t.equal(await page.getByRole('link', { name: '第一页' }).count(), 0);
  await page.getByRole('link', { name: '下一页' }).click();
  await page.waitForURL((u) => u.searchParams.has('before'));
  const url = new URL(page.url());
  t.equal(url.searchParams.get('event'), 'staff.created', 'the filter is kept');
  t.equal(url.searchParams.get('page'), '2');
  t.match(await page.getByRole('table').locator('caption').innerText(), '第 2 页');
  const second = await rows(page);
  // 22 bulk + the admin themself (created in 渝中区 by the operator).
  t.equal(second.length, 3);
  t.ok(second.every((r) => r[1] === '新增工作人员'));
  const ids = (r: string[][]) => r.map((x) => x[4]);
  t.same(
    ids(second).filter((x) => ids(first).includes(x)),
    [],
    'no entry twice',
  );
  t.equal(await page.getByRole('link', { name: '下一页' }).count(), 0);
  t.match(await page.locator('.pager').innerText(), '已是最后一页');
  await page.getByRole('link', { name: '第一页' }).click();
  await page.waitForURL(`${hall.url}/audit?event=staff.created`);
});

t.test('filters work without JavaScript (a GET form)', async (t) => {
  const plain = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, plain, admin.username, admin.password);
  await hall.goto(plain, '/audit');
  await plain.locator('#f-outcome').selectOption('failure');
  await plain.getByRole('button', { name: '查询' }).click();
  await plain.waitForURL((u) => u.searchParams.get('outcome') === 'failure');
  const found = await rows(plain);
  t.equal(found.length, 2);
});

t.test('an operator reads every station’s log and narrows it to one station', async (t) => {
  const op = await hall.newPage();
  await signIn(hall, op, OPERATOR.username, OPERATOR.password);
  await op
    .getByRole('navigation', { name: '控制台导航' })
    .getByRole('link', { name: '审计日志' })
    .click();
  await op.waitForURL(`${hall.url}/audit`);
  t.match(await op.locator('h1').innerText(), '审计日志（全部站点）');
  const headers = await op.getByRole('table').locator('thead th').allInnerTexts();
  t.equal(headers[1], '站点');
  const all = await rows(op);
  t.ok(
    all.some((r) => r[1] === '江北区'),
    '江北区 entries',
  );
  t.ok(
    all.some((r) => r[1] === '渝中区'),
    '渝中区 entries',
  );

  await op.locator('#f-station').selectOption({ label: '江北区' });
  await op.getByRole('button', { name: '查询' }).click();
  await op.waitForURL((u) => u.searchParams.get('station') === 'jiangbei');
  const jiangbei = await rows(op);
  t.ok(jiangbei.length >= 2);
  t.ok(
    jiangbei.every((r) => r[1] === '江北区'),
    'only 江北区',
  );
  t.ok(
    jiangbei.some((r) => r[4] === `${jbAdmin.name}（${jbAdmin.username}）`),
    'people of the chosen station are named',
  );
});
