/**
 * 我要问 → 信件答复 end to end (manual 4.1–4.3, 5.2) through the built portal against real identity,
 * catalog, materials and letters services: each kind written in the browser (the complaint with
 * JavaScript off) → the success dialog with its 20-digit 受理编码 (focused, shown once, never in
 * the address) → a 信件办理人员 replies through the letters staff API → the reply found by code +
 * mobile and rated; a signed-in writer's letters in 我的咨询 with 咨询详情, 办理进度, attachments
 * and 评价; a double submit of one form is one letter.
 */
import t from 'tap';
import { newMobile, newPerson } from './support/data';
import { follow } from './support/catalog';
import { signIn } from './support/hall';
import { pdfBytes } from './support/apply';
import { dialogCode, dialogHasFocus, startLettersHall } from './support/letters';

const hall = await startLettersHall(t);
const person = newPerson();
await hall.createPerson(person);

t.test(
  '我要咨询 anonymously: department → form → 受理编码 → reply → 信件答复 → 评价',
  async (t) => {
    const page = await hall.newPage();
    await hall.goto(page, '/cq');
    await follow(page, () =>
      page.getByRole('list', { name: '我要问' }).getByRole('link', { name: '我要咨询' }).click(),
    );
    t.equal(await page.locator('h1').innerText(), '我要咨询');
    t.match(await page.locator('main').innerText(), /请选择要咨询的部门/);
    await follow(page, () => page.getByRole('link', { name: '市交通运输委', exact: true }).click());
    t.match(page.url(), /\/cq\/ask\/consultation\/[0-9a-f-]{36}$/);
    t.match(await page.locator('.letter-form').innerText(), /咨询部门\s*市交通运输委/);

    // * marks the required fields, in red, and the form says what * means.
    for (const name of ['subject', 'content', 'contactName', 'mobile'])
      t.equal(await page.locator(`label[for="f-${name}"] .required`).innerText(), '*', name);
    t.match(await page.locator('.letter-form').innerText(), /带\*号的为必填项/);
    t.equal(
      await page
        .locator('.required')
        .first()
        .evaluate((el) => getComputedStyle(el).color),
      'rgb(180, 35, 24)',
      'the * is red',
    );
    t.match(await page.locator('.signin-note').innerText(), /登录】后可从资料库添加附件/);
    t.match(
      await page.locator('#f-publicConsent-hint').innerText(),
      /经工作人员处理后可作为常见问题公开，不公开您的个人信息/,
    );

    const mobile = newMobile();
    const content = '我公司想申请道路货物运输经营许可，请问需要准备哪些材料，可以网上办理吗？';
    await page.getByLabel(/^主题/).fill('道路货物运输经营许可办理咨询');
    await page.getByLabel(/^内容/).fill(content);
    t.equal(
      await page.locator('#f-content-count').innerText(),
      `已输入 ${content.length} 字，最多 3000 字`,
      'the character count follows what is typed',
    );
    await page.getByLabel(/^联系人/).fill('陈先生');
    await page.getByLabel(/^手机号码/).fill(mobile);
    await page.getByLabel('同意公开').check();
    await Promise.all([
      page.waitForURL(/\/cq\/ask\/done$/),
      page.getByRole('button', { name: '提交', exact: true }).click(),
    ]);
    const code = await dialogCode(page);
    t.match(code, /^\d{20}$/, '受理编码: 20 digits');
    t.equal(code.slice(0, 4), String(new Date().getFullYear()), 'it starts with the year');
    t.ok(await dialogHasFocus(page), 'the dialog has the focus');
    t.notMatch(page.url(), code, 'the code is not in the address');
    const dialog = page.getByRole('alertdialog');
    t.equal(await dialog.getByRole('link', { name: '查询答复' }).count(), 1);
    t.equal(await dialog.getByRole('link', { name: '返回首页' }).count(), 1);

    await hall.staffAction('cq', code, 'reply', {
      text: '您好，道路货物运输经营许可可在网上申报，需提供营业执照、车辆行驶证和驾驶员从业资格证。',
    });

    await follow(page, () => dialog.getByRole('link', { name: '查询答复' }).click());
    t.equal(await page.locator('h1').innerText(), '信件答复');
    t.match(await page.locator('main').innerText(), /方式一[\s\S]*方式二/);
    await page.getByLabel(/^信件编号/).fill(code);
    await page.getByLabel(/^手机号码/).fill(mobile);
    await page.getByRole('button', { name: '查询' }).click();
    const result = page.locator('#result');
    await result.waitFor();
    const found = await result.innerText();
    t.match(found, '道路货物运输经营许可办理咨询');
    t.match(found, content);
    t.match(found, /咨询部门[\s\S]*市交通运输委/);
    t.match(found, /已答复/);
    t.match(found, /车辆行驶证和驾驶员从业资格证/, 'the reply');
    t.match(found, /\d{3}\*{4}\d{4}/, 'the mobile masked');
    t.notMatch(found, mobile, 'never in full');
    t.equal(new URL(page.url()).search, '', 'nothing in the address');

    // 评价: a choice is required; then once.
    await result.getByRole('button', { name: '提交评价' }).click();
    await page.locator('#rating [role="alert"]').waitFor();
    t.match(await page.locator('#rating [role="alert"]').innerText(), /满意程度/);
    await result.getByRole('radio', { name: '满意', exact: true }).check();
    await result.getByLabel('评价内容').fill('答复及时，很清楚。');
    await result.getByRole('button', { name: '提交评价' }).click();
    await page.getByRole('status').filter({ hasText: '评价已提交' }).waitFor();
    t.match(await page.locator('#result').innerText(), /您的评价：满意——答复及时，很清楚。/);
    t.equal(await page.getByRole('button', { name: '提交评价' }).count(), 0, 'rated once only');

    // The dialog's code was one-shot.
    await hall.goto(page, '/cq/ask/done');
    t.equal(await page.getByRole('alertdialog').count(), 0);
    t.match(await page.locator('main').innerText(), /提交结果已显示过/);
    t.notMatch(await page.locator('main').innerText(), code);
  },
);

t.test('我要投诉 signed in, without JavaScript: prefilled, 资料库 file, 我的咨询', async (t) => {
  const token = await hall.userToken(person.username, person.password);
  await hall.libraryUpload(token, '窗口排队照片.pdf', pdfBytes('queue photo'));
  const page = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, page, person.username, person.password);
  await hall.goto(page, '/cq/ask');
  await Promise.all([
    page.waitForURL(/\/cq\/ask\/complaint$/),
    page.getByRole('link', { name: '我要投诉' }).click(),
  ]);
  t.equal(await page.locator('h1').innerText(), '我要投诉');
  // 联系人 and 手机号码 from the profile.
  t.equal(await page.getByLabel(/^联系人/).inputValue(), person.realName);
  t.equal(await page.getByLabel(/^手机号码/).inputValue(), person.mobile);
  t.equal(await page.getByLabel('同意公开').count(), 0, 'complaints are not published');
  await page.getByLabel(/^投诉对象/).selectOption({ label: '市市场监管局' });
  await page.getByLabel(/^被投诉人员/).fill('窗口工作人员王某');
  await page.getByLabel(/^关联申办流水号/).fill('20261200000000000088');
  await page.getByLabel(/^主题/).fill('窗口办事效率低');
  await page
    .getByLabel(/^内容/)
    .fill('12月3日上午在市政务服务中心排队两个小时仍未办理，窗口人员态度冷淡。');
  await page.getByLabel(/窗口排队照片\.pdf/).check();
  await Promise.all([
    page.waitForURL(/\/cq\/ask\/done$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  const code = await dialogCode(page);

  await hall.staffAction('cq', code, 'reply', {
    text: '经核实，已对相关窗口人员进行批评教育，并增设了两个综合受理窗口。',
  });

  // 我的咨询 in the space's menu.
  await hall.goto(page, '/cq/space');
  await Promise.all([
    page.waitForURL(/\/cq\/space\/letters$/),
    page
      .getByRole('navigation', { name: '个人空间' })
      .getByRole('link', { name: '我的咨询' })
      .click(),
  ]);
  t.equal(await page.locator('h1').innerText(), '我的咨询');
  const row = page.locator('table.letters tbody tr', { hasText: code });
  t.equal(await row.count(), 1);
  const cells = await row.innerText();
  t.match(cells, /窗口办事效率低/);
  t.match(cells, /投诉/);
  t.match(cells, /市市场监管局/);
  t.match(cells, /已答复/);

  await Promise.all([
    page.waitForURL(/\/cq\/space\/letters\/[0-9a-f-]{36}$/),
    row.getByRole('link', { name: '窗口办事效率低' }).click(),
  ]);
  t.equal(await page.locator('h1').innerText(), '窗口办事效率低');
  const detail = await page.locator('main').innerText();
  t.match(detail, /投诉对象[\s\S]*市市场监管局/);
  t.match(detail, /被投诉人员[\s\S]*窗口工作人员王某/);
  t.match(detail, /关联申办流水号[\s\S]*20261200000000000088/);
  t.match(detail, /增设了两个综合受理窗口/);
  const steps = await page.locator('ol.timeline > li').allInnerTexts();
  t.ok(steps.length >= 2, '办理进度 lists the steps');
  t.match(steps[0]!, /已受理/);
  t.match(steps.at(-1)!, /已答复/);
  // The attachment is the writer's own file: it downloads through the portal.
  const link = page.getByRole('link', { name: '窗口排队照片.pdf' });
  const file = await page.request.get(`${hall.url}${await link.getAttribute('href')}`);
  t.equal(file.status(), 200);
  t.equal((await file.body()).subarray(0, 5).toString(), '%PDF-');

  // 评价 without JavaScript.
  await page.getByRole('radio', { name: '不满意' }).check();
  await Promise.all([
    page.waitForURL(/\/space\/letters\/[0-9a-f-]+/),
    page.getByRole('button', { name: '提交评价' }).click(),
  ]);
  t.match(await page.getByRole('status').innerText(), /评价已提交/);
  t.match(await page.locator('main').innerText(), /您的评价：不满意/);
});

t.test('建议意见 signed in: a double submit of the same form is one letter', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, person.username, person.password);
  await hall.goto(page, '/cq/ask');
  await follow(page, () => page.getByRole('link', { name: '建议意见' }).click());
  t.match(await page.locator('main').innerText(), /请选择要建议的部门/);
  await follow(page, () => page.getByRole('link', { name: '市教委', exact: true }).click());
  const formUrl = page.url();
  t.match(await page.locator('.letter-form').innerText(), /建议部门\s*市教委/);
  t.equal(await page.getByLabel(/^联系人/).inputValue(), person.realName, 'from the profile');
  const values = {
    subject: '建议教师资格认定增加网上预约',
    content: '希望教师资格认定的现场确认环节可以网上预约时段，减少排队。',
  };
  await page.getByLabel(/^主题/).fill(values.subject);
  await page.getByLabel(/^内容/).fill(values.content);
  const key = await page.locator('input[name="idempotencyKey"]').inputValue();
  t.match(key, /^[0-9a-f-]{36}$/, 'the form carries its Idempotency-Key');
  await Promise.all([
    page.waitForURL(/\/cq\/ask\/done$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  const code = await dialogCode(page);

  // The same form sent again (a second click, a resent post): the same letter.
  const again = await page.request.post(formUrl, {
    form: {
      ...values,
      contactName: person.realName,
      mobile: person.mobile,
      idempotencyKey: key,
    },
    headers: { origin: hall.url, accept: 'text/html' },
    maxRedirects: 0,
  });
  t.equal(again.status(), 303);
  t.match(again.headers().location ?? '', /\/cq\/ask\/done$/);
  await hall.goto(page, '/cq/ask/done');
  t.equal(await dialogCode(page), code, 'the first letter’s code again');

  await hall.staffAction('cq', code, 'reply', { text: '感谢建议，已转相关处室研究。' });
  await hall.goto(page, '/cq/space/letters');
  t.equal(
    await page.locator('table.letters tbody tr', { hasText: values.subject }).count(),
    1,
    'one letter',
  );
  const row = page.locator('table.letters tbody tr', { hasText: values.subject });
  t.match(await row.innerText(), /建议[\s\S]*市教委[\s\S]*已答复/);
  await follow(page, () => row.getByRole('link', { name: values.subject }).click());
  t.match(await page.locator('main').innerText(), /感谢建议，已转相关处室研究。/);
  await page.getByRole('radio', { name: '基本满意' }).check();
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByRole('status').filter({ hasText: '评价已提交' }).waitFor();
  t.match(await page.locator('main').innerText(), /您的评价：基本满意/);
});
