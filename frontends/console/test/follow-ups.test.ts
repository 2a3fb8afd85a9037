/**
 * 差评跟进: a citizen's 不满意 evaluation (through the submissions API) opens a task the station's
 * staff see with the evaluation; they record a response and it moves to 已回复. A good
 * evaluation opens none.
 */
import t from 'tap';
import { notice, signIn } from './support/hall';
import {
  act,
  call,
  newCitizen,
  newStaff,
  seedItem,
  startCaseHall,
  submitApplication,
} from './support/cases';

const hall = await startCaseHall(t);
const admin = await newStaff(hall, 'yuzhong', '陈站长', ['station_admin']);
const clerk = await newStaff(hall, 'yuzhong', '李受理', ['clerk']);
const item = await seedItem(hall, 'yuzhong', await admin.token());
const citizen = await newCitizen(hall, '张晓红');

/** An application taken to 办结 by the station admin, then evaluated by its applicant. */
async function evaluated(level: number, comment: string) {
  const app = await submitApplication(hall, citizen, 'yuzhong', item);
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
      indicators: { overall: level, efficiency: 1, guideAccuracy: 3, convenience: 2, usability: 4 },
      comment,
      anonymous: false,
    },
  );
  return app;
}

const bad = await evaluated(2, '窗口排队时间太长，材料要求说明不清楚。');
const good = await evaluated(5, '办理很快。');

t.test('the 差评 appears with its evaluation; a response moves it to 已回复', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, clerk.username, clerk.password);
  const nav = page.getByRole('navigation', { name: '控制台导航' });
  await nav.getByRole('link', { name: '差评跟进' }).click();
  await page.waitForURL(`${hall.url}/follow-ups`);
  const tabs = page.getByRole('navigation', { name: '差评跟进' });
  t.same(
    await tabs.getByRole('link').evaluateAll((a) => a.map((x) => x.getAttribute('aria-label'))),
    ['待跟进，1 件', '已回复，0 件'],
    'only the 差评 opened a task',
  );
  const task = page.getByRole('listitem').filter({ hasText: bad.serial });
  t.match(await task.innerText(), /✕ 不满意/);
  t.match(await task.innerText(), /窗口排队时间太长，材料要求说明不清楚。/);
  t.equal(await page.getByText(good.serial).count(), 0, 'a 非常满意 is not followed up');

  await task.getByRole('button', { name: '提交回复' }).click();
  await task.getByRole('alert').waitFor();
  t.match(await task.getByRole('alert').innerText(), /请填写跟进回复/);

  await task.getByLabel('跟进回复').fill('已电话联系申请人致歉，窗口增设取号机并更新材料说明。');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('state') === 'responded'),
    task.getByRole('button', { name: '提交回复' }).click(),
  ]);
  t.equal(await notice(page), '✓ 已记录跟进回复');
  t.same(
    await tabs.getByRole('link').evaluateAll((a) => a.map((x) => x.getAttribute('aria-label'))),
    ['待跟进，0 件', '已回复，1 件'],
  );
  const done = page.getByRole('listitem').filter({ hasText: bad.serial });
  t.match(
    await done.innerText(),
    /跟进回复\s*已电话联系申请人致歉，窗口增设取号机并更新材料说明。/,
  );
  t.match(await done.innerText(), /回复时间\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  t.equal(await done.getByRole('button').count(), 0, 'nothing more to do');

  await hall.goto(page, '/follow-ups');
  t.match(await page.locator('main').innerText(), /暂无待跟进的差评/);

  // The application's own page shows the evaluation and its indicators.
  await hall.goto(page, `/applications/${bad.id}`);
  const evaluation = page.getByRole('region', { name: '评价', exact: true });
  t.match(await evaluation.innerText(), /✕ 差评\s*不满意/);
  t.match(await evaluation.innerText(), /办事效率\s*1 分/);
  await page.context().close();
});
