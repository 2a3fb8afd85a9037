/**
 * Screenshots of 在线申报, 我的办件, 资料库 and 进度查询 for review (not part of the test suite):
 *
 *   pnpm --filter @hall/portal build
 *   eval "$(tools/services env)"
 *   node --import tsx frontends/portal/test/apply-screenshots.ts
 *
 * Starts identity, the catalog (cq), materials and submissions on fresh test databases and the
 * built portal as the browser tests do; a person fills in an application step by step (one
 * error shown on the way), staff act through the submissions API; PNGs at desktop (1280), phone
 * (375) and phone in 大字 mode go to docs/screenshots/portal/apply-*.png.
 */
import type { Page } from 'playwright-core';
import { newPerson } from './support/data';
import { signIn } from './support/hall';
import {
  fileOf,
  materialBlock,
  pdfBytes,
  PNG_BYTES,
  startApplyHall,
  submitThroughApi,
} from './support/apply';
import { atEverySize, screenshotScript } from './support/screenshots';

await screenshotScript(async (scope) => {
  const hall = await startApplyHall(scope);
  const person = { ...newPerson(), username: 'zhangsan', realName: '张三' };
  await hall.createPerson(person);
  const item = await hall.publishItem('cq');
  const token = await hall.userToken(person.username, person.password);
  const basic = { name: person.realName, idNumber: person.idNumber, mobile: person.mobile };
  await hall.libraryUpload(token, '营业执照副本.pdf', pdfBytes('library'));
  await hall.libraryUpload(token, '房屋租赁合同.pdf', pdfBytes('lease'));
  const completed = await submitThroughApi(hall, token, item, basic);
  await hall.staffAction('cq', completed.id, 'prereview', { opinion: '材料齐全' });
  await hall.staffAction('cq', completed.id, 'accept', { opinion: '予以受理' });
  const result = await hall.staffUpload('cq', '个体工商户营业执照.pdf', pdfBytes('licence'));
  await hall.staffAction('cq', completed.id, 'complete', {
    outcome: 'approved',
    opinion: '准予登记',
    resultFileIds: [result],
    licence: {
      name: '个体工商户营业执照',
      number: '92500103MA60000001',
      issuer: '重庆市渝中区市场监督管理局',
      validFrom: '2026-12-05',
    },
    fees: { items: [{ name: '工本费', amount: 10 }], paid: true },
  });
  const supplement = await submitThroughApi(hall, token, item, basic);
  await hall.staffAction('cq', supplement.id, 'request_supplement', {
    opinion: '材料不清晰',
    supplement: {
      materials: [item.m.required],
      fields: ['answers/scope'],
      note: '身份证扫描件不清晰，请重新上传；经营范围请按营业执照填写。',
    },
  });

  await atEverySize(hall, 'apply', async ({ page, elder, shot }) => {
    await signIn(hall, page, person.username, person.password);
    const go = async (action: () => Promise<unknown>, url: RegExp) => {
      await Promise.all([page.waitForURL(url), action()]);
    };

    await hall.goto(page, `/cq/items/${item.id}/apply`);
    await shot('1-notice');
    await page.getByLabel('我已阅读并知晓以上须知和所需材料').check();
    await go(() => page.getByRole('button', { name: '下一步' }).click(), /\/basic$/);
    const id = page.url().split('/').at(-2)!;
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('alert').waitFor();
    await shot('2-basic-error');
    await page.getByLabel(/^联系地址/).fill('重庆市渝中区解放碑街道民权路1号');
    await page.getByLabel(/^邮政编码/).fill('400010');
    await page.getByRole('button', { name: '暂存' }).click();
    await page.getByRole('status').filter({ hasText: '已暂存' }).waitFor();
    await shot('2-basic-saved');
    await go(() => page.getByRole('button', { name: '下一步' }).click(), /\/form$/);
    await page.getByLabel(/^字号名称/).fill('解放碑小面馆');
    await page.getByLabel(/^注册资金/).fill('5');
    await page.getByLabel(/^经营范围/).fill('餐饮服务（小吃）');
    await shot('3-form');
    await go(() => page.getByRole('button', { name: '下一步' }).click(), /\/materials$/);
    await shot('4-materials-empty');
    await materialBlock(page, item.m.required)
      .getByLabel(/^选择附件/)
      .setInputFiles(fileOf('身份证正反面.png', PNG_BYTES, 'image/png'));
    await materialBlock(page, item.m.required).locator('.files .file-name').waitFor();
    await materialBlock(page, item.m.optional)
      .getByLabel(/^选择附件/)
      .setInputFiles(fileOf('情况说明.pdf', PNG_BYTES, 'application/pdf'));
    await materialBlock(page, item.m.optional).locator('.field-error[role="alert"]').waitFor();
    await materialBlock(page, item.m.deferrable)
      .getByLabel(/窗口后补/)
      .check();
    await shot('4-materials');
    await go(
      () =>
        materialBlock(page, item.m.optional)
          .getByRole('link', { name: /^资料库/ })
          .click(),
      /\/library/,
    );
    await page.locator('label.pick', { hasText: '营业执照副本.pdf' }).locator('input').check();
    await shot('4-library');
    await go(() => page.getByRole('button', { name: '选用' }).click(), /\/materials/);
    await materialBlock(page, item.m.deferrable)
      .getByLabel(/窗口后补/)
      .check();
    await go(() => page.getByRole('button', { name: '提交', exact: true }).click(), /\/receipt$/);
    await shot('5-receipt');
    await page.emulateMedia({ media: 'print' });
    await shot('5-receipt-print');
    await page.emulateMedia({ media: 'screen' });

    await hall.goto(page, '/cq/space/applications');
    await shot('space-applications');
    await hall.goto(page, `/cq/space/applications/${completed.id}`);
    await shot('detail-basic');
    await hall.goto(page, `/cq/space/applications/${completed.id}?tab=results#tabs`);
    await shot('detail-results');
    await hall.goto(page, `/cq/space/applications/${id}?tab=materials#tabs`);
    await shot('detail-materials');
    await hall.goto(page, `/cq/applications/${supplement.id}/supplement`);
    await shot('supplement');
    await hall.goto(page, '/cq/space/library');
    await shot('library');

    const serial = await (async (p: Page) => {
      await hall.goto(p, `/cq/applications/${id}/receipt`);
      return p.locator('.keys .serial').innerText();
    })(page);
    await page.context().clearCookies();
    if (elder) await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
    await hall.goto(page, '/cq/progress');
    await page.getByLabel(/^申办流水号/).fill(serial);
    await page.getByLabel(/^申请人或申请单位/).fill(person.realName);
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('#result').waitFor();
    await shot('progress');
    await page.getByLabel(/^申请人或申请单位/).fill('李四');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('alert').waitFor();
    await shot('progress-mismatch');
  });
});
