/**
 * 在线申报 for everyone (manual 2.1 单位办事; DOMAIN accessibility): a unit applies through
 * 单位办事 with its own 基本信息; the core steps work with JavaScript off (plain form posts, a
 * plain upload, the print hint); at phone width in 大字 mode nothing scrolls sideways; a step
 * and an upload done with the keyboard alone.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { newPerson, newUnit } from './support/data';
import { follow, overflow } from './support/catalog';
import { PHONE, signIn } from './support/hall';
import { fileOf, materialBlock, pdfBytes, PNG_BYTES, startApplyHall } from './support/apply';

const hall = await startApplyHall(t);
const person = newPerson();
const unit = newUnit();
await hall.createPerson(person);
await hall.createUnit(unit);
const item = await hall.publishItem('cq', { name: '食品经营许可（测试）' });

t.test('单位办事: a unit applies with 申请单位, 统一社会信用代码, 法定代表人', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, unit.username, unit.password);
  await hall.goto(page, `/cq/business?q=${encodeURIComponent(item.name)}`);
  await follow(page, () =>
    page
      .locator('.item-list > li', { hasText: item.name })
      .getByRole('link', { name: /^在线申报/ })
      .click(),
  );
  t.equal(await page.locator('h1').innerText(), '阅读须知');
  await page.getByLabel('我已阅读并知晓以上须知和所需材料').check();
  await Promise.all([
    page.waitForURL(/\/basic$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  // A unit's 基本信息, from its profile.
  t.equal(await page.getByLabel(/^申请单位/).inputValue(), unit.unitName);
  t.equal(await page.getByLabel(/^统一社会信用代码/).inputValue(), unit.creditCode);
  t.equal(await page.getByLabel(/^法定代表人/).inputValue(), unit.legalRepName);
  t.equal(await page.getByLabel(/^联系人/).inputValue(), unit.operatorName);
  t.equal(await page.getByLabel(/^手机号码/).inputValue(), unit.operatorMobile);
  t.equal(await page.getByLabel('证件类型').count(), 0, 'no 居民身份证 type for a unit');
  t.equal(await page.getByLabel(/^申请人/).count(), 0);
  // A wrong credit code is told at once by 下一步.
  await page.getByLabel(/^统一社会信用代码/).fill('91500103MA00000001');
  await page.getByLabel(/^联系地址/).fill('重庆市江北区观音桥步行街9号');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await page.locator('#f-idNumber').getAttribute('aria-invalid'), 'true');
  await page.getByLabel(/^统一社会信用代码/).fill(unit.creditCode);
  await Promise.all([
    page.waitForURL(/\/form$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  await page.getByLabel(/^字号名称/).fill('观音桥食品店');
  await page.getByLabel(/^注册资金/).fill('50');
  await page.getByLabel(/^经营范围/).fill('预包装食品销售');
  await Promise.all([
    page.waitForURL(/\/materials$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  await materialBlock(page, item.m.required)
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('法定代表人身份证.pdf', pdfBytes('unit'), 'application/pdf'));
  await materialBlock(page, item.m.required).locator('.files .file-name').waitFor();
  await materialBlock(page, item.m.deferrable)
    .getByLabel(/窗口后补/)
    .check();
  await Promise.all([
    page.waitForURL(/\/receipt$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  const receipt = await page.locator('.receipt').innerText();
  t.match(receipt, /申请单位\s*：?\s*/);
  t.match(receipt, unit.unitName);
  t.match(receipt, /统一社会信用代码/);
  t.notMatch(receipt, unit.creditCode, 'the code masked');
  // The unit's space says 企业空间.
  await hall.goto(page, '/cq/space/applications');
  t.match(await page.locator('.menu-title').innerText(), '企业空间');
  t.equal(await page.locator('table.applications tbody tr').count(), 1);
});

t.test('the core steps work with JavaScript off', async (t) => {
  const page = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, page, person.username, person.password);
  await hall.libraryUpload(
    await hall.userToken(person.username, person.password),
    '房屋租赁合同.pdf',
    pdfBytes('lease'),
  );
  await hall.goto(page, `/cq/items/${item.id}/apply`);
  await page.getByLabel('我已阅读并知晓以上须知和所需材料').check();
  await Promise.all([
    page.waitForURL(/\/basic$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  await page.getByLabel(/^联系地址/).fill('重庆市沙坪坝区三峡广场1号');
  // 暂存 says so without JavaScript too.
  await page.getByRole('button', { name: '暂存' }).click();
  await page.waitForLoadState('load');
  t.match(await page.getByRole('status').innerText(), /已暂存/);
  await Promise.all([
    page.waitForURL(/\/form$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  await page.getByLabel(/^字号名称/).fill('三峡广场书屋');
  await page.getByLabel(/^注册资金/).fill('８');
  await page.getByLabel(/^经营范围/).fill('图书零售');
  await Promise.all([
    page.waitForURL(/\/materials$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  // 选择附件 + 上传: a plain multipart post, back here with the file listed.
  const required = materialBlock(page, item.m.required);
  await required
    .getByLabel(/^选择附件/)
    .setInputFiles(fileOf('身份证.png', PNG_BYTES, 'image/png'));
  await Promise.all([
    page.waitForURL(/\/materials/),
    required.getByRole('button', { name: /^上传/ }).click(),
  ]);
  await page.waitForLoadState('load');
  t.match(await page.getByRole('status').innerText(), /已上传：身份证\.png/);
  t.match(await materialBlock(page, item.m.required).locator('.files').innerText(), /身份证\.png/);
  // 资料库 for the 容缺后补 material (a pdf).
  await Promise.all([
    page.waitForURL(/\/materials\/library/),
    materialBlock(page, item.m.deferrable)
      .getByRole('link', { name: /^资料库/ })
      .click(),
  ]);
  await page.locator('label.pick', { hasText: '房屋租赁合同.pdf' }).locator('input').check();
  await Promise.all([
    page.waitForURL(/\/materials/),
    page.getByRole('button', { name: '选用' }).click(),
  ]);
  t.match(
    await materialBlock(page, item.m.deferrable).locator('.files').innerText(),
    /房屋租赁合同\.pdf/,
  );
  // A file removed again (删除 belongs to the step's form).
  await Promise.all([
    page.waitForURL(/\/materials/),
    materialBlock(page, item.m.deferrable).getByRole('button', { name: /^删除/ }).click(),
  ]);
  t.equal(await materialBlock(page, item.m.deferrable).locator('.files').count(), 0, 'removed');
  await materialBlock(page, item.m.deferrable)
    .getByLabel(/窗口后补/)
    .check();
  await Promise.all([
    page.waitForURL(/\/receipt$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  t.match(await page.locator('.keys .serial').innerText(), /^\d{20}$/);
  // No print button without JavaScript: the page says how to print.
  t.equal(await page.getByRole('button', { name: '打印' }).count(), 0);
  t.match(await page.locator('.print-hint').innerText(), /浏览器的“打印”功能/);
  t.equal(await page.getByRole('link', { name: '下载PDF' }).count(), 1);
  // The answers were read as numbers (full-width digits too).
  const token = await hall.userToken(person.username, person.password);
  const list = (await (
    await fetch(`${hall.submissionsUrl}/applications?state=submitted`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { items: Array<{ id: string }> };
  const detail = (await (
    await fetch(`${hall.submissionsUrl}/applications/${list.items[0]!.id}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { answers: Record<string, unknown> };
  t.equal(detail.answers.capital, 8);
});

t.test('phone width in 大字 mode: no step scrolls sideways', async (t) => {
  const page = await hall.newPage({ viewport: PHONE });
  await signIn(hall, page, person.username, person.password);
  await page.getByRole('button', { name: /大字/ }).click();
  await page.waitForFunction(() => document.documentElement.classList.contains('elder'));
  await hall.goto(page, `/cq/items/${item.id}/apply`);
  t.equal(await overflow(page), 0, '阅读须知');
  await page.getByLabel('我已阅读并知晓以上须知和所需材料').check();
  await Promise.all([
    page.waitForURL(/\/basic$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  t.equal(await overflow(page), 0, '基本信息');
  t.ok(await page.locator('.steps').isVisible(), 'the steps are shown');
  const id = page.url().split('/').at(-2)!;
  for (const step of ['form', 'materials']) {
    await hall.goto(page, `/cq/applications/${id}/${step}`);
    t.equal(await overflow(page), 0, step);
  }
  for (const path of ['/cq/space/applications', '/cq/space/library', '/cq/progress']) {
    await hall.goto(page, path);
    t.equal(await overflow(page), 0, path);
  }
});

/** Presses Tab until `focused` says the focus is where wanted (at most `limit` times). */
async function tabUntil(
  page: Page,
  what: string,
  focused: () => boolean,
  limit = 80,
): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate(focused)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${what}`);
}

const tabTo = (page: Page, id: string) =>
  tabUntil(
    page,
    `#${id}`,
    new Function(`return document.activeElement?.id === ${JSON.stringify(id)}`) as () => boolean,
  );

const tabToButton = (page: Page, name: string) =>
  tabUntil(
    page,
    `the ${name} button`,
    new Function(
      `const el = document.activeElement; return el?.tagName === 'BUTTON' && el.textContent.trim() === ${JSON.stringify(name)}`,
    ) as () => boolean,
  );

t.test(
  'the keyboard alone: 阅读须知, 基本信息, 业务表单 sent, a file chosen and uploaded',
  async (t) => {
    const page = await hall.newPage();
    await signIn(hall, page, person.username, person.password);
    await hall.goto(page, `/cq/items/${item.id}/apply`);
    await tabTo(page, 'f-confirm');
    await page.keyboard.press('Space');
    await tabToButton(page, '下一步');
    await Promise.all([page.waitForURL(/\/basic$/), page.keyboard.press('Enter')]);
    await tabTo(page, 'f-address');
    await page.keyboard.type('重庆市南岸区南坪正街2号');
    await page.keyboard.press('Tab');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'f-postcode', 'in order');
    await page.keyboard.type('400060');
    // Enter in a field sends the form with its first button: 下一步.
    await Promise.all([page.waitForURL(/\/form$/), page.keyboard.press('Enter')]);
    await tabTo(page, 'f-form.shopName');
    await page.keyboard.type('南坪便利店');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('日用百货零售');
    await tabToButton(page, '下一步');
    await Promise.all([page.waitForURL(/\/materials$/), page.keyboard.press('Enter')]);
    // 选择附件 with the keyboard: the focus shows on it, Space opens the file chooser.
    const input = `f-material-${item.m.required}`;
    // The field turns its label into the button once its script runs: keys before that would
    // race the enhancement on a busy machine.
    await page.locator(`label.button[for="${input}"]`).waitFor();
    await tabTo(page, input);
    const ring = await page.evaluate(
      (id) => getComputedStyle(document.querySelector(`label[for="${id}"]`)!).outlineStyle,
      input,
    );
    t.equal(ring, 'solid', 'the button-like label shows the focus');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.keyboard.press('Space'),
    ]);
    await chooser.setFiles(fileOf('身份证.pdf', pdfBytes('keyboard'), 'application/pdf'));
    await materialBlock(page, item.m.required)
      .locator('.files .file-name', { hasText: '身份证.pdf' })
      .waitFor();
    t.pass('uploaded with the keyboard');
  },
);
