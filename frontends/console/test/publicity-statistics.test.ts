/**
 * 办件统计: applications submitted, completed and evaluated through the real submissions service
 * reach the publicity service's statistics; the console's figures are those of its JSON, the
 * charts are drawn on the server (no JavaScript needed) with a text alternative and a data table
 * each. Any staff member of the station sees it; operators do not.
 */
import t from 'tap';
import { OPERATOR, PHONE, signIn } from './support/hall';
import {
  act,
  call,
  newCitizen,
  seedItem,
  submitApplication,
  TestClock,
  type CaseHall,
} from './support/cases';
import {
  newStaff,
  publicity,
  scrollsSideways,
  startPublicityHall,
  waitFor,
} from './support/publicity';

const started = await startPublicityHall(t, { submissions: true });
// The applications helpers of the 办件 tests, on this hall (submissions on the real clock).
const hall: CaseHall = {
  ...started,
  submissionsUrl: started.submissionsUrl!,
  materialsUrl: started.materialsUrl!,
  clock: new TestClock(),
};
const admin = await newStaff(hall, 'yuzhong', '陈站长', ['station_admin']);
const clerk = await newStaff(hall, 'yuzhong', '李受理', ['clerk']);
const item = await seedItem(hall, 'yuzhong', await admin.token());
const citizen = await newCitizen(hall, '张晓红');

interface Statistics {
  today: string;
  received: { today: number; month: number; total: number };
  completed: { today: number; month: number; total: number };
  onTime: { month: { rate: number | null }; total: { rate: number | null } };
  satisfaction: {
    month: { satisfiedShare: number | null; evaluations: number };
    total: { satisfiedShare: number | null; evaluations: number };
  };
  daily: Array<{
    day: string;
    received: number;
    completed: number;
    completedOnTime: number;
    evaluations: number;
    satisfied: number;
  }>;
}

/** Submitted, then (for a level) taken to 办结 and evaluated by the applicant. */
async function application(level: number | null) {
  const app = await submitApplication(hall, citizen, 'yuzhong', item);
  if (level === null) return;
  const token = await admin.token();
  await act(hall, token, 'yuzhong', app.id, 'prereview');
  await act(hall, token, 'yuzhong', app.id, 'accept');
  await act(hall, token, 'yuzhong', app.id, 'complete', { outcome: 'approved' });
  await call(
    hall.submissionsUrl,
    'POST',
    `/applications/${app.id}/evaluation`,
    await citizen.token(),
    {
      level,
      indicators: { overall: level, efficiency: 3, guideAccuracy: 3, convenience: 3, usability: 3 },
      comment: level >= 4 ? '办理很快。' : '等待时间较长。',
      anonymous: false,
    },
  );
}
await application(null);
await application(5);
await application(2);

const stats = await waitFor('the applications in the statistics', async () => {
  const { body } = await publicity<Statistics>(started, 'GET', '/stations/yuzhong/statistics');
  return body.received.today === 3 &&
    body.completed.today === 2 &&
    body.satisfaction.total.evaluations === 2
    ? body
    : undefined;
});

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

t.test('a clerk opens 办件统计: the figures are the service’s', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, clerk.username, clerk.password);
  const nav = page.getByRole('navigation', { name: '控制台导航' });
  t.equal(await nav.getByRole('link', { name: '通知公告' }).count(), 0, 'no 信息发布 for a clerk');
  await nav.getByRole('link', { name: '办件统计' }).click();
  await page.waitForURL(`${hall.url}/statistics`);
  const figure = (label: string) => page.locator(`dt:text-is("${label}") + dd`).innerText();
  const expected: Array<[string, string]> = [
    ['今日受理', String(stats.received.today)],
    ['本月受理', String(stats.received.month)],
    ['累计受理', String(stats.received.total)],
    ['今日办结', String(stats.completed.today)],
    ['本月办结', String(stats.completed.month)],
    ['累计办结', String(stats.completed.total)],
    ['本月按时办结率', percent(stats.onTime.month.rate)],
    ['累计按时办结率', percent(stats.onTime.total.rate)],
    ['本月满意率', percent(stats.satisfaction.month.satisfiedShare)],
    ['累计满意率', percent(stats.satisfaction.total.satisfiedShare)],
  ];
  for (const [label, value] of expected) t.equal(await figure(label), value, label);
  t.equal(await figure('累计满意率'), '50.0%', 'one of two evaluations satisfied');
  t.match(await page.locator('main').innerText(), new RegExp(`统计至 ${stats.today}`));

  const res = await page.goto(`${hall.url}/notices`);
  t.equal(res?.status(), 403, 'a clerk does not publish');
  await page.context().close();
});

t.test('the charts: drawn on the server, each with a text alternative and a table', async (t) => {
  const page = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, page, clerk.username, clerk.password);
  await hall.goto(page, '/statistics');
  const today = stats.daily.at(-1)!;
  t.equal(today.day, stats.today);
  for (const [title, keys] of [
    ['每日受理与办结（件）', ['received', 'completed']],
    ['每日办结与按时办结（件）', ['completed', 'completedOnTime']],
    ['每日评价与满意（条）', ['evaluations', 'satisfied']],
  ] as const) {
    const chart = page.getByRole('figure', { name: title });
    const image = chart.getByRole('img', { name: title });
    t.equal(await image.count(), 1, `${title}: a labelled image`);
    const description = await image.evaluate(
      (svg) =>
        document.getElementById(svg.getAttribute('aria-labelledby')!.split(' ')[1]!)?.textContent,
    );
    t.match(description, new RegExp(`至 ${stats.today}`), `${title}: described`);
    t.ok((await chart.locator('rect').count()) > 0, `${title}: bars drawn without JavaScript`);
    await chart.getByText('查看数据表').click();
    const rows = chart.getByRole('table').locator('tbody tr');
    t.equal(await rows.count(), 30, `${title}: 30 days in the table`);
    t.same(
      await rows.last().locator('th, td').allInnerTexts(),
      [today.day, ...keys.map((k) => String(today[k]))],
      `${title}: today's figures`,
    );
  }
  await page.context().close();
});

t.test('operators have no station: 403; 375 px fits', async (t) => {
  const operator = await hall.newPage();
  await signIn(hall, operator, OPERATOR.username, OPERATOR.password);
  const res = await operator.goto(`${hall.url}/statistics`);
  t.equal(res?.status(), 403);
  await operator.context().close();

  const phone = await hall.newPage({ viewport: PHONE });
  await signIn(hall, phone, admin.username, admin.password);
  await hall.goto(phone, '/statistics');
  t.notOk(await scrollsSideways(phone), '/statistics does not scroll sideways');
  await phone.context().close();
});
