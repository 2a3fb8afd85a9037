/**
 * 信件答复 revealing nothing, and the letter forms' errors (manual 5.2, 4.1): a wrong mobile, an
 * unknown code and another station's code read exactly the same and show nothing of the letter;
 * a code that is no code is said at its field; too many look-ups are told to wait; a refused
 * letter form lists its fields and keeps what was typed. At phone width in 大字 mode no page of
 * 我要问 / 信件答复 scrolls sideways, and the look-up and a letter work by keyboard alone.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { newMobile, newPerson } from './support/data';
import { follow, overflow } from './support/catalog';
import { fieldError, PHONE, signIn } from './support/hall';
import { dialogCode, startLettersHall } from './support/letters';

const LOOKUP_LIMIT = 40;
const hall = await startLettersHall(t, {
  lettersEnv: { LETTERS_LOOKUP_RATE_LIMIT_PER_MINUTE: String(LOOKUP_LIMIT) },
});
const person = newPerson();
await hall.createPerson(person);
const transport = await hall.departmentId('cq', '市交通运输委');
const yuzhongDepartment = (
  (await (await fetch(`${hall.catalogUrl}/stations/yuzhong/departments`)).json()) as {
    departments: Array<{ id: string }>;
  }
).departments[0]!.id;

const mobile = newMobile();
const secret = {
  subject: '出租车营运证过户咨询',
  content: '个人名下出租车营运证如何办理过户手续，需要哪些材料？',
};
const letter = await hall.submitLetter('cq', {
  kind: 'consultation',
  departmentId: transport,
  ...secret,
  contactName: '刘女士',
  mobile,
});
// Codes count per station: yuzhong's fifth letter has a code no cq letter has (yet).
let elsewhere = letter;
for (let i = 0; i < 5; i++) {
  elsewhere = await hall.submitLetter('yuzhong', {
    kind: 'suggestion',
    departmentId: yuzhongDepartment,
    subject: '渝中区的建议信件',
    content: '建议延长周末的办事时间。',
    contactName: '赵先生',
    mobile,
  });
}

const NOT_FOUND = '未查询到信件，请核对信件编号和手机号码';

async function lookUp(page: Page, code: string, number: string): Promise<void> {
  await page.getByLabel(/^信件编号/).fill(code);
  await page.getByLabel(/^手机号码/).fill(number);
  await page.getByRole('button', { name: '查询' }).click();
}

/** 信件答复 freshly opened, a look-up, and the alert it gives. */
async function lookUpAlert(page: Page, station: string, code: string, number: string) {
  await hall.goto(page, `/${station}/letters`);
  await lookUp(page, code, number);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  return alert.innerText();
}

t.test('the right code and mobile find the letter', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/letters');
  await lookUp(page, letter.code, mobile);
  await page.locator('#result').waitFor();
  t.match(await page.locator('#result').innerText(), secret.subject);
  t.match(await page.locator('#result').innerText(), /尚未答复/);
  t.equal(
    await page.getByRole('button', { name: '提交评价' }).count(),
    0,
    'no 评价 before a reply',
  );
});

t.test('a wrong mobile, an unknown code and another station’s code read the same', async (t) => {
  const page = await hall.newPage();
  const wrongMobile = await lookUpAlert(page, 'cq', letter.code, newMobile());
  const unknownCode = await lookUpAlert(
    page,
    'cq',
    `${letter.code.slice(0, 6)}99999999999999`,
    mobile,
  );
  t.not(elsewhere.code, letter.code, 'a code cq has not given');
  const otherStation = await lookUpAlert(page, 'cq', elsewhere.code, mobile);
  t.match(wrongMobile, NOT_FOUND);
  t.equal(unknownCode, wrongMobile, 'an unknown code: the same words');
  t.equal(otherStation, wrongMobile, 'yuzhong’s letter is not found at cq');
  t.equal(await page.locator('#result').count(), 0);
  const main = await page.locator('main').innerText();
  for (const hidden of [secret.subject, secret.content, '市交通运输委', '刘', '渝中区的建议信件'])
    t.notMatch(main, hidden, `nothing of the letter shows: ${hidden}`);

  // The same letter is found at its own station.
  await hall.goto(page, '/yuzhong/letters');
  await lookUp(page, elsewhere.code, mobile);
  await page.locator('#result').waitFor();
  t.match(await page.locator('#result').innerText(), '渝中区的建议信件');
});

t.test('a code that is no code and a bad mobile are said at their fields', async (t) => {
  const page = await hall.newPage({ javaScriptEnabled: false });
  await hall.goto(page, '/cq/letters');
  await page.getByLabel(/^信件编号/).fill('2026-12');
  await page.getByLabel(/^手机号码/).fill('12345');
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: '查询' }).click(),
  ]);
  await page.getByRole('alert').waitFor();
  t.match(await fieldError(page, 'code'), /20位数字/);
  t.match(await fieldError(page, 'mobile'), /手机号码/);
  t.equal(await page.getByLabel(/^信件编号/).inputValue(), '2026-12', 'kept as typed');
});

t.test('a refused letter lists its fields and keeps what was typed', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, `/cq/ask/consultation/${transport}`);
  const content = '第一行\n第二行：这里的内容应当原样保留。';
  await page.getByLabel(/^内容/).fill(content);
  await page.getByLabel(/^联系人/).fill('孙女士');
  await page.getByLabel(/^手机号码/).fill('1381234');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const summary = await alert.innerText();
  t.match(summary, /主题：/, 'the empty subject is listed');
  t.match(summary, /手机号码：/, 'the bad mobile is listed');
  t.notMatch(summary, /内容：/, 'the content was fine');
  t.ok(await fieldError(page, 'subject'), 'said at 主题');
  t.ok(await fieldError(page, 'mobile'), 'said at 手机号码');
  t.equal(await fieldError(page, 'content'), null);
  t.equal(await page.getByLabel(/^内容/).inputValue(), content, 'what was typed is kept');
  t.equal(await page.getByLabel(/^手机号码/).inputValue(), '1381234');
  t.equal(await page.getByLabel(/^联系人/).inputValue(), '孙女士');
  t.equal(new URL(page.url()).pathname, `/cq/ask/consultation/${transport}`, 'still the form');
  // The summary's link takes the focus to the field.
  await alert.getByRole('link', { name: /^主题/ }).click();
  t.equal(await page.evaluate(() => document.activeElement?.id), 'f-subject');
});

t.test('phone width in 大字 mode: nothing scrolls sideways', async (t) => {
  const page = await hall.newPage({ viewport: PHONE });
  await signIn(hall, page, person.username, person.password);
  await page.getByRole('button', { name: /大字/ }).click();
  await page.waitForFunction(() => document.documentElement.classList.contains('elder'));
  for (const path of [
    '/cq',
    '/cq/ask',
    '/cq/ask/consultation',
    `/cq/ask/consultation/${transport}`,
    '/cq/ask/complaint',
    '/cq/faqs',
    '/cq/space/letters',
    '/cq/letters',
  ]) {
    await hall.goto(page, path);
    t.equal(await overflow(page), 0, path);
  }
  await lookUp(page, letter.code, mobile);
  await page.locator('#result').waitFor();
  t.equal(await overflow(page), 0, '信件答复结果');
});

/** Presses Tab until the element with this id has the focus. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

t.test('the keyboard alone: a consultation written and sent, then looked up', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/ask/consultation');
  // From the department grid by keyboard: Tab to a department and Enter.
  for (let i = 0; i < 120; i++) {
    const name = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (name === '市交通运输委') break;
    await page.keyboard.press('Tab');
  }
  await follow(page, () => page.keyboard.press('Enter'));
  t.match(page.url(), new RegExp(`/ask/consultation/${transport}$`));
  const number = newMobile();
  await tabTo(page, 'f-subject');
  await page.keyboard.type('键盘提交的咨询');
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'f-content', 'in order');
  await page.keyboard.type('只用键盘填写并提交这封咨询信件。');
  await tabTo(page, 'f-contactName');
  await page.keyboard.type('周先生');
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'f-mobile');
  await page.keyboard.type(number);
  await Promise.all([page.waitForURL(/\/ask\/done$/), page.keyboard.press('Enter')]);
  const code = await dialogCode(page);
  // From the dialog (it has the focus) to 查询答复 with Tab.
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), '查询答复');
  await follow(page, () => page.keyboard.press('Enter'));
  await tabTo(page, 'f-code');
  await page.keyboard.type(code);
  await page.keyboard.press('Tab');
  await page.keyboard.type(number);
  await page.keyboard.press('Enter');
  await page.locator('#result').waitFor();
  t.match(await page.locator('#result').innerText(), '键盘提交的咨询');
});

t.test('too many look-ups are told to wait', async (t) => {
  const page = await hall.newPage();
  let message = '';
  for (let i = 0; i <= LOOKUP_LIMIT && !message.includes('频繁'); i++) {
    message = await lookUpAlert(page, 'cq', letter.code, newMobile());
  }
  t.match(message, /查询过于频繁，请稍后再试/);
  t.notMatch(await page.locator('main').innerText(), secret.subject);
});
