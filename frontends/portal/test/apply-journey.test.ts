/**
 * The citizen's whole journey of manual 2.1, 3.3, 3.4 and 5.1 through the built portal against
 * real identity, catalog, materials and submissions services, with JavaScript on: 在线申报 →
 * 阅读须知 → 基本信息 (from the profile) → 业务表单 → 【暂存】, leave, 我的办件 【修改】 → 材料上传
 * (【选择附件】 with its progress, 【资料库】, 容缺后补 as 窗口后补, 窗口提交) → 【提交】 → 申报告知单
 * (serial, QR code, print view, PDF) → 进度查询 by serial and name (and by the QR code's link),
 * a wrong name told neutrally.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { newPerson } from './support/data';
import { follow } from './support/catalog';
import { signIn } from './support/hall';
import {
  fileOf,
  materialBlock,
  pdfBytes,
  PNG_BYTES,
  startApplyHall,
  type TestItem,
} from './support/apply';

const hall = await startApplyHall(t);
const person = newPerson();
await hall.createPerson(person);
const item: TestItem = await hall.publishItem('cq');

/** The page's 1st-level heading and the step marked current. */
async function where(page: Page): Promise<{ h1: string; step: string | null }> {
  const step = page.locator('.steps [aria-current="step"]');
  return {
    h1: await page.locator('h1').innerText(),
    step: (await step.count()) ? (await step.innerText()).replace(/\s+/g, '') : null,
  };
}

let applicationId = '';
let serial = '';

t.test('阅读须知 → 基本信息 → 业务表单 → 暂存, leave, 我的办件 【修改】 resumes', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, person.username, person.password);
  // A file in 资料库 from an earlier upload, to take with 【资料库】 later.
  await hall.goto(page, '/cq/space/library');
  await page.getByLabel('选择文件').setInputFiles(fileOf('营业执照副本.pdf', pdfBytes('library')));
  await page.getByText('✓ 已上传：营业执照副本.pdf').waitFor();
  await page.getByRole('rowheader', { name: '营业执照副本.pdf' }).waitFor();

  await hall.goto(page, `/cq/items/${item.id}`);
  await follow(page, () =>
    page.getByRole('link', { name: '在线申报', exact: true }).first().click(),
  );
  t.equal(await page.locator('h1').innerText(), '阅读须知');
  t.same(
    await page
      .locator('.steps li')
      .allInnerTexts()
      .then((l) => l.map((s) => s.replace(/\s+/g, ''))),
    [
      '1阅读须知（当前步骤）',
      '2基本信息（未开始）',
      '3业务表单（未开始）',
      '4材料上传（未开始）',
      '5申报告知单（未开始）',
    ],
    'the step indicator names every step, the current one in words',
  );
  await page.getByLabel('我已阅读并知晓以上须知和所需材料').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/cq\/applications\/[0-9a-f-]+\/basic$/);
  applicationId = page.url().split('/').at(-2)!;
  t.same(await where(page), { h1: '在线申报', step: '2基本信息（当前步骤）' });

  // Prefilled from the account's profile; * marks the required fields.
  t.equal(await page.getByLabel(/^申请人/).inputValue(), person.realName);
  t.equal(await page.getByLabel(/^证件号码/).inputValue(), person.idNumber);
  t.equal(await page.getByLabel(/^手机号码/).inputValue(), person.mobile);
  t.equal(await page.getByLabel('证件类型').inputValue(), '居民身份证');
  t.equal(await page.locator('label[for="f-address"] .required').innerText(), '*');
  t.equal(await page.locator('label[for="f-postcode"] .required').count(), 0, '邮政编码 optional');

  // 下一步 with 联系地址 missing: told at the field, and nothing lost.
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').innerText(), /联系地址：此项为必填项/);
  t.equal(await page.locator('#f-address').getAttribute('aria-invalid'), 'true');
  await page.getByLabel(/^联系地址/).fill('重庆市渝中区解放碑街道民权路1号');
  await page.getByLabel(/^邮政编码/).fill('400010');
  await Promise.all([
    page.waitForURL(/\/form$/),
    page.getByRole('button', { name: '下一步' }).click(),
  ]);
  t.same(await where(page), { h1: '在线申报', step: '3业务表单（当前步骤）' });
  t.equal(
    await page.getByRole('heading', { level: 2 }).first().innerText(),
    '个体工商户开业登记申请表',
  );

  // Half the form, then 暂存.
  await page.getByLabel(/^字号名称/).fill('解放碑小面馆');
  await page.getByLabel(/^注册资金/).fill('5');
  await page.getByRole('button', { name: '暂存' }).click();
  const saved = page.getByRole('status').filter({ hasText: '已暂存' });
  await saved.waitFor();
  t.match(await saved.innerText(), /我的办件/);
  t.equal(
    await page.getByLabel(/^字号名称/).inputValue(),
    '解放碑小面馆',
    'the form keeps its values',
  );

  // Leave; come back through 我的办件: the draft is listed as 暂存 with 【修改】.
  await hall.goto(page, '/cq');
  await hall.goto(page, '/cq/space/applications');
  const row = page.locator('table.applications tbody tr', { hasText: item.name });
  t.equal(await row.count(), 1);
  t.equal(await row.locator('.tag').innerText(), '暂存');
  await follow(page, () => row.getByRole('link', { name: /^修改/ }).click());
  await page.waitForURL(new RegExp(`/cq/applications/${applicationId}/form$`));
  t.equal(
    await page.getByLabel(/^字号名称/).inputValue(),
    '解放碑小面馆',
    'resumed where it was left',
  );
  t.equal(await page.getByLabel(/^注册资金/).inputValue(), '5');
  // The 基本信息 step keeps what was typed.
  await follow(page, () => page.locator('.steps').getByRole('link', { name: '基本信息' }).click());
  t.equal(await page.getByLabel(/^联系地址/).inputValue(), '重庆市渝中区解放碑街道民权路1号');
});

t.test(
  '业务表单 → 材料上传: 选择附件, 资料库, 窗口后补, 窗口提交 → 提交 → 申报告知单',
  async (t) => {
    const page = await hall.newPage();
    await signIn(hall, page, person.username, person.password);
    await hall.goto(page, `/cq/applications/${applicationId}/form`);
    await page.getByLabel(/^经营范围/).fill('餐饮服务（小吃）');
    await Promise.all([
      page.waitForURL(/\/materials$/),
      page.getByRole('button', { name: '下一步' }).click(),
    ]);
    t.same(await where(page), { h1: '在线申报', step: '4材料上传（当前步骤）' });

    // Necessity and collection are words (and a symbol), not colours.
    const required = materialBlock(page, item.m.required);
    t.match(await required.locator('.necessity-tag').innerText(), /●\s*必要/);
    t.match(
      await materialBlock(page, item.m.deferrable).locator('.necessity-tag').innerText(),
      /容缺后补/,
    );
    t.match(
      await materialBlock(page, item.m.optional).locator('.necessity-tag').innerText(),
      /非必要/,
    );
    const atWindow = materialBlock(page, item.m.window);
    t.match(await atWindow.innerText(), /窗口提交：无需上传/);
    t.equal(await atWindow.getByLabel(/选择附件/).count(), 0, 'nothing to upload at the window');

    // 选择附件: a progress bar while it goes, then the file in the list.
    await page.evaluate(() => {
      const w = window as Window & { sawProgress?: boolean };
      new MutationObserver(() => {
        if (document.querySelector('progress')) w.sawProgress = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    await required
      .getByLabel(/^选择附件/)
      .setInputFiles(fileOf('身份证正反面.png', PNG_BYTES, 'image/png'));
    await required.locator('.files .file-name', { hasText: '身份证正反面.png' }).waitFor();
    t.ok(
      await page.evaluate(() => (window as Window & { sawProgress?: boolean }).sawProgress),
      'the progress bar was shown',
    );
    t.match(await required.locator('.provided').innerText(), /已上传 1 个文件/);

    // 资料库: a page, no pop-up; files of other types cannot be taken.
    await follow(page, () =>
      materialBlock(page, item.m.optional)
        .getByRole('link', { name: /^资料库/ })
        .click(),
    );
    t.equal(await page.locator('h1').innerText(), '从资料库选择');
    const pick = page.locator('label.pick', { hasText: '营业执照副本.pdf' });
    await pick.locator('input').check();
    await Promise.all([
      page.waitForURL(/\/materials(#.*)?$/),
      page.getByRole('button', { name: '选用' }).click(),
    ]);
    await page.getByRole('status').filter({ hasText: '已从资料库选用 1 个文件' }).waitFor();
    t.match(
      await materialBlock(page, item.m.optional).locator('.files').innerText(),
      /营业执照副本\.pdf/,
    );

    // 容缺后补 left for the window.
    await materialBlock(page, item.m.deferrable)
      .getByLabel(/窗口后补/)
      .check();
    await Promise.all([
      page.waitForURL(/\/receipt$/),
      page.getByRole('button', { name: '提交', exact: true }).click(),
    ]);

    // 申报告知单.
    t.equal(await page.locator('h1').innerText(), '申报告知单');
    serial = await page.locator('.keys .serial').innerText();
    t.match(serial, /^\d{20}$/, '申办流水号: 20 digits');
    t.match(await page.getByRole('status').innerText(), /办件申报成功/);
    const password = await page.locator('.keys .password').innerText();
    t.match(password, /^[A-Z2-9]{8}$/, '查询密码');
    const qr = page.getByRole('img', { name: /二维码/ });
    t.match(await qr.getAttribute('src'), /^data:image\/svg\+xml/);
    const receipt = await page.locator('.receipt').innerText();
    t.match(receipt, person.realName);
    t.match(receipt, item.name);
    t.match(receipt, /500103\*+\d{3}[\dX]/, 'the ID number masked');
    const rows = await page.locator('table.receipt-materials tbody tr').allInnerTexts();
    t.equal(rows.length, 4);
    t.match(rows[0]!, /经营者居民身份证[\s\S]*身份证正反面\.png/);
    t.match(rows[1]!, /经营场所使用证明[\s\S]*窗口后补|容缺/);
    t.match(rows[2]!, /窗口提交/);
    t.match(rows[3]!, /营业执照副本\.pdf/);

    // 打印: the print stylesheet shows the document only.
    t.equal(await page.getByRole('button', { name: '打印' }).count(), 1);
    await page.emulateMedia({ media: 'print' });
    t.notOk(await page.locator('.site-header').isVisible(), 'no header in print');
    t.notOk(await page.locator('.site-footer').isVisible(), 'no footer in print');
    t.notOk(await page.locator('.receipt-actions').isVisible(), 'no buttons in print');
    t.ok(await page.locator('.receipt').isVisible(), 'the receipt prints');
    await page.emulateMedia({ media: 'screen' });

    // 下载PDF: a real PDF, through the portal.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载PDF' }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const pdf = await readFile(path);
    t.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF');
    t.ok(pdf.length > 1000, 'with content');

    // 我的办件: 待预审 with 打印.
    await hall.goto(page, '/cq/space/applications');
    const row = page.locator('table.applications tbody tr', { hasText: item.name });
    t.equal(await row.locator('.tag').innerText(), '待预审');
    t.equal(await row.locator('.serial').innerText(), serial);
    t.equal(await row.getByRole('link', { name: /^打印/ }).count(), 1);
    t.equal(await row.getByRole('link', { name: /^修改/ }).count(), 0, 'no 修改 once submitted');
  },
);

t.test('进度查询: serial + name shows the timeline; a wrong name is told neutrally', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq');
  await follow(page, () =>
    page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '进度查询' })
      .click(),
  );
  t.equal(await page.locator('h1').innerText(), '进度查询');
  t.match(await page.locator('main').innerText(), /方式一[\s\S]*方式二/);
  await page.getByLabel(/^申办流水号/).fill(serial);
  await page.getByLabel(/^申请人或申请单位/).fill(person.realName);
  await page.getByRole('button', { name: '查询' }).click();
  const result = page.locator('#result');
  await result.waitFor();
  t.match(await result.innerText(), item.name);
  t.match(await result.innerText(), /待预审/);
  const entries = await result.locator('ol.timeline > li').allInnerTexts();
  t.equal(entries.length, 1);
  t.match(entries[0]!, /提交/);
  t.notMatch(await result.innerText(), person.idNumber, 'no personal data');

  // A wrong name and an unknown serial read the same.
  await page.getByLabel(/^申请人或申请单位/).fill('李四');
  await page.getByRole('button', { name: '查询' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const wrongName = await alert.innerText();
  t.match(wrongName, /未查询到办件/);
  t.equal(await page.locator('#result').count(), 0);
  await page.getByLabel(/^申办流水号/).fill(`${serial.slice(0, 14)}999999`);
  await page.getByLabel(/^申请人或申请单位/).fill(person.realName);
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForFunction(() => !document.querySelector('#result'));
  t.equal(await page.getByRole('alert').innerText(), wrongName, 'the same words');
});

t.test('the QR code’s link opens 进度查询 with the result', async (t) => {
  const token = await hall.userToken(person.username, person.password);
  const receipt = (await (
    await fetch(`${hall.submissionsUrl}/applications/${applicationId}/receipt`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { progressUrl: string; queryPassword: string };
  const link = new URL(receipt.progressUrl);
  t.equal(link.origin, hall.url, 'the QR code points at this portal');
  const page = await hall.newPage();
  await page.goto(receipt.progressUrl);
  await page.waitForURL(/\/cq\/progress\?serial=/);
  t.match(await page.locator('#result').innerText(), serial);
  t.match(await page.locator('#result').innerText(), /待预审/);
});
