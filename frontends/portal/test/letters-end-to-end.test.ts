/**
 * 我要问 → 信件办理 → 信件答复 across both front ends against the SAME services (identity, catalog,
 * materials, letters): a writer who is not signed in sends a 咨询 in the PORTAL and a signed-in
 * citizen a 投诉, each given its 受理编码; a 信件办理人员 of cq in the CONSOLE finds each by its code
 * and 答复 (the complaint then gets a 跟进记录 and is 办结); the writer finds the reply by code and
 * mobile (signed out) and rates it, while a wrong mobile reveals nothing; the citizen's 我的咨询
 * shows the complaint 已办结 with its reply and follow-up; the console's 审计日志 lists the
 * handler's actions. Every step asserts what a user sees.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { newMobile, newPerson } from './support/data';
import { follow } from './support/catalog';
import { signIn } from './support/hall';
import { openPage, startStaffConsole } from './support/console';
import { dialogCode, startLettersHall } from './support/letters';

// One long journey through two front ends: more than the default 180 s on a loaded machine.
t.setTimeout(600_000);

const hall = await startLettersHall(t);
const staffConsole = await startStaffConsole(t, hall, {
  IDENTITY_URL: hall.identityUrl,
  CATALOG_URL: hall.catalogUrl,
  MATERIALS_URL: hall.materialsUrl,
  LETTERS_URL: hall.lettersUrl,
});

const citizen = newPerson();
await hall.createPerson(citizen);

const handler = await staffConsole.newStaff('刘信件', ['letters']);
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

const consultation = {
  subject: '网约车驾驶员证办理咨询',
  content: '我想从事网约车运营，请问网络预约出租汽车驾驶员证需要什么条件，在哪里考试？',
  contact: '陈先生',
  mobile: newMobile(),
  reply:
    '您好，需取得相应准驾车型驾驶证并具有3年以上驾驶经历，考试可在网上预约，各区县考点均可参加。',
  code: '',
};
const complaint = {
  subject: '窗口人员推诿办件',
  content: '12月2日在市政务服务中心办理营业执照变更，窗口人员让我反复跑了三次仍未办理。',
  reply: '经核实，窗口人员未一次性告知所需材料，已责令整改并对其批评教育。',
  followUp: '12月9日电话回访来信人，对整改结果表示满意。',
  code: '',
};

t.test('1. 我要咨询 signed out in the portal: the dialog gives the 受理编码', async (t) => {
  const page = await openPage(hall);
  await hall.goto(page, '/cq');
  await follow(page, () =>
    page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我要问' }).click(),
  );
  t.equal(await page.locator('h1').innerText(), '我要问');
  await follow(page, () => page.getByRole('link', { name: '我要咨询', exact: true }).click());
  t.equal(await page.locator('h1').innerText(), '我要咨询');
  await follow(page, () => page.getByRole('link', { name: '市交通运输委', exact: true }).click());
  t.match(await page.locator('.letter-form').innerText(), /咨询部门\s*市交通运输委/);
  await page.getByLabel(/^主题/).fill(consultation.subject);
  await page.getByLabel(/^内容/).fill(consultation.content);
  await page.getByLabel(/^联系人/).fill(consultation.contact);
  await page.getByLabel(/^手机号码/).fill(consultation.mobile);
  await Promise.all([
    page.waitForURL(/\/cq\/ask\/done$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  t.match(await page.getByRole('alertdialog').innerText(), /提交成功！您的受理编码为：\s*\d{20}/);
  consultation.code = await dialogCode(page);
  t.match(consultation.code, /^\d{20}$/);
  await page.context().close();
});

t.test('2. 我要投诉 signed in in the portal: a code of its own', async (t) => {
  const page = await openPage(hall);
  await signIn(hall, page, citizen.username, citizen.password);
  await hall.goto(page, '/cq/ask');
  await follow(page, () => page.getByRole('link', { name: '我要投诉', exact: true }).click());
  t.equal(await page.locator('h1').innerText(), '我要投诉');
  t.equal(await page.getByLabel(/^联系人/).inputValue(), citizen.realName, 'from the profile');
  t.equal(await page.getByLabel(/^手机号码/).inputValue(), citizen.mobile, 'from the profile');
  await page.getByLabel(/^投诉对象/).selectOption({ label: '市市场监管局' });
  await page.getByLabel(/^主题/).fill(complaint.subject);
  await page.getByLabel(/^内容/).fill(complaint.content);
  await Promise.all([
    page.waitForURL(/\/cq\/ask\/done$/),
    page.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  complaint.code = await dialogCode(page);
  t.match(complaint.code, /^\d{20}$/);
  t.not(complaint.code, consultation.code, 'each letter its own code');
  await page.context().close();
});

t.test(
  '3. the handler answers both in the console; the complaint is followed up and 办结',
  async (t) => {
    const page = await openPage(hall);
    await staffConsole.signIn(page, handler);
    await page
      .getByRole('navigation', { name: '控制台导航' })
      .getByRole('link', { name: '信件办理' })
      .click();
    await page.waitForURL(`${staffConsole.url}/letters`);

    /** Finds a letter in the queue by its 受理编码 and opens it. */
    const openByCode = async (code: string, subject: string) => {
      await staffConsole.goto(page, '/letters');
      await page.getByLabel('关键字').fill(code);
      await page.getByRole('button', { name: '查询' }).click();
      await page.waitForURL((u) => u.searchParams.get('q') === code);
      const rows = page.getByRole('table').locator('tbody tr');
      t.equal(await rows.count(), 1, `only ${code}`);
      t.match(await rows.first().innerText(), subject);
      await rows.first().getByRole('link', { name: code }).click();
      await page.waitForURL(/\/letters\/[0-9a-f-]{36}$/);
      t.equal(await page.getByRole('heading', { level: 1 }).innerText(), subject);
      t.equal(await dd(page, '受理编码'), code);
      return page.url();
    };
    /** 答复… with `text`, back on the letter. */
    const reply = async (letterUrl: string, text: string) => {
      await page.getByRole('link', { name: '答复…' }).click();
      await page.waitForURL(`${letterUrl}/reply`);
      await page.locator('#f-text').fill(text);
      await Promise.all([
        page.waitForURL(letterUrl),
        page.getByRole('button', { name: '确认答复' }).click(),
      ]);
    };

    const consultationUrl = await openByCode(consultation.code, consultation.subject);
    t.match(await dd(page, '内容'), consultation.content);
    t.match(await dd(page, '状态'), /已受理/);
    await reply(consultationUrl, consultation.reply);
    t.match(await notice(page), /已答复/);
    t.match(await dd(page, '状态'), /已答复/);
    t.match(await dd(page, '答复内容'), consultation.reply);

    const complaintUrl = await openByCode(complaint.code, complaint.subject);
    await reply(complaintUrl, complaint.reply);
    t.match(await dd(page, '状态'), /已答复/);
    await page.getByRole('link', { name: '跟进记录…' }).click();
    await page.locator('#f-note').fill(complaint.followUp);
    await Promise.all([
      page.waitForURL(complaintUrl),
      page.getByRole('button', { name: '确认跟进记录' }).click(),
    ]);
    t.match(await notice(page), /已添加跟进记录/);
    t.match(await page.getByRole('region', { name: '跟进记录' }).innerText(), complaint.followUp);
    await page.getByRole('link', { name: '办结…' }).click();
    await page.locator('#f-note').fill('投诉属实，已整改，办结。');
    await Promise.all([
      page.waitForURL(complaintUrl),
      page.getByRole('button', { name: '确认办结' }).click(),
    ]);
    t.match(await dd(page, '状态'), /已办结/);
    await page.context().close();
  },
);

t.test(
  '4. 信件答复 signed out: code + mobile show the reply, rated; a wrong mobile nothing',
  async (t) => {
    const page = await openPage(hall);
    await hall.goto(page, '/cq');
    await follow(page, () =>
      page
        .getByRole('navigation', { name: '主导航' })
        .getByRole('link', { name: '我要查' })
        .click(),
    );
    t.equal(await page.locator('h1').innerText(), '我要查');
    await follow(page, () => page.getByRole('link', { name: '信件答复', exact: true }).click());
    t.equal(await page.locator('h1').innerText(), '信件答复');
    const byCode = page.getByRole('region', { name: /^方式二/ });
    await byCode.getByLabel(/^信件编号/).fill(consultation.code);
    await byCode.getByLabel(/^手机号码/).fill(consultation.mobile);
    await byCode.getByRole('button', { name: '查询' }).click();
    const result = page.locator('#result');
    await result.waitFor();
    const found = await result.innerText();
    t.match(found, consultation.subject);
    t.match(found, /咨询部门[\s\S]*市交通运输委/);
    t.match(found, /已答复/);
    t.match(found, consultation.reply, 'the handler’s reply');
    t.notMatch(found, consultation.mobile, 'the mobile masked');

    await result.getByRole('radio', { name: '满意', exact: true }).check();
    await result.getByRole('button', { name: '提交评价' }).click();
    await page.getByRole('status').filter({ hasText: '评价已提交' }).waitFor();
    t.match(await page.locator('#result').innerText(), /您的评价：满意/);
    t.equal(await page.getByRole('button', { name: '提交评价' }).count(), 0, 'rated once');

    // The same code with another mobile: the neutral words, nothing of the letter.
    await hall.goto(page, '/cq/letters');
    await page.getByLabel(/^信件编号/).fill(consultation.code);
    await page.getByLabel(/^手机号码/).fill(newMobile());
    await page.getByRole('button', { name: '查询' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    t.match(await alert.innerText(), '未查询到信件，请核对信件编号和手机号码');
    t.equal(await page.locator('#result').count(), 0);
    const main = await page.locator('main').innerText();
    for (const hidden of [consultation.subject, consultation.reply, '市交通运输委'])
      t.notMatch(main, hidden, `nothing of the letter: ${hidden}`);
    await page.context().close();
  },
);

t.test('5. 我的咨询: the complaint 已办结 with its reply and follow-up', async (t) => {
  const page = await openPage(hall);
  await signIn(hall, page, citizen.username, citizen.password);
  await hall.goto(page, '/cq/space');
  await Promise.all([
    page.waitForURL(/\/cq\/space\/letters$/),
    page
      .getByRole('navigation', { name: '个人空间' })
      .getByRole('link', { name: '我的咨询' })
      .click(),
  ]);
  const row = page.locator('table.letters tbody tr', { hasText: complaint.code });
  t.equal(await row.count(), 1);
  t.match(await row.innerText(), /窗口人员推诿办件[\s\S]*投诉[\s\S]*市市场监管局[\s\S]*已办结/);
  t.equal(
    await page.locator('table.letters tbody tr', { hasText: consultation.code }).count(),
    0,
    'the anonymous consultation is not the citizen’s',
  );
  await Promise.all([
    page.waitForURL(/\/cq\/space\/letters\/[0-9a-f-]{36}$/),
    row.getByRole('link', { name: complaint.subject }).click(),
  ]);
  t.equal(await page.locator('h1').innerText(), complaint.subject);
  const detail = await page.locator('main').innerText();
  t.match(detail, /办理状态[\s\S]*已办结/);
  t.match(detail, complaint.reply);
  t.match(detail, new RegExp(`跟进记录：[\\s\\S]*${complaint.followUp}`));
  t.match(detail, /已于 .+ 办结/);
  await page.context().close();
});

t.test('6. the console’s 审计日志 lists the handler’s actions on these letters', async (t) => {
  const page = await openPage(hall);
  await staffConsole.signIn(page, admin);
  /**
   * The log's row of one event for each of `codes`, once all are there (audits arrive through
   * the bus).
   */
  const entries = (event: string, codes: string[]) =>
    waitFor(`${event} in the audit log`, async () => {
      await staffConsole.goto(page, `/audit?event=${event}`);
      const rows = await page
        .getByRole('table')
        .locator('tbody tr:not(:has(.empty))')
        .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText));
      const found = codes.map((code) => rows.find((row) => row.includes(`受理编码：${code}`)));
      return found.every((row) => row !== undefined) ? (found as string[]) : undefined;
    });
  const byHandler = (action: string) =>
    new RegExp(`${action}[\\s\\S]*刘信件|刘信件[\\s\\S]*${action}`);

  const replied = await entries('letters.letter.replied', [consultation.code, complaint.code]);
  t.match(replied[0], byHandler('答复信件'), 'the consultation’s reply');
  t.match(replied[1], byHandler('答复信件'), 'the complaint’s reply');
  const [followedUp] = await entries('letters.letter.follow_up', [complaint.code]);
  t.match(followedUp, byHandler('记录投诉跟进'));
  const [closed] = await entries('letters.letter.closed', [complaint.code]);
  t.match(closed, byHandler('办结投诉'));

  await staffConsole.goto(page, '/audit');
  const log = await page.getByRole('table').innerText();
  t.notMatch(log, consultation.mobile, 'no mobile numbers in the log');
  t.notMatch(log, citizen.mobile);
  t.notMatch(log, citizen.realName, 'no writer names in the log');
  await page.context().close();
});
