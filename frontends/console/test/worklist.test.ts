/**
 * 办件工作台: queues with counts, overdue applications first (submitted "days ago" on
 * submissions' clock) with 逾期 and the working days past, search by 申办流水号, 申请人 and
 * 提交日期; who may open it (an editor may not; another station's staff get 404).
 */
import { addCalendarDays, dueAfter, isWorkday } from '@hall/platform/calendar';
import t from 'tap';
import type { Page } from 'playwright-core';
import { signIn } from './support/hall';
import {
  act,
  applicantView,
  newCitizen,
  newStaff,
  seedItem,
  startCaseHall,
  submitApplication,
  type Submitted,
} from './support/cases';

const hall = await startCaseHall(t);
const admin = await newStaff(hall, 'yuzhong', '陈站长', ['station_admin']);
const clerk = await newStaff(hall, 'yuzhong', '李受理', ['clerk']);
const editor = await newStaff(hall, 'yuzhong', '周编辑', ['editor']);
const jbClerk = await newStaff(hall, 'jiangbei', '江北受理', ['clerk']);
const item = await seedItem(hall, 'yuzhong', await admin.token());
const zhang = await newCitizen(hall, '张晓红');
const li = await newCitizen(hall, '李明');

const DAY = 86_400_000;
/** A day in Shanghai as YYYY-MM-DD. */
const shanghaiDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Submitted `daysAgo` days ago on submissions' clock. */
async function submittedDaysAgo(daysAgo: number, who = zhang): Promise<Submitted & { at: Date }> {
  const at = new Date(Date.now() - daysAgo * DAY);
  hall.clock.set(at);
  try {
    return { ...(await submitApplication(hall, who, 'yuzhong', item)), at };
  } finally {
    hall.clock.reset();
  }
}

const older = await submittedDaysAgo(20);
const old = await submittedDaysAgo(10, li);
const fresh = await submittedDaysAgo(0);
const accepted = await submittedDaysAgo(0);
const clerkToken = await clerk.token();
await act(hall, clerkToken, 'yuzhong', accepted.id, 'prereview');
await act(hall, clerkToken, 'yuzhong', accepted.id, 'accept');

let page: Page;
t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, clerk.username, clerk.password);
});

const serials = (p: Page) =>
  p.getByRole('table').locator('tbody th[scope="row"] a').allInnerTexts();

/** The queue tabs as a screen reader names them. */
const tabNames = (p: Page) =>
  p
    .getByRole('navigation', { name: '办件队列' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')));

t.test('全部: overdue first, with 逾期 and the working days past', async (t) => {
  await hall.goto(page, '/applications');
  // The two on time by due time: 待预审 (2 working days) before 已受理 (5).
  t.same(await serials(page), [older.serial, old.serial, fresh.serial, accepted.serial]);
  const caption = await page.getByRole('table').locator('caption').innerText();
  t.match(caption, /全部（共 4 件，其中逾期 2 件；第 1 \/ 1 页）/);
  const rows = page.getByRole('table').locator('tbody tr');
  const overdueDays = async (i: number) =>
    Number(/超期 (\d+) 个工作日/.exec(await rows.nth(i).innerText())?.[1] ?? Number.NaN);
  t.match(await rows.nth(0).innerText(), /⚠ 逾期/);
  t.ok((await overdueDays(0)) > (await overdueDays(1)), 'the older is further past its time');
  // 2 working days to act from the day after submission; late by every working day since.
  const due = shanghaiDay(dueAfter(old.at, { value: 2, unit: 'workday' }));
  let late = 0;
  const today = shanghaiDay(new Date());
  for (let day = addCalendarDays(due, 1); day <= today; day = addCalendarDays(day, 1))
    if (isWorkday(day)) late++;
  t.ok(late >= 3, `10 days ago is at least 3 working days late (${late} today)`);
  t.equal(await overdueDays(1), late, '10 days ago with 2 working days to act');
  t.notMatch(await rows.nth(2).innerText(), /逾期/);
  t.match(await rows.nth(2).innerText(), /剩余 \d 个工作日|今日到期/);
});

t.test('queues: tabs with counts; each lists its own', async (t) => {
  await hall.goto(page, '/applications');
  const tabs = page.getByRole('navigation', { name: '办件队列' });
  t.same(await tabNames(page), [
    '待预审，3 件',
    '待受理，0 件',
    '补正中，0 件',
    '待办结，1 件',
    '全部，4 件',
  ]);
  t.equal(await tabs.getByRole('link', { name: /全部/ }).getAttribute('aria-current'), 'page');
  await tabs.getByRole('link', { name: /待办结/ }).click();
  await page.waitForURL((u) => u.searchParams.get('queue') === 'complete');
  t.same(await serials(page), [accepted.serial]);
  await tabs.getByRole('link', { name: /待受理/ }).click();
  await page.waitForURL((u) => u.searchParams.get('queue') === 'accept');
  t.match(await page.getByRole('table').innerText(), /此队列暂无办件/);
});

t.test('search by serial, by applicant, by date range; only overdue', async (t) => {
  await hall.goto(page, '/applications');
  await page.locator('#f-serial').fill(old.serial);
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((u) => u.searchParams.get('serial') === old.serial);
  t.same(await serials(page), [old.serial]);
  t.match(await page.getByRole('table').locator('caption').innerText(), /已检索/);

  await hall.goto(page, '/applications');
  await page.locator('#f-applicant').fill('李明');
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((u) => u.searchParams.get('applicant') === '李明');
  t.same(await serials(page), [old.serial], 'only 李明’s');
  t.same(
    await tabNames(page),
    ['待预审，1 件', '待受理，0 件', '补正中，0 件', '待办结，0 件', '全部，1 件'],
    'the counts follow the search',
  );

  const day = shanghaiDay(older.at);
  await hall.goto(page, `/applications?from=${day}&to=${day}`);
  t.same(await serials(page), [older.serial], 'submitted that day');
  t.equal(await page.locator('#f-from').inputValue(), day);
  await hall.goto(page, `/applications?from=${shanghaiDay(old.at)}`);
  t.same(await serials(page), [old.serial, fresh.serial, accepted.serial], 'from that day on');

  await hall.goto(page, `/applications?from=${shanghaiDay(new Date())}&to=${day}`);
  t.match(await page.getByRole('alert').innerText(), /结束日期不能早于开始日期/);

  await hall.goto(page, '/applications');
  await page.getByRole('checkbox', { name: '仅显示逾期办件' }).check();
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((u) => u.searchParams.get('overdue') === 'true');
  t.same(await serials(page), [older.serial, old.serial]);
  await page.getByRole('link', { name: '清除检索条件' }).click();
  await page.waitForURL(`${hall.url}/applications`);
  t.equal((await serials(page)).length, 4);
});

t.test('an editor sees no 办件 section and gets 403 on its pages', async (t) => {
  const p = await hall.newPage();
  await signIn(hall, p, editor.username, editor.password);
  const nav = p.getByRole('navigation', { name: '控制台导航' });
  t.equal(await nav.getByText('办件工作台').count(), 0);
  t.equal(await nav.getByText('差评跟进').count(), 0);
  t.equal(await p.locator('main').getByText('办件工作台').count(), 0, 'nor on the home page');
  for (const path of [
    '/applications',
    `/applications/${old.id}`,
    `/applications/${old.id}/prereview`,
    `/applications/${old.id}/files/${old.files.idCard}/content`,
    '/follow-ups',
  ]) {
    const res = await p.goto(`${hall.url}${path}`);
    t.equal(res?.status(), 403, path);
  }
  t.match(await p.locator('main').innerText(), /无权访问/);
  await p.context().close();
});

t.test('another station’s staff get 404 for the application', async (t) => {
  const p = await hall.newPage();
  await signIn(hall, p, jbClerk.username, jbClerk.password);
  await hall.goto(p, '/applications');
  t.match(await p.getByRole('table').innerText(), /此队列暂无办件/, '江北区 has none');
  for (const path of [
    `/applications/${old.id}`,
    `/applications/${old.id}/prereview`,
    `/applications/${old.id}/files/${old.files.idCard}`,
    `/applications/${old.id}/files/${old.files.idCard}/content`,
  ]) {
    const res = await p.goto(`${hall.url}${path}`);
    t.equal(res?.status(), 404, path);
    const body = await res!.text();
    t.notMatch(body, /李明|身份证|教师资格/, `${path}: nothing of it is shown`);
  }
  // A decision posted anyway is refused by submissions the same way.
  const res = await p.request.post(`${hall.url}/applications/${old.id}/prereview`, {
    form: { revision: '1' },
    headers: { origin: hall.url, accept: 'text/html' },
  });
  t.equal(res.status(), 404);
  t.match(await res.text(), /不存在/);
  t.equal((await applicantView(hall, li, old.id)).state, 'submitted', 'nothing changed');
  await p.context().close();
});

t.test('下一页 pages through 20 at a time, keeping the search', async (t) => {
  const wang = await newCitizen(hall, '王芳');
  const made: string[] = [];
  for (let i = 0; i < 21; i++)
    made.push((await submitApplication(hall, wang, 'yuzhong', item)).serial);
  await hall.goto(page, '/applications?queue=prereview&applicant=王芳');
  const first = await serials(page);
  t.equal(first.length, 20);
  t.match(
    await page.getByRole('table').locator('caption').innerText(),
    /待预审（共 21 件，已检索；第 1 \/ 2 页）/,
  );
  t.equal(await page.getByRole('link', { name: '上一页' }).count(), 0);
  await page.getByRole('link', { name: '下一页' }).click();
  await page.waitForURL((u) => u.searchParams.get('page') === '2');
  const url = new URL(page.url());
  t.equal(url.searchParams.get('applicant'), '王芳', 'the search is kept');
  t.equal(url.searchParams.get('queue'), 'prereview', 'and the queue');
  const second = await serials(page);
  t.equal(second.length, 1);
  t.same([...first, ...second].sort(), [...made].sort(), 'each once');
  await page.getByRole('link', { name: '上一页' }).click();
  await page.waitForURL((u) => !u.searchParams.has('page'));
  t.same(await serials(page), first);
});
