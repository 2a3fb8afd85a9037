/**
 * Bad input in the browser, each said where it belongs: a disguised file refused at its
 * material with a clear message (with JavaScript and without); 【提交】 without a 必要 material
 * pointing at that material; business-form data the form forbids pointing at the field, on
 * 【下一步】 and when only 【提交】 finds it (the applicant is taken back to 业务表单); 基本信息
 * emptied with 【暂存】 and refused by 【提交】 on its own step. Nothing is lost on the way.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { newPerson } from './support/data';
import { signIn } from './support/hall';
import { fileOf, materialBlock, pdfBytes, PNG_BYTES, startApplyHall } from './support/apply';

const hall = await startApplyHall(t);
const person = newPerson();
await hall.createPerson(person);
const item = await hall.publishItem('cq');

/** A new draft of `item` through 阅读须知, with 基本信息 completed; its id. */
async function draftAtForm(page: Page): Promise<string> {
  await hall.goto(page, `/cq/items/${item.id}/apply`);
  await page.getByLabel('我已阅读并知晓以上须知和所需材料').check();
  await Promise.all([
    page.waitForURL(/\/basic$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  const id = page.url().split('/').at(-2)!;
  await page.getByLabel(/^联系地址/).fill('重庆市渝中区较场口88号');
  await Promise.all([
    page.waitForURL(/\/form$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  return id;
}

const page = await hall.newPage();
await signIn(hall, page, person.username, person.password);
const id = await draftAtForm(page);

t.test('business-form data the form forbids is pointed at on 下一步', async (t) => {
  await page.getByLabel(/^字号名称/).fill('较场口火锅');
  await page.getByLabel(/^注册资金/).fill('0');
  await page.getByLabel(/^经营范围/).fill('餐饮');
  await page.getByLabel(/^经营场所电话/).fill('12345');
  await page.getByRole('button', { name: '下一步' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.match(page.url(), /\/form$/, 'stays on 业务表单');
  const summary = await alert.innerText();
  t.match(summary, /业务表单填写有误/);
  t.match(summary, /注册资金（万元）：/);
  t.match(summary, /经营场所电话：/);
  t.equal(await page.locator('[id="f-form.capital"]').getAttribute('aria-invalid'), 'true');
  const error = await page.locator('[id="f-form.capital-error"]').innerText();
  t.match(error, /1/, 'the message names the limit');
  // The summary's link leads to the field.
  await alert.getByRole('link', { name: /^注册资金/ }).click();
  t.equal(await page.evaluate(() => document.activeElement?.id), 'f-form.capital');
  // What was typed is kept, and saved.
  t.equal(await page.getByLabel(/^字号名称/).inputValue(), '较场口火锅');
  const token = await hall.userToken(person.username, person.password);
  const saved = (await (
    await fetch(`${hall.submissionsUrl}/applications/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { answers: Record<string, unknown>; step: string };
  t.same(saved.answers.shopName, '较场口火锅', 'saved all the same');
  t.equal(saved.step, 'form', 'left at 业务表单');
});

t.test('a disguised file is refused at its material with a clear message', async (t) => {
  await hall.goto(page, `/cq/applications/${id}/materials`);
  const required = materialBlock(page, item.m.required);
  // A PNG named .pdf.
  await required
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('营业执照.pdf', PNG_BYTES, 'application/pdf'));
  const error = required.locator('.field-error[role="alert"]');
  await error.waitFor();
  const message = await error.innerText();
  t.match(message, /营业执照\.pdf/, 'names the file');
  t.match(message, /(内容|类型)/, 'says what is wrong');
  t.equal(await required.getByLabel(/^选择附件/).getAttribute('aria-invalid'), 'true');
  t.match(await required.locator('.provided').innerText(), /未上传/, 'nothing was added');

  // Without JavaScript: a plain form post, back to the step with the message at the material.
  const plain = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, plain, person.username, person.password);
  await hall.goto(plain, `/cq/applications/${id}/materials`);
  const block = materialBlock(plain, item.m.required);
  await block
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('营业执照.pdf', PNG_BYTES, 'application/pdf'));
  await Promise.all([
    plain.waitForURL(/\/materials/),
    block.getByRole('button', { name: /^上传/ }).click(),
  ]);
  await plain.waitForLoadState('load');
  t.match(await plain.getByRole('alert').first().innerText(), /营业执照\.pdf/);
  t.match(await block.locator('.field-error').innerText(), /营业执照\.pdf/);
  t.match(await block.locator('.provided').innerText(), /未上传/);
});

t.test('提交 without the 必要 material points at it', async (t) => {
  await hall.goto(page, `/cq/applications/${id}/materials`);
  // 业务表单 is still wrong too: first the materials are told here.
  await page.getByRole('button', { name: '提交', exact: true }).click();
  // The service finds the form's problems as well: the applicant is taken to 业务表单 first.
  await page.waitForURL(/\/form$/);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.innerText(), /注册资金/);
  t.equal(await page.locator('[id="f-form.capital"]').getAttribute('aria-invalid'), 'true');
  await page.getByLabel(/^注册资金/).fill('20');
  await page.getByLabel(/^经营场所电话/).fill('');
  await Promise.all([
    page.waitForURL(/\/materials$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);

  // Now only the material is missing: told at the material, on this step.
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await alert.waitFor();
  t.match(page.url(), /\/materials$/);
  const summary = await alert.innerText();
  t.match(summary, /经营者居民身份证：/, 'the summary names the material');
  const block = materialBlock(page, item.m.required);
  t.ok(await block.evaluate((el) => el.classList.contains('invalid')), 'the material is marked');
  t.ok((await block.locator('.field-error').innerText()).length > 0, 'with its message');
  await alert.getByRole('link', { name: /^经营者居民身份证/ }).click();
  t.equal(
    await page.evaluate(() => document.activeElement?.id),
    `f-material-${item.m.required}`,
    'the link reaches the material’s 选择附件',
  );
  // Provided, it goes through.
  await block
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('身份证.pdf', pdfBytes('id card'), 'application/pdf'));
  await block.locator('.files .file-name', { hasText: '身份证.pdf' }).waitFor();
  await Promise.all([
    page.waitForURL(/\/receipt$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  t.match(await page.locator('.keys .serial').innerText(), /^\d{20}$/);
});

t.test('基本信息 emptied with 暂存 is refused by 提交 on its own step', async (t) => {
  const id2 = await draftAtForm(page);
  await page.getByLabel(/^字号名称/).fill('民生路书店');
  await page.getByLabel(/^注册资金/).fill('3');
  await page.getByLabel(/^经营范围/).fill('图书零售');
  await Promise.all([
    page.waitForURL(/\/materials$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  await materialBlock(page, item.m.required)
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('身份证.png', PNG_BYTES, 'image/png'));
  await materialBlock(page, item.m.required).locator('.files .file-name').waitFor();
  // Back to 基本信息, 手机号码 emptied and 暂存d (暂存 does not check).
  await hall.goto(page, `/cq/applications/${id2}/basic`);
  await page.getByLabel(/^手机号码/).fill('');
  await page.getByRole('button', { name: '暂存' }).click();
  await page.getByRole('status').filter({ hasText: '已暂存' }).waitFor();
  await hall.goto(page, `/cq/applications/${id2}/materials`);
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await page.waitForURL(/\/basic$/);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.innerText(), /手机号码/);
  t.equal(await page.locator('#f-mobile').getAttribute('aria-invalid'), 'true');
  t.ok((await page.locator('#f-mobile-error').innerText()).length > 0);
});

t.test('a file of megabytes streams through; a form post over 1 MiB is refused', async (t) => {
  const big = new Uint8Array(3 * 1024 * 1024 + 17);
  big.set(pdfBytes('big'));
  big.fill(0x20, pdfBytes('big').length);
  const id3 = await draftAtForm(page);
  await hall.goto(page, `/cq/applications/${id3}/materials`);
  const block = materialBlock(page, item.m.required);
  await block.getByLabel(/^选择附件/).setInputFiles(fileOf('扫描件.pdf', big, 'application/pdf'));
  await block.locator('.files', { hasText: '扫描件.pdf' }).waitFor();
  t.match(await block.locator('.files').innerText(), /3\.0 MB/);
  // Over the material's 5 MB: refused while streaming, said at the material.
  const huge = new Uint8Array(6 * 1024 * 1024);
  huge.set(pdfBytes('huge'));
  await block
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('超大扫描件.pdf', huge, 'application/pdf'));
  const error = block.locator('.field-error[role="alert"]');
  await error.waitFor();
  t.match(await error.innerText(), /(过大|超过|5\s*MB)/);
  // Pages and forms are held to 1 MiB: only the upload endpoints take more.
  const res = await fetch(`${hall.url}/cq/progress`, {
    method: 'POST',
    headers: { origin: hall.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: `serial=${'1'.repeat(2 * 1024 * 1024)}`,
  });
  t.equal(res.status, 413);
});
