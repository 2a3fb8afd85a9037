/**
 * 办件 in the console, through the real services: a clerk pre-reviews and sends an application
 * back for 补齐补正 (a material and a form field), the applicant resubmits through the
 * submissions API, the clerk accepts, an approver completes it with a result file, a licence and
 * a fee; the audit log lists it all. Then 驳回 (without JavaScript) and 不予受理, and two pages
 * deciding on one application at once.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { notice, signIn } from './support/hall';
import {
  applicantView,
  call,
  newCitizen,
  newStaff,
  pdfFile,
  pngFile,
  seedItem,
  startCaseHall,
  submitApplication,
  upload,
  waitFor,
} from './support/cases';

const hall = await startCaseHall(t);
const admin = await newStaff(hall, 'yuzhong', '陈站长', ['station_admin']);
const clerk = await newStaff(hall, 'yuzhong', '李受理', ['clerk']);
const approver = await newStaff(hall, 'yuzhong', '王审批', ['approver']);
const item = await seedItem(hall, 'yuzhong', await admin.token());
const citizen = await newCitizen(hall, '张晓红');
const first = await submitApplication(hall, citizen, 'yuzhong', item);

let clerkPage: Page;
t.before(async () => {
  clerkPage = await hall.newPage();
  await signIn(hall, clerkPage, clerk.username, clerk.password);
});

/** The text of a definition list's value next to the term `term`. */
const dd = (page: Page, term: string) =>
  page.locator(`dt:text-is("${term}") + dd`).first().innerText();

/** The file's content through the console, once materials has the grant (a moment after submit). */
async function content(page: Page, path: string) {
  return waitFor(`${path} to be readable`, async () => {
    const res = await page.request.get(`${hall.url}${path}`);
    return res.status() === 200 ? res : undefined;
  });
}

t.test('the clerk opens the application from the worklist and sees all it holds', async (t) => {
  const nav = clerkPage.getByRole('navigation', { name: '控制台导航' });
  await nav.getByRole('link', { name: '办件工作台' }).click();
  await clerkPage.waitForURL(`${hall.url}/applications`);
  const row = clerkPage.getByRole('row').filter({ hasText: first.serial });
  t.match(await row.innerText(), /张晓红/);
  t.match(await row.innerText(), /待预审/);
  t.match(await row.innerText(), /剩余 \d 个工作日|今日到期/, 'the time left is shown');
  t.match(await row.innerText(), /500103\*+\d{3}[\dX]/, 'the ID number is masked in the list');
  await row.getByRole('link', { name: first.serial }).click();
  await clerkPage.waitForURL(`${hall.url}/applications/${first.id}`);

  t.equal(await clerkPage.getByRole('heading', { level: 1 }).innerText(), item.name);
  t.equal(await dd(clerkPage, '证件号码'), citizen.idNumber, 'full ID number for the handler');
  t.equal(await dd(clerkPage, '手机号码'), citizen.mobile);
  t.equal(await dd(clerkPage, '毕业学校'), '西南大学', 'answers under the form labels');
  t.equal(await dd(clerkPage, '申请资格种类'), '初级中学教师资格', 'option labels, not codes');

  const materials = clerkPage.getByRole('table', { name: '申请材料及提供情况' });
  const windowRow = materials.getByRole('row').filter({ hasText: '体检表' });
  t.match(await windowRow.innerText(), /⚑ 窗口提交/);
  t.match(await windowRow.innerText(), /须在窗口收取纸质材料/);

  const actions = clerkPage.getByRole('region', { name: '办理', exact: true });
  t.same(
    await actions.getByRole('link').allInnerTexts(),
    ['预审通过…', '补齐补正…', '不予受理…', '驳回…'],
    'a clerk is offered what 待预审 allows a clerk',
  );

  // 身份证.png: a preview page showing the image, and its bytes streamed from materials.
  await materials.getByRole('link', { name: '预览：身份证.png' }).click();
  await clerkPage.waitForURL(`${hall.url}/applications/${first.id}/files/${first.files.idCard}`);
  const image = clerkPage.getByRole('img', { name: '申请材料：身份证.png' });
  const src = await image.getAttribute('src');
  const png = await content(clerkPage, src!);
  t.equal(png.headers()['content-type'], 'image/png');
  t.match(png.headers()['content-disposition'], /^inline/);
  t.same(Buffer.from(await png.body()), pngFile(), 'the bytes the applicant uploaded');
  await clerkPage.reload();
  t.ok(
    await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 240),
    'the browser shows the image',
  );

  const pdf = await content(
    clerkPage,
    `/applications/${first.id}/files/${first.files.diploma}/content`,
  );
  t.equal(pdf.headers()['content-type'], 'application/pdf');
  t.match(pdf.headers()['content-disposition'], /^attachment/, 'a download unless previewed');
  t.equal(pdf.headers()['cache-control'], 'private, no-store');

  const stranger = await upload(
    hall,
    await citizen.token(),
    '别的.pdf',
    pdfFile(),
    'application/pdf',
  );
  const res = await clerkPage.request.get(
    `${hall.url}/applications/${first.id}/files/${stranger.id}/content`,
  );
  t.equal(res.status(), 404, 'a file the application does not hold is not served');
});

t.test('补齐补正: the clerk asks for exactly a material and a field', async (t) => {
  await hall.goto(clerkPage, `/applications/${first.id}`);
  await clerkPage.getByRole('link', { name: '补齐补正…' }).click();
  await clerkPage.waitForURL(`${hall.url}/applications/${first.id}/supplement`);
  t.equal(
    await clerkPage.getByRole('checkbox', { name: /体检表/ }).count(),
    0,
    '窗口提交 materials are not offered',
  );

  await clerkPage.getByRole('button', { name: '确认补齐补正' }).click();
  const alert = clerkPage.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.innerText(), /补齐补正的说明|补齐补正的材料或信息/, 'nothing chosen');
  t.equal(new URL(clerkPage.url()).pathname, `/applications/${first.id}/supplement`);

  await clerkPage.getByRole('checkbox', { name: /学历证书/ }).check();
  await clerkPage.getByRole('checkbox', { name: /毕业学校/ }).check();
  await clerkPage.locator('#f-note').fill('学历证书扫描件不清晰，请重新上传；毕业学校请填写全称。');
  await Promise.all([
    clerkPage.waitForURL(`${hall.url}/applications/${first.id}`),
    clerkPage.getByRole('button', { name: '确认补齐补正' }).click(),
  ]);
  t.equal(await notice(clerkPage), `✓ 操作成功：已补齐补正（申办流水号 ${first.serial}）`);
  t.match(await dd(clerkPage, '办理状态'), /补齐补正/);
  t.equal(await dd(clerkPage, '需补正材料'), '学历证书');
  t.equal(await dd(clerkPage, '需补正信息'), '毕业学校');

  const seen = await applicantView<{
    state: string;
    revision: number;
    supplement: { materials: string[]; fields: string[] };
  }>(hall, citizen, first.id);
  t.equal(seen.state, 'supplement');
  t.same(seen.supplement.materials, [item.m.deferrable], 'exactly the material chosen');
  t.same(seen.supplement.fields, ['answers/school'], 'exactly the field chosen');

  // The applicant supplies what was asked for, through the submissions API.
  const token = await citizen.token();
  const diploma = await upload(
    hall,
    token,
    '学历证书-清晰.pdf',
    pdfFile('Diploma 2'),
    'application/pdf',
  );
  const saved = await call<{ revision: number }>(
    hall.submissionsUrl,
    'PATCH',
    `/applications/${first.id}`,
    token,
    {
      answers: { school: '西南大学教育学院' },
      materials: [{ materialId: item.m.deferrable, provision: 'upload', fileIds: [diploma.id] }],
    },
    seen.revision,
  );
  await call(
    hall.submissionsUrl,
    'POST',
    `/applications/${first.id}/resubmit`,
    token,
    {},
    saved.revision,
  );

  await hall.goto(clerkPage, `/applications/${first.id}`);
  t.match(await dd(clerkPage, '办理状态'), /待预审/, 'back to 待预审 with the same serial');
  t.equal(await dd(clerkPage, '毕业学校'), '西南大学教育学院');
  t.match(await dd(clerkPage, '补正提交'), /^\d{4}-\d{2}-\d{2} /);
});

t.test('the clerk pre-reviews and accepts; a clerk cannot 办结', async (t) => {
  await clerkPage.getByRole('link', { name: '预审通过…' }).click();
  await clerkPage.locator('#f-opinion').fill('材料齐全，预审通过。');
  await Promise.all([
    clerkPage.waitForURL(`${hall.url}/applications/${first.id}`),
    clerkPage.getByRole('button', { name: '确认预审通过' }).click(),
  ]);
  t.match(await notice(clerkPage), /已预审通过/);
  t.match(await dd(clerkPage, '办理状态'), /待受理/);

  await clerkPage.getByRole('link', { name: '受理…', exact: true }).click();
  await clerkPage.waitForURL(`${hall.url}/applications/${first.id}/accept`);
  await Promise.all([
    clerkPage.waitForURL(`${hall.url}/applications/${first.id}`),
    clerkPage.getByRole('button', { name: '确认受理' }).click(),
  ]);
  t.match(await dd(clerkPage, '办理状态'), /已受理/);
  t.match(await dd(clerkPage, '办结时限'), /^\d{4}-\d{2}-\d{2} 23:59:59 前$/);
  t.same(
    await clerkPage
      .getByRole('region', { name: '办理', exact: true })
      .getByRole('link')
      .allInnerTexts(),
    [],
    'a clerk has nothing to do with an accepted application',
  );

  const res = await clerkPage.goto(`${hall.url}/applications/${first.id}/complete`);
  t.equal(res?.status(), 403);
  t.match(await clerkPage.locator('main').innerText(), /无权访问[\s\S]*不能对办件进行“办结”/);
  const timeline = await clerkPage
    .goto(`${hall.url}/applications/${first.id}`)
    .then(() => clerkPage.getByRole('list', { name: '办理进度' }).innerText());
  t.match(timeline, /预审通过[\s\S]*办理人：受理人员（本人）[\s\S]*材料齐全，预审通过。/);
  t.match(timeline, /要求补齐补正[\s\S]*学历证书扫描件不清晰/, 'the note of 补齐补正');
});

t.test('the approver completes it with a result file, a licence and a fee', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, approver.username, approver.password);
  await hall.goto(page, '/applications?queue=complete');
  const row = page.getByRole('row').filter({ hasText: first.serial });
  await row.getByRole('link', { name: first.serial }).click();
  await page.getByRole('link', { name: '办结…' }).click();
  await page.waitForURL(`${hall.url}/applications/${first.id}/complete`);

  // The result file goes up first (with JavaScript: at once, with progress).
  await page.locator('#f-resultFile').setInputFiles({
    name: '教师资格证书.pdf',
    mimeType: 'application/pdf',
    buffer: pdfFile('Teacher certificate'),
  });
  const files = page.getByRole('region', { name: '结果材料', exact: true });
  await files.getByRole('listitem').filter({ hasText: '教师资格证书.pdf' }).waitFor();
  t.match(page.url(), /\?files=[0-9a-f-]{36}$/, 'the upload is listed by its id');

  await page.getByRole('radio', { name: '准予许可' }).check();
  await page.locator('#f-opinion').fill('符合条件，准予认定。');
  await page.locator('#f-licenceName').fill('教师资格证书');
  await page.locator('#f-licenceNumber').fill('20265001032000123');
  await page.locator('#f-licenceIssuer').fill('重庆市渝中区教育委员会');
  await page.locator('#f-licenceValidFrom').fill('2026-12-05');
  await page.locator('#f-feeName0').fill('证书工本费');
  await page.locator('#f-feeAmount0').fill('十元');
  await page.getByRole('button', { name: '确认办结' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.innerText(), /金额/);
  t.match(await alert.innerText(), /是否已缴费/);
  t.equal(await page.locator('#f-licenceName').inputValue(), '教师资格证书', 'input kept');

  await page.locator('#f-feeAmount0').fill('10.50');
  await page.getByRole('radio', { name: '已缴费' }).check();
  await Promise.all([
    page.waitForURL(`${hall.url}/applications/${first.id}`),
    page.getByRole('button', { name: '确认办结' }).click(),
  ]);
  t.match(await notice(page), /已办结/);
  t.match(await dd(page, '办理状态'), /办结/);
  t.match(await dd(page, '办理结果'), /✓ 准予许可/);
  t.equal(await dd(page, '证照编号'), '20265001032000123');
  t.equal(await dd(page, '有效期'), '2026-12-05 至 长期');
  const fees = page.getByRole('table', { name: /收费项目（✓ 已缴费）/ });
  t.match(await fees.innerText(), /证书工本费\s+10\.50[\s\S]*合计\s+10\.50/);

  const result = await applicantView<{
    state: string;
    outcome: string;
    result: { files: Array<{ name: string }>; fees: { total: number; paid: boolean } };
  }>(hall, citizen, first.id);
  t.equal(result.state, 'completed');
  t.equal(result.outcome, 'approved');
  t.same(
    result.result.files.map((f) => f.name),
    ['教师资格证书.pdf'],
  );
  t.same(result.result.fees, { ...result.result.fees, total: 10.5, paid: true });
  await page.context().close();
});

t.test('the station admin finds every action in the audit log', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, admin.username, admin.password);
  /** The rows of the log filtered on one event, once there are some. */
  const entries = (event: string) =>
    waitFor(`${event} in the audit log`, async () => {
      await hall.goto(page, `/audit?event=${event}`);
      const rows = await page
        .getByRole('table')
        .locator('tbody tr:not(:has(.empty))')
        .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText));
      return rows.length ? rows : undefined;
    });
  const serial = new RegExp(`申办流水号：${first.serial}`);

  const [completed] = await entries('submissions.application.completed');
  t.match(completed, /办结办件/);
  t.match(completed, /王审批/, 'who, by name');
  t.match(completed, serial);
  t.match(completed, /申办流水号：\d{20}；状态：已受理 → 办结；岗位：审批人员；结果：准予许可/);
  const [requested] = await entries('submissions.application.supplement_requested');
  t.match(requested, /李受理[\s\S]*申办流水号：\d{20}；状态：待预审 → 补齐补正；岗位：受理人员/);
  t.match((await entries('submissions.application.prereviewed')).join('\n'), serial);
  t.match((await entries('submissions.application.accepted')).join('\n'), serial);
  t.match((await entries('submissions.application.viewed'))[0], /查看办件[\s\S]*状态：/);
  const [uploaded] = await entries('materials.file.uploaded');
  t.match(uploaded, /上传结果材料[\s\S]*王审批[\s\S]*类型：PDF/);
  const viewed = await entries('materials.file.viewed');
  t.match(viewed.join('\n'), /查看申请材料[\s\S]*李受理/, "a look at an applicant's file");

  await hall.goto(page, '/audit');
  const all = await page.getByRole('table').innerText();
  t.notMatch(all, new RegExp(citizen.idNumber), 'no personal data in the log');
  t.notMatch(all, /张晓红/);
  await page.context().close();
});

t.test('驳回 without JavaScript: the reason is required and shown in the timeline', async (t) => {
  const second = await submitApplication(hall, citizen, 'yuzhong', item);
  const page = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, page, clerk.username, clerk.password);
  await hall.goto(page, `/applications/${second.id}`);
  await page.getByRole('link', { name: '驳回…' }).click();
  t.match(
    await page.locator('form.decision').innerText(),
    new RegExp(`确定要对申办流水号 ${second.serial} 的办件进行“驳回”吗`),
    'a confirmation, in the page',
  );
  await page.getByRole('button', { name: '确认驳回' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').innerText(), /请填写驳回理由/);
  t.equal(await page.locator('#f-reason').getAttribute('aria-invalid'), 'true');
  t.equal((await applicantView(hall, citizen, second.id)).state, 'submitted', 'nothing changed');

  await page.locator('#f-reason').fill('申请人不符合学历条件。');
  await page.getByRole('button', { name: '确认驳回' }).click();
  await page.waitForURL(`${hall.url}/applications/${second.id}`);
  t.match(await notice(page), /已驳回/);
  t.match(await dd(page, '办理状态'), /已驳回/);
  t.match(
    await page.getByRole('list', { name: '办理进度' }).innerText(),
    /驳回[\s\S]*已驳回[\s\S]*申请人不符合学历条件。/,
  );
  t.equal((await applicantView(hall, citizen, second.id)).state, 'rejected');
  await page.context().close();
});

t.test('不予受理 after 预审', async (t) => {
  const third = await submitApplication(hall, citizen, 'yuzhong', item);
  await hall.goto(clerkPage, `/applications/${third.id}/prereview`);
  await clerkPage.getByRole('button', { name: '确认预审通过' }).click();
  await clerkPage.waitForURL(`${hall.url}/applications/${third.id}`);
  await clerkPage.getByRole('link', { name: '不予受理…' }).click();
  await clerkPage.locator('#f-reason').fill('该事项不属于本部门职权范围。');
  await Promise.all([
    clerkPage.waitForURL(`${hall.url}/applications/${third.id}`),
    clerkPage.getByRole('button', { name: '确认不予受理' }).click(),
  ]);
  t.match(await dd(clerkPage, '办理状态'), /不予受理/);
  t.match(
    await clerkPage.getByRole('region', { name: '办理', exact: true }).innerText(),
    /已办理完毕/,
  );
  t.equal((await applicantView(hall, citizen, third.id)).state, 'not_accepted');
  const res = await clerkPage.goto(`${hall.url}/applications/${third.id}/accept`);
  t.equal(res?.status(), 409, 'a decision the state no longer allows');
  t.match(await clerkPage.locator('main').innerText(), /当前为“不予受理”/);
});

t.test('two pages decide on one application: the second is told and shown the state', async (t) => {
  const fourth = await submitApplication(hall, citizen, 'yuzhong', item);
  const other = await hall.newPage();
  await signIn(hall, other, admin.username, admin.password);
  await hall.goto(clerkPage, `/applications/${fourth.id}/prereview`);
  await hall.goto(other, `/applications/${fourth.id}/not-accept`);

  await Promise.all([
    clerkPage.waitForURL(`${hall.url}/applications/${fourth.id}`),
    clerkPage.getByRole('button', { name: '确认预审通过' }).click(),
  ]);
  await other.locator('#f-reason').fill('重复申报。');
  await other.getByRole('button', { name: '确认不予受理' }).click();
  const alert = other.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  t.match(text, /该办件已被他人处理，请刷新/);
  t.match(text, /当前状态：待受理（最近一次办理：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 预审通过）/);
  t.equal(await other.locator('#f-reason').inputValue(), '重复申报。', 'what was typed is kept');
  t.equal((await applicantView(hall, citizen, fourth.id)).state, 'prereviewed', 'one decision');
  await alert.getByRole('link', { name: /刷新/ }).click();
  await other.waitForURL(`${hall.url}/applications/${fourth.id}`);
  t.match(await dd(other, '办理状态'), /待受理/);
  await other.context().close();
});
