/**
 * 办件公示 in the console: refused entries list what is missing and a 公示期 ending before it
 * starts is refused at 公示结束日期 (the uploaded file kept); an entry with a department of the
 * station's catalog, a period and a details file is created, published (the public API shows it
 * and serves the file), edited and withdrawn. Also without JavaScript and at 375 px.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { fieldError, PHONE, signIn } from './support/hall';
import {
  auditEntries,
  departments,
  newStaff,
  pdfFile,
  publicity,
  scrollsSideways,
  shanghaiDay,
  startPublicityHall,
  waitFor,
} from './support/publicity';

const hall = await startPublicityHall(t);
const editor = await newStaff(hall, 'yuzhong', '吴编辑', ['editor']);
const education = (await departments(hall, 'yuzhong')).find((d) => d.name === '渝中区教委')!;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

let page: Page;
t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, editor.username, editor.password);
});

const flash = (p: Page, text: string | RegExp) =>
  p.locator('.notice[role="status"]').filter({ hasText: text }).waitFor();

const publicEntry = (id: string) =>
  publicity<{ title: string; departmentName: string; periodLabel: string }>(
    hall,
    'GET',
    `/stations/yuzhong/publicity/${id}`,
  );

let entryId = '';

t.test('refusals: what is missing, then a period that ends before it starts', async (t) => {
  await page
    .getByRole('navigation', { name: '控制台导航' })
    .getByRole('link', { name: '办件公示' })
    .click();
  await page.waitForURL(`${hall.url}/publicity`);
  await page.getByRole('link', { name: '新建公示' }).click();
  await page.waitForURL(`${hall.url}/publicity/new`);
  t.ok(
    (await page.locator('#f-departmentId option').allInnerTexts()).includes('渝中区教委'),
    'the station’s departments are offered',
  );

  await page.getByRole('button', { name: '保存' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.same(
    (await alert.getByRole('link').allInnerTexts()).sort(),
    [
      '事项名称：请填写事项名称',
      '公示详情文件：请上传公示详情文件',
      '公示开始日期：请选择公示开始日期',
      '公示结束日期：请选择公示结束日期',
      '标题：请填写标题',
      '部门：请选择部门',
    ].sort(),
  );
  t.equal(await fieldError(page, 'departmentId'), '请选择部门');

  await page.locator('#f-title').fill('关于某某学校教师资格认定结果的公示');
  await page.locator('#f-itemName').fill('中小学教师资格认定');
  await page.locator('#f-departmentId').selectOption(education.id);
  await page.locator('#f-summary').fill('经审查，以下人员符合教师资格认定条件，现予公示。');
  await page.locator('#f-periodStart').fill(shanghaiDay(5));
  await page.locator('#f-periodEnd').fill(shanghaiDay(1));
  await page.locator('#f-detailsFile').setInputFiles({
    name: '认定结果名单.pdf',
    mimeType: 'application/pdf',
    buffer: pdfFile('Result list'),
  });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForFunction(
    () => document.querySelector('#f-periodEnd')?.getAttribute('aria-invalid') === 'true',
  );
  t.equal(await fieldError(page, 'periodEnd'), '公示结束日期不能早于开始日期');
  t.equal(await fieldError(page, 'title'), null, 'the rest is fine');
  t.match(
    await page.locator('.current').innerText(),
    /当前文件：\s*认定结果名单\.pdf/,
    'the uploaded file is kept',
  );
  t.equal(await page.locator('#f-title').inputValue(), '关于某某学校教师资格认定结果的公示');
  const list = await publicity<{ total: number }>(
    hall,
    'GET',
    '/admin/stations/yuzhong/publicity',
    {
      token: await editor.token(),
    },
  );
  t.equal(list.body.total, 0, 'nothing was saved');
});

t.test('created with department, period and file; published; edited; withdrawn', async (t) => {
  await page.locator('#f-periodStart').fill(shanghaiDay(0));
  await page.locator('#f-periodEnd').fill(shanghaiDay(14));
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(new RegExp(`/publicity/${UUID}$`));
  await flash(page, '已保存公示“关于某某学校教师资格认定结果的公示”');
  entryId = new URL(page.url()).pathname.split('/').pop()!;
  const summary = await page.locator('.summary-list').innerText();
  t.match(summary, /草稿/);
  t.match(summary, /渝中区教委/);
  t.match(summary, new RegExp(`${shanghaiDay(0)} 至 ${shanghaiDay(14)}\\s*公示中`));
  t.match(summary, /认定结果名单\.pdf/);
  t.equal((await publicEntry(entryId)).status, 404, 'a draft is not public');

  const manage = page.getByRole('region', { name: '管理' });
  await manage.getByRole('button', { name: '发布' }).click();
  await flash(page, /已发布/);
  const shown = await publicEntry(entryId);
  t.equal(shown.status, 200);
  t.equal(shown.body.departmentName, '渝中区教委');
  t.equal(shown.body.periodLabel, '公示中');
  const file = await fetch(`${hall.publicityUrl}/stations/yuzhong/publicity/${entryId}/file`);
  t.equal(file.status, 200, 'the public downloads the details file');
  t.equal(
    Buffer.from(await file.arrayBuffer())
      .subarray(0, 5)
      .toString(),
    '%PDF-',
  );
  t.equal(await manage.getByRole('link', { name: '删除…' }).count(), 0, 'withdraw first');

  await manage.getByRole('link', { name: '编辑' }).click();
  await page.waitForURL(`${hall.url}/publicity/${entryId}/edit`);
  t.equal(await page.locator('#f-departmentId').inputValue(), education.id);
  t.equal(await page.locator('#f-periodEnd').inputValue(), shanghaiDay(14));
  await page.locator('#f-title').fill('关于某某学校教师资格认定结果的公示（第二批）');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(`${hall.url}/publicity/${entryId}`);
  t.equal(
    (await publicEntry(entryId)).body.title,
    '关于某某学校教师资格认定结果的公示（第二批）',
    'the public sees the edit',
  );

  await page.getByRole('region', { name: '管理' }).getByRole('button', { name: '撤回' }).click();
  await flash(page, /已撤回/);
  t.equal((await publicEntry(entryId)).status, 404, 'withdrawn');

  for (const event of ['created', 'published', 'updated', 'unpublished']) {
    const entry = await waitFor(`publicity.entry.${event}`, async () =>
      (await auditEntries(hall, 'yuzhong', `publicity.entry.${event}`)).find(
        (e) => e.targetId === entryId,
      ),
    );
    t.equal(entry.actorName, '吴编辑', `${event} is audited`);
  }
});

t.test('the list shows the entry; 删除 after a confirmation', async (t) => {
  await hall.goto(page, '/publicity');
  const row = page.getByRole('row').filter({ hasText: '（第二批）' });
  t.match(await row.innerText(), /中小学教师资格认定[\s\S]*渝中区教委[\s\S]*公示中[\s\S]*草稿/);
  await row.getByRole('link').click();
  await page.getByRole('link', { name: '删除…' }).click();
  await page.waitForURL(`${hall.url}/publicity/${entryId}/delete`);
  await Promise.all([
    page.waitForURL(`${hall.url}/publicity`),
    page.getByRole('button', { name: '确认删除' }).click(),
  ]);
  await flash(page, /已删除公示/);
  const gone = await publicity(hall, 'GET', `/admin/stations/yuzhong/publicity/${entryId}`, {
    token: await editor.token(),
  });
  t.equal(gone.status, 404);
});

t.test('without JavaScript: created and published', async (t) => {
  const p = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, p, editor.username, editor.password);
  await hall.goto(p, '/publicity/new');
  await p.locator('#f-title').fill('食品经营许可结果公示');
  await p.locator('#f-itemName').fill('食品经营许可');
  await p.locator('#f-departmentId').selectOption(education.id);
  await p.locator('#f-periodStart').fill(shanghaiDay(3));
  await p.locator('#f-periodEnd').fill(shanghaiDay(10));
  await p.locator('#f-detailsFile').setInputFiles({
    name: '许可名单.pdf',
    mimeType: 'application/pdf',
    buffer: pdfFile('Licences'),
  });
  await p.getByRole('button', { name: '保存' }).click();
  await p.waitForURL(new RegExp(`/publicity/${UUID}$`));
  t.match(await p.locator('.summary-list').innerText(), /未开始/);
  await p.getByRole('button', { name: '发布' }).click();
  await p.locator('.notice[role="status"]').filter({ hasText: '已发布' }).waitFor();
  t.match(await p.getByRole('region', { name: '管理' }).innerText(), /公示期开始之日起向公众显示/);
  await p.context().close();
});

t.test('375 px: the list, the entry and the editor fit', async (t) => {
  const phone = await hall.newPage({ viewport: PHONE });
  await signIn(hall, phone, editor.username, editor.password);
  const list = await publicity<{ items: Array<{ id: string }> }>(
    hall,
    'GET',
    '/admin/stations/yuzhong/publicity',
    { token: await editor.token() },
  );
  const id = list.body.items[0]!.id;
  for (const path of [
    '/publicity',
    '/publicity/new',
    `/publicity/${id}`,
    `/publicity/${id}/edit`,
  ]) {
    await hall.goto(phone, path);
    t.notOk(await scrollsSideways(phone), `${path} does not scroll sideways`);
  }
  await phone.context().close();
});
