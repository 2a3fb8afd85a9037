/**
 * 权力清单 in the console, the editor's story: a department (created, renamed, disabled and
 * enabled with a confirmation); an item created with catalog's field errors shown next to their
 * fields; its materials (with a blank form uploaded) added, edited, moved and removed; its
 * business form designed with a live preview, invalid schemas refused with the checker's
 * errors (designer and JSON view); published, edited again into a second version, published,
 * the first version read back, withdrawn; a concurrent edit refused with the input kept.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { alertText, catalogApi, groupError, PDF } from './support/catalog';
import {
  fieldError,
  fillForm,
  newUsername,
  notice,
  PASSWORD,
  signIn,
  startHall,
} from './support/hall';

const hall = await startHall(t, { catalog: {} });

const editor = { username: newUsername('editor'), password: PASSWORD, name: '孙编辑' };
const editorAccount = await hall.createStaff('yuzhong', { ...editor, roles: ['editor'] });
const token = () => hall.staffToken(editor.username, editor.password);

interface AdminItem {
  id: string;
  status: string;
  publishedVersion: number | null;
  draftVersion: number | null;
  revision: number;
  draft: { version: number; definition: Record<string, unknown> } | null;
  published: { version: number; definition: Record<string, unknown> } | null;
  versions: Array<{
    version: number;
    state: string;
    createdBy: string | null;
    publishedBy: string | null;
  }>;
}
const adminItem = async (id: string) =>
  catalogApi<AdminItem>(hall, await token(), 'GET', `/stations/yuzhong/admin/items/${id}`);

let page: Page;
let departmentId = '';
let itemId = '';

t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, editor.username, editor.password);
});

t.test('an editor finds 权力清单 in the navigation and on the home page', async (t) => {
  const nav = page.getByRole('navigation', { name: '控制台导航' });
  for (const label of ['事项管理', '部门管理', '导入导出'])
    t.equal(await nav.getByRole('link', { name: label }).count(), 1, `${label} is a link`);
  t.equal(await page.locator('main').getByRole('link', { name: '事项管理' }).count(), 1);
  await nav.getByRole('link', { name: '部门管理' }).click();
  await page.waitForURL(`${hall.url}/catalog/departments`);
  t.match(await page.locator('main').innerText(), /本站点还没有部门/);
});

t.test('部门管理: create with errors shown, rename, disable and enable', async (t) => {
  await page.getByRole('link', { name: '新增部门' }).click();
  await page.waitForURL(`${hall.url}/catalog/departments/new`);
  await fillForm(page, { name: '', code: '11500103MB1030020J', sortOrder: '第一' });
  await page.getByRole('button', { name: '保存' }).click();
  t.match(await alertText(page, /提交的信息有误/), /提交的信息有误/);
  t.ok(await fieldError(page, 'name'), 'the name is refused');
  t.equal(await fieldError(page, 'sortOrder'), '请填写整数');
  t.equal(await page.locator('#f-code').inputValue(), '11500103MB1030020J', 'input is kept');

  await fillForm(page, { name: '渝中区教委', sortOrder: '10' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(`${hall.url}/catalog/departments`);
  t.match(await notice(page), '操作成功：已新增部门“渝中区教委”');

  await page.getByRole('link', { name: '编辑 渝中区教委' }).click();
  await page.waitForURL(/\/catalog\/departments\/[0-9a-f-]+$/);
  departmentId = new URL(page.url()).pathname.split('/').pop()!;
  await fillForm(page, { name: '渝中区教育委员会', sortOrder: '5' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(`${hall.url}/catalog/departments`);
  t.match(await notice(page), '操作成功：已保存部门“渝中区教育委员会”');

  // 停用 is a page of its own: nothing changes until it is confirmed.
  await page.getByRole('link', { name: '停用 渝中区教育委员会' }).click();
  await page.waitForURL(`${hall.url}/catalog/departments/${departmentId}/status`);
  t.match(await page.locator('h1').innerText(), '确认停用部门');
  await page.getByRole('button', { name: '确认停用' }).click();
  await page.waitForURL(`${hall.url}/catalog/departments`);
  t.match(await notice(page), '操作成功：已停用部门“渝中区教育委员会”');
  const row = page.getByRole('row', { name: /渝中区教育委员会/ });
  t.match(await row.innerText(), '已停用');
  await page.getByRole('link', { name: '启用 渝中区教育委员会' }).click();
  await page.getByRole('button', { name: '确认启用' }).click();
  await page.waitForURL(`${hall.url}/catalog/departments`);
  t.match(await row.innerText(), '启用');

  const departments = await catalogApi<{
    departments: Array<{ name: string; sortOrder: number; enabled: boolean }>;
  }>(hall, await token(), 'GET', '/stations/yuzhong/admin/departments');
  t.same(
    departments.departments.map((d) => [d.name, d.sortOrder, d.enabled]),
    [['渝中区教育委员会', 5, true]],
  );
});

t.test('新增事项: catalog’s field errors next to their fields, then a draft', async (t) => {
  await hall.goto(page, '/catalog/items');
  await page.getByRole('link', { name: '新增事项' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/new`);
  await fillForm(page, {
    name: '教',
    basicCode: '0100205100',
    implCode: '11500103MB1030020J0100205100',
    visits: '两次',
  });
  await page.getByRole('button', { name: '保存草稿' }).click();
  t.match(await alertText(page, /提交的信息有误/), /提交的信息有误/);
  t.ok(await fieldError(page, 'name'), 'a one-character name is refused');
  t.ok(await fieldError(page, 'departmentId'), 'a department is required');
  t.equal(await fieldError(page, 'visits'), '请填写整数');
  t.ok(await groupError(page, 'serviceObjects'), '服务对象 needs one');
  t.equal(await page.locator('#f-implCode').inputValue(), '11500103MB1030020J0100205100');
  // The summary links to the fields.
  await page
    .getByRole('alert')
    .getByRole('link', { name: /到办事现场次数/ })
    .click();
  t.equal(new URL(page.url()).hash, '#f-visits');

  // The rules between fields come next: 承诺件 without a promised time limit, empty guide texts.
  await fillForm(page, { name: '中等及中等以上学校教师资格认定', visits: '1' });
  await page.locator('#f-departmentId').selectOption({ label: '渝中区教育委员会' });
  await page.getByRole('checkbox', { name: /自然人/ }).check();
  await page.locator('#f-onlineDepth').selectOption('3');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForFunction(() =>
    document.querySelector('#f-promisedTimeLimitValue-error')?.textContent?.includes('承诺'),
  );
  t.equal(await fieldError(page, 'promisedTimeLimitValue'), '承诺件须填写承诺办结时限');
  t.equal(await fieldError(page, 'basis'), '请填写设定依据');

  await fillForm(page, {
    legalTimeLimitValue: '30',
    promisedTimeLimitValue: '20',
    basis: '《中华人民共和国教师法》第十三条',
    conditions: '具备相应学历，普通话水平达到二级乙等以上。',
    process: '1. 网上申请；2. 窗口受理；3. 审查；4. 决定；5. 发证。',
    location: '渝中区政务服务中心教委窗口',
    hours: '工作日 9:00—17:00',
    consultation: '023-63526256',
    supervision: '023-63906368',
    notice: '请先阅读本办事指南，按照申请材料清单准备材料。',
  });
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForURL(/\/catalog\/items\/[0-9a-f-]+$/);
  itemId = new URL(page.url()).pathname.split('/').pop()!;
  t.match(await notice(page), '操作成功：已新增事项“中等及中等以上学校教师资格认定”（草稿）');
  t.match(await page.locator('main').innerText(), /草稿/);
  const item = await adminItem(itemId);
  t.equal(item.status, 'draft');
  t.equal(item.draft?.definition.location, '渝中区政务服务中心教委窗口');
  t.same(item.draft?.definition.promisedTimeLimit, { value: 20, unit: 'workday' });
  t.equal(item.versions[0]?.createdBy, editorAccount.id, 'catalog knows who');
});

t.test('材料清单: add with a blank form, refuse a bad one, edit, move and remove', async (t) => {
  await hall.goto(page, `/catalog/items/${itemId}`);
  await page.getByRole('link', { name: '材料清单' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}/materials`);
  await page.getByRole('link', { name: '新增材料' }).click();

  // 本地上传 of a paper-only material is refused next to 材料形式.
  await fillForm(page, { name: '教师资格认定申请表', copies: '1' });
  await page.getByRole('checkbox', { name: '电子' }).uncheck();
  await page.getByRole('checkbox', { name: '纸质' }).check();
  await page.locator('#f-blankForm').setInputFiles({
    name: '教师资格认定申请表.pdf',
    mimeType: 'application/pdf',
    buffer: PDF,
  });
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await groupError(page, 'media'), '本地上传的材料须为电子材料');
  // The uploaded blank form is kept: no need to choose it again.
  t.match(await page.locator('main').innerText(), /当前文件：\s*教师资格认定申请表\.pdf/);

  await page.getByRole('checkbox', { name: '电子' }).check();
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}/materials`);
  t.match(await notice(page), '操作成功：已新增材料“教师资格认定申请表”');

  for (const name of ['居民身份证', '体检合格证明']) {
    await page.getByRole('link', { name: '新增材料' }).click();
    await fillForm(page, { name });
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(`${hall.url}/catalog/items/${itemId}/materials`);
  }

  // A blank form downloads through the console.
  const download = await page.request.get(
    `${hall.url}${await page.getByRole('link', { name: '空白表格' }).getAttribute('href')}`,
  );
  t.equal(download.status(), 200);
  t.match(download.headers()['content-disposition'], /filename\*=UTF-8''/);
  t.ok((await download.body()).subarray(0, 4).equals(Buffer.from('%PDF')));

  // Edit: 窗口提交, 容缺后补.
  await page.getByRole('link', { name: '编辑 体检合格证明' }).click();
  await page.getByRole('radio', { name: /容缺后补/ }).check();
  await page.getByRole('radio', { name: /窗口提交/ }).check();
  await page.getByRole('checkbox', { name: '纸质' }).check();
  await fillForm(page, { copies: '2', notes: '县级以上医院出具' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}/materials`);
  t.match(await notice(page), '操作成功：已保存材料“体检合格证明”');
  t.match(
    await page.getByRole('row', { name: /体检合格证明/ }).innerText(),
    /容缺后补[\s\S]*窗口提交/,
  );

  // Keyboard: 上移 keeps the focus on the moved row's button.
  await page.getByRole('button', { name: '上移 居民身份证' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('tbody tr th')?.textContent?.includes('居民身份证'),
  );
  t.match(await notice(page), '已将材料“居民身份证”上移');
  // At the top now, its 上移 is disabled: the focus goes to the same row's next button.
  await page.waitForFunction(
    () => document.activeElement?.getAttribute('aria-label') === '下移 居民身份证',
  );
  t.pass('the focus stays with the moved material');
  const names = async () =>
    (await page.locator('table tbody tr th').allInnerTexts()).map((s) => s.trim());
  t.same(await names(), ['居民身份证', '教师资格认定申请表', '体检合格证明']);

  await page.getByRole('button', { name: '删除 教师资格认定申请表' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 2);
  t.match(await notice(page), '操作成功：已删除材料“教师资格认定申请表”');
  const item = await adminItem(itemId);
  const materials = item.draft?.definition.materials as Array<Record<string, unknown>>;
  t.same(
    materials.map((m) => [m.name, m.necessity, m.collection]),
    [
      ['居民身份证', 'required', 'upload'],
      ['体检合格证明', 'deferrable', 'window'],
    ],
  );
});

t.test('业务表单: the designer adds fields and the preview shows them', async (t) => {
  await hall.goto(page, `/catalog/items/${itemId}/form`);
  t.match(await page.locator('main').innerText(), /该事项还没有业务表单/);
  const preview = page.getByRole('region', { name: '预览：申请人看到的表单' });

  await fillForm(page, { formTitle: '教师资格认定申请表', fieldTitle: '毕业学校', key: 'school' });
  await page.getByRole('checkbox', { name: /必填/ }).check();
  await fillForm(page, { fieldDescription: '填写毕业证上的学校全称', maxLength: '60' });
  // With JavaScript the preview follows the editor before anything is saved.
  await page.waitForFunction(() =>
    document.querySelector('.preview')?.textContent?.includes('毕业学校'),
  );
  t.match(await preview.innerText(), /预览已包含正在编辑的字段/);
  await page.getByRole('button', { name: '添加字段' }).click();
  await page.waitForFunction(() => document.querySelector('table tbody tr'));
  t.match(await notice(page), '已创建业务表单“教师资格认定申请表”并添加字段“毕业学校”');
  t.equal(await preview.getByLabel(/毕业学校/).count(), 1, 'the preview renders the field');
  t.equal(await preview.getByLabel(/毕业学校/).isDisabled(), true, 'and it cannot be filled in');

  // A select with options written as 值=名称 lines.
  await fillForm(page, { fieldTitle: '申请资格种类', key: 'level' });
  await page.locator('#f-widget').selectOption('select');
  await page.locator('#f-options').fill('primary=小学\nmiddle=初级中学\nhigh=高级中学');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.preview option')].some((o) => o.textContent === '初级中学'),
  );
  await page.getByRole('button', { name: '添加字段' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 2);

  // A number whose minimum exceeds its maximum: the checker's message next to 最小值.
  await fillForm(page, { fieldTitle: '教龄（年）', key: 'years' });
  await page.locator('#f-widget').selectOption('number');
  await fillForm(page, { minimum: '60', maximum: '0' });
  await page.waitForFunction(() =>
    document.querySelector('.live')?.textContent?.includes('最小值'),
  );
  t.match(await preview.innerText(), /暂不能预览：最小值不能大于最大值/);
  await page.getByRole('button', { name: '添加字段' }).click();
  t.match(await alertText(page, /业务表单有误/), /业务表单有误，未保存/);
  t.equal(await fieldError(page, 'minimum'), '最小值不能大于最大值');
  t.equal(await page.locator('#f-fieldTitle').inputValue(), '教龄（年）', 'input is kept');
  await fillForm(page, { minimum: '0', maximum: '60' });
  await page.getByRole('button', { name: '添加字段' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 3);

  // A key used twice is refused.
  await fillForm(page, { fieldTitle: '学校', key: 'school' });
  await page.getByRole('button', { name: '添加字段' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await fieldError(page, 'key'), '字段名“school”已被其他字段使用');
  await hall.goto(page, `/catalog/items/${itemId}/form`);

  // Edit a field: 毕业学校 becomes optional, renamed.
  await page.getByRole('link', { name: '编辑 毕业学校' }).click();
  await page.waitForURL(/edit=school/);
  t.equal(await page.locator('#f-fieldTitle').inputValue(), '毕业学校');
  await fillForm(page, { fieldTitle: '毕业院校' });
  await page.getByRole('checkbox', { name: /必填/ }).uncheck();
  await page.getByRole('button', { name: '保存字段' }).click();
  await page.waitForFunction(() =>
    document.querySelector('.notice')?.textContent?.includes('毕业院校'),
  );

  // Move 教龄 up, remove 申请资格种类.
  await page.getByRole('button', { name: '上移 教龄（年）' }).click();
  await page.waitForFunction(() =>
    document.querySelectorAll('table tbody tr th')[1]?.textContent?.includes('教龄'),
  );
  await page.getByRole('button', { name: '删除 申请资格种类' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 2);
  const labels = await preview.locator('label').allInnerTexts();
  t.same(
    labels.map((l) => l.replace(/\*|（必填）/g, '').trim()),
    ['毕业院校', '教龄（年）'],
    'the preview shows the saved form in its order',
  );

  const form = (await adminItem(itemId)).draft?.definition.form as Record<string, unknown>;
  t.same(form['x-order'], ['school', 'years']);
  t.same(form.required ?? [], []);
  t.same((form.properties as Record<string, unknown>).years, {
    title: '教龄（年）',
    'x-widget': 'number',
    type: 'integer',
    minimum: 0,
    maximum: 60,
  });
});

t.test(
  '业务表单 JSON: invalid JSON and invalid schemas are refused with the checker’s errors',
  async (t) => {
    await hall.goto(page, `/catalog/items/${itemId}/form/json`);
    const before = (await adminItem(itemId)).draft?.definition.form;
    const textarea = page.locator('#f-schema');
    const schema = JSON.parse(await textarea.inputValue()) as Record<string, unknown>;
    t.equal(schema.title, '教师资格认定申请表');

    await textarea.fill('{ "type": "object", ');
    await page.getByRole('button', { name: '保存' }).click();
    t.match(await alertText(page, /JSON 格式不正确/), /JSON 格式不正确/);
    t.match(await fieldError(page, 'schema'), /JSON 格式不正确/);

    const bad = structuredClone(schema) as { properties: Record<string, Record<string, unknown>> };
    bad.properties.years = { type: 'integer', title: '教龄', 'x-widget': 'slider' };
    bad.properties.school!.maxLength = 999;
    await textarea.fill(JSON.stringify(bad, null, 2));
    // With JavaScript the check runs as the text is typed.
    await page.waitForFunction(() => document.querySelector('.live')?.textContent?.includes('✕'));
    await page.getByRole('button', { name: '保存' }).click();
    const alert = await alertText(page, /业务表单不符合要求/);
    t.match(alert, /业务表单不符合要求，未保存/);
    t.match(alert, /properties\.years\.x-widget：不支持的控件类型：slider/);
    t.match(alert, /properties\.school\.maxLength：最大长度必须是1到200之间的整数/);
    t.same((await adminItem(itemId)).draft?.definition.form, before, 'nothing was saved');

    // A valid edit is saved, and the designer shows it.
    const good = structuredClone(schema) as Record<string, unknown>;
    good.description = '请如实填写。';
    await textarea.fill(JSON.stringify(good, null, 2));
    await page.waitForFunction(() =>
      document.querySelector('.live')?.textContent?.includes('检查通过'),
    );
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(`${hall.url}/catalog/items/${itemId}/form`);
    t.match(await notice(page), '操作成功：已保存业务表单“教师资格认定申请表”');
    t.match(await page.locator('.preview').innerText(), '请如实填写。');
  },
);

t.test('发布, edit the published item into version 2, publish again, read version 1', async (t) => {
  await hall.goto(page, `/catalog/items/${itemId}`);
  await page.getByRole('link', { name: '发布草稿…' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}/publish`);
  await page.getByRole('button', { name: '确认发布' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}`);
  t.match(await notice(page), '操作成功：已发布“中等及中等以上学校教师资格认定”');
  t.match(await page.locator('dl').first().innerText(), /已发布[\s\S]*第1版/);
  let item = await adminItem(itemId);
  t.equal(item.status, 'published');
  t.equal(item.versions[0]?.publishedBy, editorAccount.id);

  // The published item is edited: a new draft (version 2); the public sees version 1.
  await page.getByRole('link', { name: '基本信息和办事指南' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}/edit`);
  t.match(await page.locator('main').innerText(), /以已发布的第1版为基础生成新草稿/);
  await fillForm(page, { location: '渝中区政务服务中心三楼教委窗口' });
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}`);
  t.match(await notice(page), '操作成功：已保存');
  t.match(await page.locator('main').innerText(), /有未发布修改/);
  item = await adminItem(itemId);
  t.equal(item.draftVersion, 2);
  t.equal(item.published?.definition.location, '渝中区政务服务中心教委窗口');

  // 有未发布修改 is a filter of the list.
  await hall.goto(page, '/catalog/items?status=changed');
  t.match(await page.getByRole('table').innerText(), '中等及中等以上学校教师资格认定');
  await hall.goto(page, '/catalog/items?status=draft');
  t.notMatch(await page.getByRole('table').innerText(), '中等及中等以上学校教师资格认定');

  await hall.goto(page, `/catalog/items/${itemId}/publish`);
  t.match(await page.locator('main').innerText(), /取代第1版/);
  await page.getByRole('button', { name: '确认发布' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}`);
  const history = page.getByRole('table', { name: /的版本/ });
  const rows = await history.locator('tbody tr').allInnerTexts();
  t.equal(rows.length, 2);
  t.match(rows[0], /第2版[\s\S]*当前发布[\s\S]*孙编辑（本人）/);
  t.match(rows[1], /第1版[\s\S]*历史版本/);

  await history.getByRole('link', { name: '查看第1版' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}/versions/1`);
  const text = await page.locator('main').innerText();
  t.match(text, /只读：历史版本/);
  t.match(text, '渝中区政务服务中心教委窗口');
  t.notMatch(text, '三楼');
  t.equal(await page.locator('main form').count(), 0, 'nothing to submit on a version');
});

t.test('a concurrent edit is refused with the input kept; 覆盖 saves it on purpose', async (t) => {
  const other = await hall.newPage();
  await signIn(hall, other, editor.username, editor.password);
  await hall.goto(page, `/catalog/items/${itemId}/edit`);
  await hall.goto(other, `/catalog/items/${itemId}/edit`);

  await fillForm(other, { hours: '工作日 8:30—17:30' });
  await other.getByRole('button', { name: '保存草稿' }).click();
  await other.waitForURL(`${hall.url}/catalog/items/${itemId}`);

  await fillForm(page, { hours: '周一至周五 9:00—17:00' });
  await page.getByRole('button', { name: '保存草稿' }).click();
  t.match(await alertText(page, /已被他人修改/), /该事项已被他人修改。您填写的内容仍保留在页面上/);
  t.equal(await page.locator('#f-hours').inputValue(), '周一至周五 9:00—17:00', 'input kept');
  t.equal((await adminItem(itemId)).draft?.definition.hours, '工作日 8:30—17:30');

  await page.getByRole('button', { name: '用我的内容覆盖保存' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}`);
  t.equal((await adminItem(itemId)).draft?.definition.hours, '周一至周五 9:00—17:00');
  await other.context().close();
});

t.test('放弃草稿 and 下架 after confirmation', async (t) => {
  await hall.goto(page, `/catalog/items/${itemId}`);
  await page.getByRole('link', { name: '放弃草稿…' }).click();
  await page.getByRole('button', { name: '确认放弃草稿' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}`);
  t.match(await notice(page), '操作成功：已放弃草稿');
  let item = await adminItem(itemId);
  t.equal(item.draftVersion, null);
  t.equal(item.publishedVersion, 2);

  await page.getByRole('link', { name: '下架…' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}/withdraw`);
  t.match(await page.locator('main').innerText(), /不再出现在门户的权力清单中/);
  await page.getByRole('button', { name: '确认下架' }).click();
  await page.waitForURL(`${hall.url}/catalog/items/${itemId}`);
  t.match(await notice(page), '操作成功：已下架');
  t.match(await page.locator('dl').first().innerText(), '已下架');
  item = await adminItem(itemId);
  t.equal(item.status, 'withdrawn');
  // The public no longer finds it.
  const res = await fetch(`${hall.catalogUrl}/stations/yuzhong/items/${itemId}`);
  t.equal(res.status, 404);
});

t.test('the item editor without JavaScript', async (t) => {
  const plain = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, plain, editor.username, editor.password);
  await hall.goto(plain, '/catalog/items/new');
  await fillForm(plain, {
    name: '民办学校设立（实施学前教育）',
    basicCode: '0100205200',
    implCode: '11500103MB1030020J0100205200',
    promisedTimeLimitValue: '三十',
  });
  await plain.getByRole('button', { name: '保存草稿' }).click();
  t.match(await alertText(plain, /提交的信息有误/), /提交的信息有误/);
  t.equal(await fieldError(plain, 'promisedTimeLimitValue'), '请填写整数');
  t.equal(await plain.locator('#f-name').inputValue(), '民办学校设立（实施学前教育）');

  await plain.locator('#f-departmentId').selectOption({ label: '渝中区教育委员会' });
  await plain.getByRole('radio', { name: /即办件/ }).check();
  await plain.getByRole('checkbox', { name: /法人/ }).check();
  await plain.getByRole('radio', { name: '否' }).last().check();
  await fillForm(plain, {
    promisedTimeLimitValue: '',
    basis: '《中华人民共和国民办教育促进法》',
    conditions: '举办者具备相应条件。',
    process: '申请、受理、审查、决定。',
    location: '渝中区政务服务中心',
    hours: '工作日',
    consultation: '023-63526256',
    supervision: '023-63906368',
  });
  await plain.getByRole('button', { name: '保存草稿' }).click();
  await plain.waitForURL(/\/catalog\/items\/[0-9a-f-]+$/);
  t.match(await notice(plain), '已新增事项“民办学校设立（实施学前教育）”');

  // A material and a form field without JavaScript too.
  const id = new URL(plain.url()).pathname.split('/').pop()!;
  await hall.goto(plain, `/catalog/items/${id}/materials/new`);
  await fillForm(plain, { name: '举办者资格证明' });
  await plain.getByRole('button', { name: '保存' }).click();
  await plain.waitForURL(`${hall.url}/catalog/items/${id}/materials`);
  await hall.goto(plain, `/catalog/items/${id}/form`);
  await fillForm(plain, {
    formTitle: '民办学校设立申请表',
    fieldTitle: '学校名称',
    key: 'schoolName',
  });
  await plain.getByRole('button', { name: '添加字段' }).click();
  await plain.waitForURL(`${hall.url}/catalog/items/${id}/form`);
  t.equal(
    await plain.locator('.preview').getByLabel('学校名称').count(),
    1,
    'server-rendered preview',
  );
  const item = await adminItem(id);
  t.equal((item.draft?.definition.materials as unknown[]).length, 1);
  t.equal((item.draft?.definition.form as { title: string }).title, '民办学校设立申请表');
});

t.test('phone width: the list, the editor and the designer fit', async (t) => {
  const phone = await hall.newPage({ viewport: { width: 375, height: 812 } });
  await signIn(hall, phone, editor.username, editor.password);
  for (const path of [
    '/catalog/items',
    `/catalog/items/${itemId}`,
    `/catalog/items/${itemId}/edit`,
    `/catalog/items/${itemId}/materials`,
    `/catalog/items/${itemId}/form`,
    '/catalog/departments',
    '/catalog/transfer',
  ]) {
    await hall.goto(phone, path);
    t.notOk(
      await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1),
      `${path} does not scroll sideways`,
    );
  }
});
