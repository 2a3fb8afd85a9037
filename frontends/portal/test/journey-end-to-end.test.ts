/**
 * The manual's whole journey in the browser, across both front ends against the SAME services
 * (identity, catalog, materials, submissions): a citizen applies in the PORTAL (业务表单, 【选择附件】,
 * 【资料库】, 窗口后补, 窗口提交, 【暂存】 and 【修改】, 申报告知单 and its print view); a 受理人员 in
 * the CONSOLE finds it in 待预审 by serial, previews a material and asks for 补齐补正; the citizen
 * supplies exactly that and resubmits (same serial); the clerk 预审通过 and 受理, an 审批人员 办结
 * 准予 with a result file, 证照信息 and 缴费信息; the citizen sees and downloads the result and
 * rates it; 进度查询 (signed out) shows every step; the console's 审计日志 lists the staff's
 * actions. Every step asserts what a user sees.
 */
import { readFile } from 'node:fs/promises';
import t from 'tap';
import type { Page } from 'playwright-core';
import { newPerson } from './support/data';
import { follow } from './support/catalog';
import { signIn } from './support/hall';
import { openPage, startStaffConsole } from './support/console';
import { fileOf, materialBlock, pdfBytes, PNG_BYTES, startApplyHall } from './support/apply';

// One long journey through two front ends: more than the default 180 s on a loaded machine.
t.setTimeout(600_000);

const hall = await startApplyHall(t);
const staffConsole = await startStaffConsole(t, hall, {
  IDENTITY_URL: hall.identityUrl,
  CATALOG_URL: hall.catalogUrl,
  MATERIALS_URL: hall.materialsUrl,
  SUBMISSIONS_URL: hall.submissionsUrl,
  BODY_SIZE_LIMIT: '20M',
});

const person = newPerson();
await hall.createPerson(person);
const item = await hall.publishItem('cq');

const clerk = await staffConsole.newStaff('李受理', ['clerk']);
const approver = await staffConsole.newStaff('王审批', ['approver']);
const admin = await staffConsole.newStaff('陈站长', ['station_admin']);

/** The console's flash message. */
const notice = async (page: Page) =>
  (await page.locator('.notice[role="status"]').first().innerText()).trim();

/** The console's value next to a definition term. */
const dd = (page: Page, term: string) =>
  page.locator(`dt:text-is("${term}") + dd`).first().innerText();

/** Polls `check` until it gives a value, or fails after `ms` (things that follow events). */
async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const appRow = (page: Page) => page.locator('table.applications tbody tr', { hasText: item.name });

let applicationId = '';
let serial = '';
const resultBytes = pdfBytes('licence of the journey');

t.test('1. the citizen applies in the portal, with 暂存 and 修改 on the way', async (t) => {
  const page = await openPage(hall);
  await signIn(hall, page, person.username, person.password);

  // A file in 资料库 first, through its page.
  await hall.goto(page, '/cq/space/library');
  await page.getByLabel('选择文件').setInputFiles(fileOf('营业执照副本.pdf', pdfBytes('library')));
  await page.getByText('✓ 已上传：营业执照副本.pdf').waitFor();

  await hall.goto(page, `/cq/items/${item.id}`);
  await follow(page, () =>
    page.getByRole('link', { name: '在线申报', exact: true }).first().click(),
  );
  t.equal(await page.locator('h1').innerText(), '阅读须知');
  await page.getByLabel('我已阅读并知晓以上须知和所需材料').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/cq\/applications\/[0-9a-f-]+\/basic$/);
  applicationId = page.url().split('/').at(-2)!;
  t.equal(await page.getByLabel(/^申请人/).inputValue(), person.realName, 'from the profile');
  await page.getByLabel(/^联系地址/).fill('重庆市渝中区解放碑街道民权路1号');
  await Promise.all([
    page.waitForURL(/\/form$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  await page.getByLabel(/^字号名称/).fill('解放碑小面馆');
  await page.getByLabel(/^注册资金/).fill('5');
  await page.getByRole('button', { name: '暂存' }).click();
  await page.getByRole('status').filter({ hasText: '已暂存' }).waitFor();

  // Leave; resume through 我的办件 【修改】.
  await hall.goto(page, '/cq');
  await hall.goto(page, '/cq/space/applications');
  t.equal(await appRow(page).locator('.tag').innerText(), '暂存');
  await follow(page, () => appRow(page).getByRole('link', { name: /^修改/ }).click());
  await page.waitForURL(new RegExp(`/cq/applications/${applicationId}/form$`));
  t.equal(await page.getByLabel(/^字号名称/).inputValue(), '解放碑小面馆', 'resumed as left');
  t.equal(await page.getByLabel(/^注册资金/).inputValue(), '5');
  await page.getByLabel(/^经营范围/).fill('餐饮服务（小吃）');
  await Promise.all([
    page.waitForURL(/\/materials$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);

  // 选择附件.
  const required = materialBlock(page, item.m.required);
  await required
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('身份证正反面.png', PNG_BYTES, 'image/png'));
  await required.locator('.files .file-name', { hasText: '身份证正反面.png' }).waitFor();
  t.match(await required.locator('.provided').innerText(), /已上传 1 个文件/);
  // 资料库.
  await follow(page, () =>
    materialBlock(page, item.m.optional)
      .getByRole('link', { name: /^资料库/ })
      .click(),
  );
  t.equal(await page.locator('h1').innerText(), '从资料库选择');
  await page.locator('label.pick', { hasText: '营业执照副本.pdf' }).locator('input').check();
  await Promise.all([
    page.waitForURL(/\/materials(#.*)?$/),
    page.getByRole('button', { name: '选用' }).click(),
  ]);
  await page.getByRole('status').filter({ hasText: '已从资料库选用 1 个文件' }).waitFor();
  t.match(
    await materialBlock(page, item.m.optional).locator('.files').innerText(),
    /营业执照副本\.pdf/,
  );
  // 容缺后补 left for the window; 窗口提交 needs nothing here.
  await materialBlock(page, item.m.deferrable)
    .getByLabel(/窗口后补/)
    .check();
  t.match(await materialBlock(page, item.m.window).innerText(), /窗口提交：无需上传/);
  await Promise.all([
    page.waitForURL(/\/receipt$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);

  // 申报告知单.
  t.equal(await page.locator('h1').innerText(), '申报告知单');
  serial = await page.locator('.keys .serial').innerText();
  t.match(serial, /^\d{20}$/, '申办流水号');
  t.match(await page.getByRole('status').innerText(), /办件申报成功/);
  const rows = await page.locator('table.receipt-materials tbody tr').allInnerTexts();
  t.match(rows.join('\n'), /经营者居民身份证[\s\S]*身份证正反面\.png/);
  t.match(rows.join('\n'), /营业执照副本\.pdf/);
  t.match(rows.join('\n'), /窗口提交/);

  // 打印: the button asks the browser to print; the print view shows the document only.
  await page.evaluate(() => {
    window.print = () => {
      (window as Window & { printed?: boolean }).printed = true;
    };
  });
  await page.getByRole('button', { name: '打印' }).click();
  t.ok(
    await page.evaluate(() => (window as Window & { printed?: boolean }).printed),
    '打印 opens the print dialog',
  );
  await page.emulateMedia({ media: 'print' });
  t.ok(await page.locator('.receipt').isVisible(), 'the receipt prints');
  t.notOk(await page.locator('.site-header').isVisible(), 'no header in print');
  t.notOk(await page.locator('.receipt-actions').isVisible(), 'no buttons in print');
  await page.context().close();
});

t.test(
  '2. the clerk finds it in the console, previews a material, asks for 补齐补正',
  async (t) => {
    const page = await openPage(hall);
    await staffConsole.signIn(page, clerk);
    await page
      .getByRole('navigation', { name: '控制台导航' })
      .getByRole('link', { name: '办件工作台' })
      .click();
    await page.waitForURL(`${staffConsole.url}/applications`);
    await page
      .getByRole('navigation', { name: '办件队列' })
      .getByRole('link', { name: /待预审/ })
      .click();
    await page.waitForURL((u) => u.searchParams.get('queue') === 'prereview');
    await page.locator('#f-serial').fill(serial);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL((u) => u.searchParams.get('serial') === serial);
    const row = page.getByRole('row').filter({ hasText: serial });
    t.match(await row.innerText(), /张晓红[\s\S]*待预审|待预审[\s\S]*张晓红/);
    await row.getByRole('link', { name: serial }).click();
    await page.waitForURL(`${staffConsole.url}/applications/${applicationId}`);
    t.equal(await page.getByRole('heading', { level: 1 }).innerText(), item.name);
    t.match(await dd(page, '办理状态'), /待预审/);
    t.equal(await dd(page, '经营范围'), '餐饮服务（小吃）', 'the form as answered');

    const materials = page.getByRole('table', { name: '申请材料及提供情况' });
    t.match(
      await materials.getByRole('row').filter({ hasText: '经营场所使用证明' }).innerText(),
      /容缺后补/,
    );
    t.match(
      await materials.getByRole('row').filter({ hasText: '签字原件' }).innerText(),
      /窗口提交/,
    );
    t.match(
      await materials.getByRole('row').filter({ hasText: '其他补充材料' }).innerText(),
      /营业执照副本\.pdf/,
      'the file taken from 资料库',
    );

    // 预览: the image the citizen uploaded, shown by the browser.
    await materials.getByRole('link', { name: '预览：身份证正反面.png' }).click();
    await page.waitForURL(new RegExp(`/applications/${applicationId}/files/[0-9a-f-]+$`));
    const image = page.getByRole('img', { name: '申请材料：身份证正反面.png' });
    const src = (await image.getAttribute('src'))!;
    // materials grants the station access once it has seen the submission (an event).
    const png = await waitFor('the material to be readable', async () => {
      const res = await page.request.get(`${staffConsole.url}${src}`);
      return res.status() === 200 ? res : undefined;
    });
    t.same(new Uint8Array(await png.body()), PNG_BYTES, 'the bytes the citizen uploaded');
    await page.reload();
    await image.evaluate(
      (img: HTMLImageElement) =>
        img.complete || new Promise((resolve) => img.addEventListener('load', resolve)),
    );
    t.equal(
      await image.evaluate((img: HTMLImageElement) => img.naturalWidth),
      1,
      'the browser shows the image',
    );

    await staffConsole.goto(page, `/applications/${applicationId}`);
    await page.getByRole('link', { name: '补齐补正…' }).click();
    await page.waitForURL(`${staffConsole.url}/applications/${applicationId}/supplement`);
    await page.getByRole('checkbox', { name: /经营者居民身份证/ }).check();
    await page.getByRole('checkbox', { name: /经营范围/ }).check();
    await page
      .locator('#f-note')
      .fill('身份证扫描件不清晰，请重新上传；经营范围请按规范表述填写。');
    await Promise.all([
      page.waitForURL(`${staffConsole.url}/applications/${applicationId}`),
      page.getByRole('button', { name: '确认补齐补正' }).click(),
    ]);
    t.equal(await notice(page), `✓ 操作成功：已补齐补正（申办流水号 ${serial}）`);
    t.match(await dd(page, '办理状态'), /补齐补正/);
    t.equal(await dd(page, '需补正材料'), '经营者居民身份证');
    t.equal(await dd(page, '需补正信息'), '经营范围');
    await page.context().close();
  },
);

t.test('3. the citizen supplies exactly that and resubmits with the same serial', async (t) => {
  const page = await openPage(hall);
  await signIn(hall, page, person.username, person.password);
  await hall.goto(page, '/cq/space/applications');
  t.equal(await appRow(page).locator('.tag').innerText(), '补齐补正');
  await follow(page, () =>
    appRow(page)
      .getByRole('link', { name: /^补齐补正/ })
      .click(),
  );
  t.equal(await page.locator('h1').innerText(), '补齐补正');
  const request = await page.locator('.request').innerText();
  t.match(request, /身份证扫描件不清晰/, 'the clerk’s note');
  t.match(request, /材料：经营者居民身份证/);
  t.match(request, /业务表单：经营范围/);
  t.equal(await page.locator('.material').count(), 1, 'only the material asked for');
  t.equal(await page.getByLabel(/^经营范围/).count(), 1);
  t.equal(await page.getByLabel(/^字号名称/).count(), 0, 'not asked for');
  t.equal(await page.getByLabel(/^联系地址/).count(), 0, 'not asked for');

  const required = materialBlock(page, item.m.required);
  await required
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('身份证（清晰）.pdf', pdfBytes('clear scan'), 'application/pdf'));
  await required.locator('.files .file-name', { hasText: '身份证（清晰）.pdf' }).waitFor();
  await page.getByLabel(/^经营范围/).fill('餐饮服务：小吃类');
  await Promise.all([
    page.waitForURL(/\/receipt$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  t.equal(await page.locator('.keys .serial').innerText(), serial, 'the same serial');
  t.match(await page.locator('.receipt').innerText(), /待预审/);
  await hall.goto(page, '/cq/space/applications');
  t.equal(await appRow(page).locator('.tag').innerText(), '待预审');
  t.equal(await appRow(page).locator('.serial').innerText(), serial);
  await page.context().close();
});

t.test('4. the clerk 预审通过 and 受理; the approver 办结 准予 with results', async (t) => {
  const page = await openPage(hall);
  await staffConsole.signIn(page, clerk);
  await staffConsole.goto(page, `/applications/${applicationId}`);
  t.match(await dd(page, '办理状态'), /待预审/, 'back in 待预审');
  t.equal(await dd(page, '经营范围'), '餐饮服务：小吃类', 'the corrected answer');
  t.match(
    await page.getByRole('table', { name: '申请材料及提供情况' }).innerText(),
    /身份证（清晰）\.pdf/,
    'the new file',
  );
  await page.getByRole('link', { name: '预审通过…' }).click();
  await page.locator('#f-opinion').fill('材料齐全，预审通过。');
  await Promise.all([
    page.waitForURL(`${staffConsole.url}/applications/${applicationId}`),
    page.getByRole('button', { name: '确认预审通过' }).click(),
  ]);
  t.match(await notice(page), /已预审通过/);
  t.match(await dd(page, '办理状态'), /待受理/);
  await page.getByRole('link', { name: '受理…', exact: true }).click();
  await page.waitForURL(`${staffConsole.url}/applications/${applicationId}/accept`);
  await Promise.all([
    page.waitForURL(`${staffConsole.url}/applications/${applicationId}`),
    page.getByRole('button', { name: '确认受理' }).click(),
  ]);
  t.match(await dd(page, '办理状态'), /已受理/);
  await page.context().close();

  const desk = await openPage(hall);
  await staffConsole.signIn(desk, approver);
  await staffConsole.goto(desk, '/applications');
  await desk
    .getByRole('navigation', { name: '办件队列' })
    .getByRole('link', { name: /待办结/ })
    .click();
  await desk.waitForURL((u) => u.searchParams.get('queue') === 'complete');
  await desk
    .getByRole('row')
    .filter({ hasText: serial })
    .getByRole('link', { name: serial })
    .click();
  await desk.waitForURL(`${staffConsole.url}/applications/${applicationId}`);
  await desk.getByRole('link', { name: '办结…' }).click();
  await desk.waitForURL(`${staffConsole.url}/applications/${applicationId}/complete`);
  await desk
    .locator('#f-resultFile')
    .setInputFiles(fileOf('个体工商户营业执照.pdf', resultBytes, 'application/pdf'));
  await desk
    .getByRole('region', { name: '结果材料', exact: true })
    .getByRole('listitem')
    .filter({ hasText: '个体工商户营业执照.pdf' })
    .waitFor();
  await desk.getByRole('radio', { name: '准予许可' }).check();
  await desk.locator('#f-opinion').fill('符合条件，准予登记。');
  await desk.locator('#f-licenceName').fill('个体工商户营业执照');
  await desk.locator('#f-licenceNumber').fill('92500103MA60000001');
  await desk.locator('#f-licenceIssuer').fill('重庆市渝中区市场监督管理局');
  await desk.locator('#f-licenceValidFrom').fill('2026-12-05');
  await desk.locator('#f-feeName0').fill('工本费');
  await desk.locator('#f-feeAmount0').fill('10');
  await desk.getByRole('radio', { name: '已缴费' }).check();
  await Promise.all([
    desk.waitForURL(`${staffConsole.url}/applications/${applicationId}`),
    desk.getByRole('button', { name: '确认办结' }).click(),
  ]);
  t.match(await notice(desk), /已办结/);
  t.match(await dd(desk, '办理状态'), /办结/);
  t.match(await dd(desk, '办理结果'), /准予许可/);
  t.equal(await dd(desk, '证照编号'), '92500103MA60000001');
  await desk.context().close();
});

t.test('5. the citizen sees 办结, downloads the result, reads 证照/缴费, rates it', async (t) => {
  const page = await openPage(hall);
  await signIn(hall, page, person.username, person.password);
  await hall.goto(page, '/cq/space/applications');
  t.equal(await appRow(page).locator('.tag').innerText(), '办结');
  await hall.goto(page, `/cq/space/applications/${applicationId}`);
  t.match(await page.locator('.panel').innerText(), serial);
  const tabs = page.getByRole('navigation', { name: '业务详情' });
  const openTab = async (label: string, key: string) => {
    await tabs.getByRole('link', { name: label }).click();
    await page.waitForURL(new RegExp(`tab=${key}`));
    await page.locator('#panel-heading', { hasText: label }).waitFor();
  };

  await openTab('结果材料', 'results');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.panel a', { hasText: '个体工商户营业执照.pdf' }).click(),
  ]);
  t.equal(download.suggestedFilename(), '个体工商户营业执照.pdf');
  t.same(new Uint8Array(await readFile(await download.path())), resultBytes, 'the same bytes');

  await openTab('证照信息', 'licence');
  const licence = await page.locator('.panel').innerText();
  t.match(licence, /个体工商户营业执照/);
  t.match(licence, /92500103MA60000001/);
  t.match(licence, /重庆市渝中区市场监督管理局/);
  await openTab('缴费信息', 'fees');
  t.match(await page.locator('.panel').innerText(), /工本费[\s\S]*10\.00[\s\S]*已缴费/);

  // 星级测评 from 我的办件.
  await hall.goto(page, '/cq/space/applications');
  await appRow(page)
    .getByRole('link', { name: /^星级测评/ })
    .click();
  await page.waitForURL(new RegExp(`/space/applications/${applicationId}#evaluation$`));
  const form = page.locator('form.evaluate-form');
  await form.waitFor();
  await page.getByRole('radio', { name: /非常满意/ }).check();
  for (const label of ['整体满意度', '办事效率', '办事指南精确度', '办事便捷度', '平台操作性']) {
    await form.getByLabel(new RegExp(`^${label}`)).selectOption({ label: '满意' });
  }
  await form.getByRole('radio', { name: '是' }).check();
  await form.getByLabel('评价内容').fill('网上申报、补正都很方便，窗口服务热情。');
  await form.getByRole('button', { name: '提交评价' }).click();
  await page.getByRole('status').filter({ hasText: '评价已提交' }).waitFor();
  await hall.goto(page, `/cq/space/applications/${applicationId}`);
  t.match(await page.locator('#evaluation').innerText(), /您的评价：非常满意/);
  t.equal(await page.locator('form.evaluate-form').count(), 0, 'rated once');
  await page.context().close();
});

t.test('6. 进度查询, signed out, shows every step', async (t) => {
  const page = await openPage(hall);
  await hall.goto(page, '/cq');
  await follow(page, () =>
    page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '进度查询' })
      .click(),
  );
  t.equal(await page.locator('h1').innerText(), '进度查询');
  await page.getByLabel(/^申办流水号/).fill(serial);
  await page.getByLabel(/^申请人或申请单位/).fill(person.realName);
  await page.getByRole('button', { name: '查询' }).click();
  const result = page.locator('#result');
  await result.waitFor();
  const text = await result.innerText();
  t.match(text, item.name);
  t.match(text, /办结/);
  t.notMatch(text, person.idNumber, 'no personal data');
  const entries = await result.locator('ol.timeline > li .action').allInnerTexts();
  t.same(
    entries,
    ['提交申请', '要求补齐补正', '补齐补正后提交', '预审通过', '受理', '办结'],
    'every step, oldest first',
  );
  await page.context().close();
});

t.test('7. the console’s 审计日志 lists the clerk’s and the approver’s actions', async (t) => {
  const page = await openPage(hall);
  await staffConsole.signIn(page, admin);
  const bySerial = new RegExp(`申办流水号：${serial}`);
  /** The log's rows of one event, once there are some (audits arrive through the bus). */
  const entries = (event: string) =>
    waitFor(`${event} in the audit log`, async () => {
      await staffConsole.goto(page, `/audit?event=${event}`);
      const rows = await page
        .getByRole('table')
        .locator('tbody tr:not(:has(.empty))')
        .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText));
      return rows.length ? rows.join('\n') : undefined;
    });

  const prereviewed = await entries('submissions.application.prereviewed');
  t.match(prereviewed, /办件预审通过[\s\S]*李受理/);
  t.match(prereviewed, bySerial);
  t.match(await entries('submissions.application.accepted'), /受理办件[\s\S]*李受理/);
  t.match(await entries('materials.file.viewed'), /查看申请材料[\s\S]*李受理/);
  const completed = await entries('submissions.application.completed');
  t.match(completed, /办结办件[\s\S]*王审批/);
  t.match(completed, bySerial);
  t.match(await entries('materials.file.uploaded'), /上传结果材料[\s\S]*王审批/);
  const requested = await entries('submissions.application.supplement_requested');
  t.match(requested, /要求补齐补正[\s\S]*李受理/);
  t.match(requested, bySerial);
  await staffConsole.goto(page, '/audit');
  const log = await page.getByRole('table').innerText();
  t.notMatch(log, person.idNumber, 'no ID numbers in the log');
  t.notMatch(log, person.realName, 'no applicant names in the log');
  await page.context().close();
});
