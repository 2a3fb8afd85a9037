/**
 * Screenshots of 我要问, the letter forms, the success dialog, 信件答复, 我的咨询, 常见问题 and the
 * 问答机器人 for review (not part of the test suite):
 *
 *   pnpm --filter @hall/portal build
 *   eval "$(tools/services env)"
 *   node --import tsx frontends/portal/test/letters-screenshots.ts
 *
 * Starts identity, the catalog (cq, yuzhong), materials, letters and the robot on fresh test
 * databases and the built portal as the browser tests do; letters are written through the
 * pages and the API, a 信件办理人员 replies and publishes a FAQ through the letters staff API;
 * PNGs at desktop (1280), phone (375) and phone in 大字 mode go to
 * docs/screenshots/portal/letters-*.png.
 */
import { newMobile, newPerson } from './support/data';
import { signIn } from './support/hall';
import { newStaffToken, pdfBytes } from './support/apply';
import { call, dialogCode, startLettersHall } from './support/letters';
import { atEverySize, screenshotScript } from './support/screenshots';

await screenshotScript(async (scope) => {
  const hall = await startLettersHall(scope, { assistant: {} });
  const person = { ...newPerson(), username: 'zhangsan', realName: '张三' };
  await hall.createPerson(person);
  const token = await hall.userToken(person.username, person.password);
  await hall.libraryUpload(token, '窗口排队照片.pdf', pdfBytes('photo'));
  await hall.libraryUpload(token, '申报告知单.pdf', pdfBytes('receipt'));
  const transport = await hall.departmentId('cq', '市交通运输委');
  const education = await hall.departmentId('cq', '市教委');

  // A replied letter of the person's, one awaiting a reply, a complaint out of scope.
  const replied = await hall.submitLetter(
    'cq',
    {
      kind: 'consultation',
      departmentId: transport,
      subject: '道路货物运输经营许可办理咨询',
      content: '我公司想申请道路货物运输经营许可，请问需要准备哪些材料，可以网上办理吗？',
      contactName: person.realName,
      mobile: person.mobile,
      publicConsent: true,
    },
    token,
  );
  await hall.staffAction('cq', replied.code, 'reply', {
    text: '您好，道路货物运输经营许可可在网上申报，需提供营业执照、车辆行驶证和驾驶员从业资格证。办理时限为10个工作日。',
  });
  await hall.submitLetter(
    'cq',
    {
      kind: 'suggestion',
      departmentId: education,
      subject: '建议教师资格认定增加网上预约',
      content: '希望现场确认环节可以网上预约时段，减少排队。',
      contactName: person.realName,
      mobile: person.mobile,
    },
    token,
  );
  const refused = await hall.submitLetter(
    'cq',
    {
      kind: 'complaint',
      subject: '对法院判决不服',
      content: '对一审判决结果不服，要求重新审理。',
      contactName: person.realName,
      mobile: person.mobile,
    },
    token,
  );
  await hall.staffAction('cq', refused.code, 'out-of-scope', {
    explanation: '诉讼、仲裁、信访等事项不属于网上咨询投诉受理范围，请依法通过相应途径办理。',
  });
  // A published FAQ from the replied consultation.
  const staff = await newStaffToken(hall.api, 'cq', ['letters']);
  const staffList = await call<{ items: Array<{ id: string; code: string }> }>(
    hall.lettersUrl,
    'GET',
    `/admin/stations/cq/letters?q=${replied.code}`,
    staff,
  );
  await call(
    hall.lettersUrl,
    'POST',
    `/admin/stations/cq/letters/${staffList.body.items[0]!.id}/faq`,
    staff,
    {
      question: '道路货物运输经营许可需要哪些材料？能否网上办理？',
      answer: '可以网上申报。需提供营业执照、车辆行驶证和驾驶员从业资格证，办理时限为10个工作日。',
    },
  );

  await atEverySize(hall, 'letters', async ({ page, shot }) => {
    await hall.goto(page, '/cq');
    await shot('home');
    await hall.goto(page, '/cq/ask');
    await shot('ask');
    await hall.goto(page, '/cq/ask/consultation');
    await shot('consultation-departments');
    await hall.goto(page, `/cq/ask/consultation/${transport}`);
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByRole('alert').waitFor();
    await shot('consultation-errors');
    const mobile = newMobile();
    await page.getByLabel(/^主题/).fill('出租车营运证过户咨询');
    await page.getByLabel(/^内容/).fill('个人名下出租车营运证如何办理过户手续，需要哪些材料？');
    await page.getByLabel(/^联系人/).fill('刘女士');
    await page.getByLabel(/^手机号码/).fill(mobile);
    await page.getByLabel('同意公开').check();
    await Promise.all([
      page.waitForURL(/\/ask\/done$/),
      page.getByRole('button', { name: '提交', exact: true }).click(),
    ]);
    const code = await dialogCode(page);
    await shot('done');

    await hall.goto(page, '/cq/letters');
    await page.getByLabel(/^信件编号/).fill(code);
    await page.getByLabel(/^手机号码/).fill(newMobile());
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('alert').waitFor();
    await shot('lookup-mismatch');
    await page.getByLabel(/^信件编号/).fill(replied.code);
    await page.getByLabel(/^手机号码/).fill(person.mobile);
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('#result').waitFor();
    await shot('lookup-result');

    await hall.goto(page, '/cq/faqs');
    await shot('faqs');

    await hall.goto(page, '/cq/ask/robot');
    for (const question of ['交通运输事项有哪些', '教师资格认定需要什么材料', '我的办件进度']) {
      const before = await page.locator('[role="log"] .exchange').count();
      await page.getByLabel('您的问题').fill(question);
      await page.getByRole('button', { name: '发送' }).click();
      await page.locator('[role="log"] .exchange').nth(before).waitFor();
    }
    await shot('robot');

    await signIn(hall, page, person.username, person.password);
    await hall.goto(page, '/cq/ask/complaint');
    await shot('complaint-signed-in');
    await hall.goto(page, '/cq/space/letters');
    await shot('space-letters');
    await hall.goto(page, `/cq/space/letters/${replied.id}`);
    await shot('space-letter-detail');
    await hall.goto(page, `/cq/space/letters/${refused.id}`);
    await shot('space-letter-out-of-scope');
  });
});
