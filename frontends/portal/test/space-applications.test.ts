/**
 * 个人/企业空间 after submitting (manual 3.3, 3.5, 3.6): 我的办件 with its states and filters; the
 * detail's tabs (links, so without JavaScript too) and 办理进度; 补齐补正 asking exactly for what
 * the station named, back to the receipt with the same serial; 重新办理 of a rejected one into a
 * new prefilled draft; a completed one's 结果材料, 证照信息 and 缴费信息 and 星级测评 (once); own and
 * result files downloaded through the portal; someone else's application and files are 404.
 * The staff side acts through the submissions API (the console drives it elsewhere).
 */
import t from 'tap';
import { newPerson } from './support/data';
import { follow } from './support/catalog';
import { signIn } from './support/hall';
import { fileOf, materialBlock, pdfBytes, startApplyHall, submitThroughApi } from './support/apply';

const hall = await startApplyHall(t);
const person = newPerson();
const other = newPerson();
await hall.createPerson(person);
await hall.createPerson(other);
const item = await hall.publishItem('cq');
const token = await hall.userToken(person.username, person.password);
const basic = { name: person.realName, idNumber: person.idNumber, mobile: person.mobile };

const supplemented = await submitThroughApi(hall, token, item, basic);
const rejected = await submitThroughApi(hall, token, item, basic);
const completed = await submitThroughApi(hall, token, item, basic);

await hall.staffAction('cq', supplemented.id, 'request_supplement', {
  opinion: '材料不清晰',
  supplement: {
    materials: [item.m.required],
    fields: ['answers/scope', 'basic/address'],
    note: '身份证扫描件不清晰，请重新上传；经营范围请按营业执照填写；联系地址请写到门牌号。',
  },
});
await hall.staffAction('cq', rejected.id, 'reject', {
  reason: '不符合受理条件：经营场所不在本辖区',
});
await hall.staffAction('cq', completed.id, 'prereview', { opinion: '材料齐全' });
await hall.staffAction('cq', completed.id, 'accept', { opinion: '予以受理' });
const resultBytes = pdfBytes('licence scan');
const resultFile = await hall.staffUpload('cq', '个体工商户营业执照.pdf', resultBytes);
await hall.staffAction('cq', completed.id, 'complete', {
  outcome: 'approved',
  opinion: '准予登记',
  resultFileIds: [resultFile],
  licence: {
    name: '个体工商户营业执照',
    number: '92500103MA60000001',
    issuer: '重庆市渝中区市场监督管理局',
    validFrom: '2026-12-05',
  },
  fees: { items: [{ name: '工本费', amount: 10 }], paid: true },
});

const page = await hall.newPage();
await signIn(hall, page, person.username, person.password);

t.test('我的办件: states, actions and filters', async (t) => {
  await hall.goto(page, '/cq/space');
  await follow(page, () =>
    page
      .getByRole('navigation', { name: '个人空间' })
      .getByRole('link', { name: '我的办件' })
      .click(),
  );
  t.equal(await page.locator('h1').innerText(), '我的办件');
  const row = (serial: string) => page.locator('table.applications tbody tr', { hasText: serial });
  t.equal(await row(supplemented.serial).locator('.tag').innerText(), '补齐补正');
  t.equal(await row(rejected.serial).locator('.tag').innerText(), '已驳回');
  t.equal(await row(completed.serial).locator('.tag').innerText(), '办结');
  t.equal(
    await row(supplemented.serial)
      .getByRole('link', { name: /^补齐补正/ })
      .count(),
    1,
  );
  t.equal(
    await row(rejected.serial)
      .getByRole('button', { name: /^重新办理/ })
      .count(),
    1,
  );
  t.equal(
    await row(completed.serial)
      .getByRole('link', { name: /^星级测评/ })
      .count(),
    1,
  );
  t.equal(await row(completed.serial).getByRole('link', { name: /^打印/ }).count(), 1);
  // Filters: a GET form.
  await page.getByLabel('办理状态').selectOption('rejected');
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  t.match(page.url(), /state=rejected/);
  t.same(await page.locator('table.applications tbody .serial').allInnerTexts(), [rejected.serial]);
  await page.getByLabel('办理状态').selectOption('');
  await page.getByLabel('关键字').fill(completed.serial);
  await follow(page, () => page.getByRole('button', { name: '查询' }).click());
  t.same(await page.locator('table.applications tbody .serial').allInnerTexts(), [
    completed.serial,
  ]);
});

t.test('补齐补正: exactly what was asked, then the receipt with the same serial', async (t) => {
  await hall.goto(page, '/cq/space/applications');
  const row = page.locator('table.applications tbody tr', { hasText: supplemented.serial });
  await follow(page, () => row.getByRole('link', { name: /^补齐补正/ }).click());
  t.equal(await page.locator('h1').innerText(), '补齐补正');
  const request = await page.locator('.request').innerText();
  t.match(request, /身份证扫描件不清晰/, 'the staff note');
  t.match(request, /材料：经营者居民身份证/);
  t.match(request, /基本信息：联系地址/);
  t.match(request, /业务表单：经营范围/);
  // Only the requested material and fields.
  t.equal(await page.locator('.material').count(), 1);
  t.equal(await materialBlock(page, item.m.required).count(), 1);
  t.equal(await page.getByLabel(/^联系地址/).count(), 1);
  t.equal(await page.getByLabel(/^经营范围/).count(), 1);
  t.equal(await page.getByLabel(/^字号名称/).count(), 0, 'not asked for');
  t.equal(await page.getByLabel(/^手机号码/).count(), 0, 'not asked for');

  await materialBlock(page, item.m.required)
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('身份证（清晰）.pdf', pdfBytes('clear scan'), 'application/pdf'));
  await materialBlock(page, item.m.required)
    .locator('.files .file-name', { hasText: '身份证（清晰）.pdf' })
    .waitFor();
  await page.getByLabel(/^联系地址/).fill('重庆市渝中区解放碑街道民权路1号附2号');
  await page.getByLabel(/^经营范围/).fill('餐饮服务：小吃类');
  await Promise.all([
    page.waitForURL(/\/receipt$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  t.equal(await page.locator('.keys .serial').innerText(), supplemented.serial, 'the same serial');
  t.match(await page.locator('.receipt').innerText(), /待预审/);
});

t.test('重新办理 makes a new draft prefilled from the rejected one', async (t) => {
  await hall.goto(page, `/cq/space/applications?state=rejected`);
  const row = page.locator('table.applications tbody tr', { hasText: rejected.serial });
  await Promise.all([
    page.waitForURL(/\/basic$/),
    row.getByRole('button', { name: /^重新办理/ }).click(),
  ]);
  const draftId = page.url().split('/').at(-2)!;
  t.not(draftId, rejected.id, 'a new application');
  t.equal(await page.getByLabel(/^联系地址/).inputValue(), '重庆市渝中区解放碑街道民权路1号');
  await Promise.all([
    page.waitForURL(/\/form$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  t.equal(await page.getByLabel(/^字号名称/).inputValue(), '民权路面馆', 'the answers came along');
  await Promise.all([
    page.waitForURL(/\/materials$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  t.match(await materialBlock(page, item.m.required).locator('.files').innerText(), /身份证\.pdf/);
  await Promise.all([
    page.waitForURL(/\/receipt$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  const serial = await page.locator('.keys .serial').innerText();
  t.not(serial, rejected.serial, 'a new serial');
});

t.test('a completed application: tabs, results, downloads, 星级测评 once', async (t) => {
  await hall.goto(page, `/cq/space/applications/${completed.id}`);
  t.equal(await page.locator('h1').innerText(), item.name);
  const tabs = page.getByRole('navigation', { name: '业务详情' });
  t.same(await tabs.getByRole('link').allInnerTexts(), [
    '基本信息',
    '表单信息',
    '申请材料',
    '结果材料',
    '证照信息',
    '缴费信息',
  ]);
  t.equal(await tabs.getByRole('link', { name: '基本信息' }).getAttribute('aria-current'), 'page');
  /** A tab is a link to `?tab=…#tabs`: the panel shows it once it is the current one. */
  const openTab = async (label: string, key: string) => {
    await tabs.getByRole('link', { name: label }).click();
    await page.waitForURL(new RegExp(`tab=${key}`));
    await page.locator('#panel-heading', { hasText: label }).waitFor();
  };
  const facts = await page.locator('.panel').innerText();
  t.match(facts, completed.serial);
  t.match(facts, /准予|通过|办结/);
  t.match(facts, /500103\*+/, 'the ID number masked');
  // 办理进度: every step, oldest first.
  const timeline = await page.locator('ol.timeline > li').allInnerTexts();
  t.equal(timeline.length, 4);
  t.match(timeline[0]!, /提交/);
  t.match(timeline[3]!, /办结[\s\S]*准予登记/);

  await openTab('表单信息', 'form');
  t.match(await page.locator('.panel').innerText(), /字号名称[\s\S]*民权路面馆/);
  await openTab('申请材料', 'materials');
  const materials = await page.locator('.panel').innerText();
  t.match(materials, /经营者居民身份证[\s\S]*身份证\.pdf/);
  t.match(materials, /经营场所使用证明[\s\S]*容缺后补[\s\S]*容缺后补/, 'owed at the window');
  const own = await page.request.get(
    `${hall.url}${await page.locator('.panel a', { hasText: '身份证.pdf' }).getAttribute('href')}`,
  );
  t.equal(own.status(), 200, 'an own file downloads');
  t.equal((await own.body()).subarray(0, 5).toString(), '%PDF-');

  await openTab('结果材料', 'results');
  const link = page.locator('.panel a', { hasText: '个体工商户营业执照.pdf' });
  const result = await page.request.get(`${hall.url}${await link.getAttribute('href')}`);
  t.equal(result.status(), 200, 'the result file downloads');
  t.same(new Uint8Array(await result.body()), resultBytes, 'the same bytes');
  t.match(result.headers()['content-disposition'] ?? '', /attachment/);

  await openTab('证照信息', 'licence');
  const licence = await page.locator('.panel').innerText();
  t.match(licence, /92500103MA60000001/);
  t.match(licence, /重庆市渝中区市场监督管理局/);
  await openTab('缴费信息', 'fees');
  t.match(await page.locator('.panel').innerText(), /工本费[\s\S]*10\.00[\s\S]*已缴费/);

  // 星级测评: from the list's button, to the form on 基本信息.
  await hall.goto(page, '/cq/space/applications');
  await page
    .locator('table.applications tbody tr', { hasText: completed.serial })
    .getByRole('link', { name: /^星级测评/ })
    .click();
  await page.waitForURL(new RegExp(`/space/applications/${completed.id}#evaluation$`));
  const form = page.locator('form.evaluate-form');
  await form.waitFor();
  // Incomplete: said at the fields.
  await form.getByRole('button', { name: '提交评价' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').innerText(), /满意程度/);
  await page.getByRole('radio', { name: /非常满意/ }).check();
  for (const label of ['整体满意度', '办事效率', '办事指南精确度', '办事便捷度', '平台操作性']) {
    await form.getByLabel(new RegExp(`^${label}`)).selectOption({ label: '满意' });
  }
  await form.getByRole('radio', { name: '是' }).check();
  await form.getByLabel('评价内容').fill('窗口服务热情，网上办理很方便。');
  await form.getByRole('button', { name: '提交评价' }).click();
  await page.getByRole('status').filter({ hasText: '评价已提交' }).waitFor();
  await hall.goto(page, `/cq/space/applications/${completed.id}`);
  const given = await page.locator('#evaluation').innerText();
  t.match(given, /您的评价：非常满意/);
  t.match(given, /匿名/);
  t.equal(await page.locator('form.evaluate-form').count(), 0, 'once only');
  const again = await fetch(`${hall.submissionsUrl}/applications/${completed.id}/evaluation`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      level: 1,
      indicators: { overall: 1, efficiency: 1, guideAccuracy: 1, convenience: 1, usability: 1 },
      anonymous: false,
    }),
  });
  t.equal(again.status, 409, 'the service refuses a second one');
});

t.test('the tabs work without JavaScript', async (t) => {
  const plain = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, plain, person.username, person.password);
  await hall.goto(plain, `/cq/space/applications/${completed.id}`);
  await Promise.all([
    plain.waitForURL(/tab=licence/),
    plain
      .getByRole('navigation', { name: '业务详情' })
      .getByRole('link', { name: '证照信息' })
      .click(),
  ]);
  t.match(await plain.locator('.panel').innerText(), /个体工商户营业执照/);
});

t.test('someone else’s application and files are not there', async (t) => {
  const stranger = await hall.newPage();
  await signIn(hall, stranger, other.username, other.password);
  for (const path of [
    `/cq/space/applications/${completed.id}`,
    `/cq/applications/${supplemented.id}/supplement`,
    `/cq/applications/${completed.id}/receipt`,
    `/cq/files/${completed.fileId}`,
    `/cq/files/${resultFile}`,
  ]) {
    const res = await stranger.request.get(`${hall.url}${path}`, { maxRedirects: 0 });
    t.equal(res.status(), 404, path);
  }
  const pdf = await stranger.request.get(`${hall.url}/cq/applications/${completed.id}/receipt.pdf`);
  t.equal(pdf.status(), 404, 'receipt.pdf');
  // Under another station's address the application is not there either.
  const wrong = await page.request.get(`${hall.url}/yuzhong/applications/${completed.id}/receipt`);
  t.equal(wrong.status(), 404);
});

t.test('资料库: rename, and delete after a confirmation (without JavaScript)', async (t) => {
  const plain = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, plain, person.username, person.password);
  await hall.libraryUpload(token, '待整理的扫描件.pdf', pdfBytes('tidy'));
  await hall.goto(plain, '/cq/space/library');
  const row = plain.locator('table.library tbody tr', { hasText: '待整理的扫描件.pdf' });
  await Promise.all([
    plain.waitForURL(/\/space\/library\/[0-9a-f-]+$/),
    row.getByRole('link', { name: /^重命名/ }).click(),
  ]);
  await plain.getByLabel(/^新文件名/).fill('户口簿首页');
  await Promise.all([
    plain.waitForURL(/\/space\/library$/),
    plain.getByRole('button', { name: '保存' }).click(),
  ]);
  t.match(await plain.getByRole('status').innerText(), /已重命名为：户口簿首页\.pdf/);
  const renamed = plain.locator('table.library tbody tr', { hasText: '户口簿首页.pdf' });
  await Promise.all([
    plain.waitForURL(/delete=1/),
    renamed.getByRole('link', { name: /^删除/ }).click(),
  ]);
  t.match(await plain.locator('h2').first().innerText(), /确定要从资料库删除“户口簿首页\.pdf”吗/);
  // 取消 leaves it.
  await Promise.all([
    plain.waitForURL(/\/space\/library$/),
    plain.getByRole('link', { name: '取消' }).click(),
  ]);
  t.equal(await renamed.count(), 1);
  await Promise.all([
    plain.waitForURL(/delete=1/),
    renamed.getByRole('link', { name: /^删除/ }).click(),
  ]);
  await Promise.all([
    plain.waitForURL(/\/space\/library$/),
    plain.getByRole('button', { name: '确定删除' }).click(),
  ]);
  t.match(await plain.getByRole('status').innerText(), /已删除：户口簿首页\.pdf/);
  t.equal(await plain.locator('table.library tbody tr', { hasText: '户口簿首页.pdf' }).count(), 0);
  // A file used by an application stays downloadable from it after leaving 资料库.
  t.equal((await plain.request.get(`${hall.url}/cq/files/${completed.fileId}`)).status(), 200);
});
