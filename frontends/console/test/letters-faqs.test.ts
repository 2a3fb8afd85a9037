/**
 * 常见问题 from letters: offered only for an answered letter whose writer agreed to publication,
 * prefilled from the letter and edited before publishing; it reaches the letters service's
 * public FAQ list, is edited (without JavaScript) and withdrawn in 常见问题, and every step is in
 * the audit log.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { notice, signIn } from './support/hall';
import {
  departments,
  deskAct,
  newMobile,
  newStaff,
  publicFaqs,
  sendLetter,
  startLettersHall,
  waitFor,
} from './support/letters';

const hall = await startLettersHall(t);
const yz = await departments(hall, 'yuzhong');
const education = yz.find((d) => d.name === '渝中区教委')!;
const admin = await newStaff(hall, 'yuzhong', '陈站长', ['station_admin']);
const handler = await newStaff(hall, 'yuzhong', '刘信件', ['letters']);
const token = await handler.token();

const REPLY =
  '申请人可在户籍所在地或居住地的二级以上综合医院体检。王先生，如有疑问可拨打13800001111咨询。';
const consenting = await sendLetter(hall, 'yuzhong', {
  kind: 'consultation',
  departmentId: education.id,
  subject: '教师资格认定体检在哪里做',
  content: '请问申请中小学教师资格认定，体检需要到哪家医院做？',
  contactName: '王小明',
  mobile: newMobile(),
  publicConsent: true,
});
await deskAct(hall, token, 'yuzhong', consenting.id, 'reply', { text: REPLY });
const private_ = await sendLetter(hall, 'yuzhong', {
  kind: 'consultation',
  departmentId: education.id,
  subject: '我孩子的入学问题',
  content: '我家孩子今年入学，户口在外地，能否在渝中区就读？',
  contactName: '李梅',
  mobile: newMobile(),
  publicConsent: false,
});
await deskAct(hall, token, 'yuzhong', private_.id, 'reply', { text: '请携带居住证到学校报名。' });
const unanswered = await sendLetter(hall, 'yuzhong', {
  kind: 'consultation',
  departmentId: education.id,
  subject: '教师资格证书补办',
  content: '教师资格证书遗失，如何补办？',
  contactName: '赵强',
  mobile: newMobile(),
  publicConsent: true,
});

let page: Page;
t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, handler.username, handler.password);
});

const publishLink = (p: Page) => p.getByRole('link', { name: '发布为常见问题…' });

t.test('offered only for an answered letter whose writer agreed', async (t) => {
  await hall.goto(page, `/letters/${private_.id}`);
  t.match(await page.locator('dt:text-is("同意公开") + dd').innerText(), /不同意/);
  t.equal(await publishLink(page).count(), 0, 'no consent');
  let res = await page.goto(`${hall.url}/letters/${private_.id}/faq`);
  t.equal(res?.status(), 409);
  t.match(await page.locator('main').innerText(), /来信人未同意公开/);

  await hall.goto(page, `/letters/${unanswered.id}`);
  t.equal(await publishLink(page).count(), 0, 'not answered yet');
  res = await page.goto(`${hall.url}/letters/${unanswered.id}/faq`);
  t.equal(res?.status(), 409);
  t.match(await page.locator('main').innerText(), /答复后才能发布为常见问题/);
});

t.test('发布为常见问题: prefilled, edited, published to the public list', async (t) => {
  await hall.goto(page, `/letters/${consenting.id}`);
  await publishLink(page).click();
  await page.waitForURL(`${hall.url}/letters/${consenting.id}/faq`);
  t.equal(await page.locator('#f-question').inputValue(), '教师资格认定体检在哪里做');
  t.equal(await page.locator('#f-answer').inputValue(), REPLY, 'the reply to start from');
  t.match(
    await page.getByRole('note').innerText(),
    /不得含有来信人的姓名、手机号码、证件号码/,
    'a reminder to remove personal details',
  );

  await page.locator('#f-question').fill('');
  await page.getByRole('button', { name: '确认发布' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await page.locator('#f-question').getAttribute('aria-invalid'), 'true');
  t.same(await publicFaqs(hall, 'yuzhong'), [], 'nothing published');

  await page.locator('#f-question').fill('申请教师资格认定，体检在哪里做？');
  await page.locator('#f-answer').fill('申请人可在户籍所在地或居住地的二级以上综合医院体检。');
  await Promise.all([
    page.waitForURL(`${hall.url}/faqs?state=published`),
    page.getByRole('button', { name: '确认发布' }).click(),
  ]);
  t.match(await notice(page), /已发布为常见问题/);
  const row = page.getByRole('row').filter({ hasText: '申请教师资格认定，体检在哪里做？' });
  t.match(await row.innerText(), /渝中区教委/);
  const published = await waitFor('the FAQ in the public list', async () => {
    const list = await publicFaqs(hall, 'yuzhong');
    return list.length ? list : undefined;
  });
  t.same(
    published.map((f) => [f.question, f.answer]),
    [['申请教师资格认定，体检在哪里做？', '申请人可在户籍所在地或居住地的二级以上综合医院体检。']],
  );
  t.notMatch(JSON.stringify(published), /13800001111|王/, 'the edited texts, not the reply');

  // A second publication of the same letter is refused with the service's words.
  await hall.goto(page, `/letters/${consenting.id}/faq`);
  await page.getByRole('button', { name: '确认发布' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').innerText(), /该信件已发布为常见问题/);
  t.equal((await publicFaqs(hall, 'yuzhong')).length, 1);
});

t.test('修改 without JavaScript: the public list follows', async (t) => {
  const p = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, p, handler.username, handler.password);
  await hall.goto(p, '/faqs');
  await p.getByRole('link', { name: '修改：申请教师资格认定，体检在哪里做？' }).click();
  t.equal(await p.locator('#f-question').inputValue(), '申请教师资格认定，体检在哪里做？');
  await p.locator('#f-answer').fill('x');
  await p.getByRole('button', { name: '保存' }).click();
  await p.getByRole('alert').waitFor();
  t.equal(await p.locator('#f-answer').getAttribute('aria-invalid'), 'true');
  await p
    .locator('#f-answer')
    .fill('可在户籍所在地或居住地的二级以上综合医院体检，体检表在政务服务中心领取。');
  await p.getByRole('button', { name: '保存' }).click();
  await p.waitForURL(`${hall.url}/faqs?state=published`);
  t.match(await notice(p), /已保存常见问题的修改/);
  const edited = await waitFor('the edit in the public list', async () => {
    const [faq] = await publicFaqs(hall, 'yuzhong');
    return faq?.answer.includes('体检表') ? faq : undefined;
  });
  t.equal(
    edited.answer,
    '可在户籍所在地或居住地的二级以上综合医院体检，体检表在政务服务中心领取。',
    'the public sees the edited answer',
  );
  await p.context().close();
});

t.test('撤回: confirmed on a page; the public no longer sees it', async (t) => {
  await hall.goto(page, '/faqs');
  const tabs = page.getByRole('navigation', { name: '常见问题状态' });
  const tabNames = () =>
    tabs.getByRole('link').evaluateAll((a) => a.map((x) => x.getAttribute('aria-label')));
  t.same(await tabNames(), ['已发布，1 条', '已撤回，0 条']);
  await page.getByRole('link', { name: '撤回：申请教师资格认定，体检在哪里做？' }).click();
  t.match(await page.locator('form.confirm').innerText(), /确定要撤回这条常见问题吗/);
  await Promise.all([
    page.waitForURL(`${hall.url}/faqs?state=withdrawn`),
    page.getByRole('button', { name: '确认撤回' }).click(),
  ]);
  t.match(await notice(page), /已撤回常见问题/);
  t.same(await tabNames(), ['已发布，0 条', '已撤回，1 条']);
  const row = page.getByRole('row').filter({ hasText: '申请教师资格认定，体检在哪里做？' });
  t.equal(await row.getByRole('link', { name: /^撤回/ }).count(), 0, 'nothing to withdraw');
  t.same(await publicFaqs(hall, 'yuzhong'), []);
  const res = await page.goto(`${hall.url}/faqs/${await faqId()}/withdraw`);
  t.equal(res?.status(), 409, 'a withdrawn FAQ is not withdrawn twice');
});

/** The FAQ's id, from its 修改 link. */
async function faqId(): Promise<string> {
  await hall.goto(page, '/faqs?state=withdrawn');
  const href = await page
    .getByRole('link', { name: /^修改：/ })
    .first()
    .getAttribute('href');
  return href!.split('/').at(-1)!;
}

t.test('the audit log lists publish, edit and withdraw', async (t) => {
  const p = await hall.newPage();
  await signIn(hall, p, admin.username, admin.password);
  for (const [event, label] of [
    ['letters.faq.published', '发布常见问题'],
    ['letters.faq.updated', '修改常见问题'],
    ['letters.faq.withdrawn', '撤回常见问题'],
  ] as const) {
    const row = await waitFor(`${event} in the audit log`, async () => {
      await hall.goto(p, `/audit?event=${event}`);
      const rows = await p
        .getByRole('table')
        .locator('tbody tr:not(:has(.empty))')
        .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText));
      return rows[0];
    });
    t.match(row, new RegExp(`${label}[\\s\\S]*刘信件`), label);
    t.match(row, /常见问题/);
  }
  await hall.goto(p, '/audit?event=letters.faq.published');
  t.match(
    await p.getByRole('table').innerText(),
    new RegExp(`受理编码：${consenting.code}`),
    'which letter it came from',
  );
  await p.context().close();
});
