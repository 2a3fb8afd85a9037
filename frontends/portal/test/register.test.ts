/**
 * 【注册】: 个人注册 and 单位注册, with the service's field errors next to each field, with and
 * without JavaScript, ending signed in with the prompt to set 密保问题.
 */
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import {
  badCreditCode,
  badIdNumber,
  newPerson,
  newUnit,
  type TestPerson,
  type TestUnit,
} from './support/data';
import { fieldError, fillForm, startHall } from './support/hall';

const hall = await startHall(t);

function personForm(p: TestPerson) {
  return {
    username: p.username,
    password: p.password,
    passwordConfirm: p.password,
    realName: p.realName,
    idNumber: p.idNumber,
    mobile: p.mobile,
  };
}

function unitForm(u: TestUnit) {
  const { password, ...rest } = u;
  return { ...rest, password, passwordConfirm: password };
}

async function submit(page: Page, name = '注册'): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

async function expectWelcome(t: Test, page: Page, space: string) {
  await page.waitForURL(/\/space\/security-questions\?welcome=1$/);
  t.match(await page.getByRole('status').first().innerText(), /注册成功，您已登录/);
  t.match(await page.getByRole('status').first().innerText(), /建议您现在设置密保问题/);
  t.equal(
    await page
      .getByRole('navigation', { name: '账号' })
      .getByRole('link', { name: `【${space}】` })
      .count(),
    1,
    `header offers ${space}`,
  );
}

t.test('the 注册 entry offers 个人注册 and 单位注册', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, `/cq`);
  await page
    .getByRole('navigation', { name: '账号' })
    .getByRole('link', { name: '【注册】' })
    .click();
  await page.waitForURL(`${hall.url}/cq/register`);
  t.equal(await page.getByRole('link', { name: '个人注册' }).count(), 1);
  t.equal(await page.getByRole('link', { name: '单位注册' }).count(), 1);
});

t.test(
  'a person registers, sees password strength in words, and is signed in with the 密保 prompt',
  async (t) => {
    const person = newPerson();
    const page = await hall.newPage();
    await hall.goto(page, `/cq/register/person`);
    t.equal(await page.locator('#f-idNumber').getAttribute('aria-required'), 'true');
    t.match(await page.locator('label[for=f-idNumber]').innerText(), /身份证号码\s*\*/);

    await page.locator('#f-username').fill(person.username);
    const strength = async () =>
      (await page.locator('#password-strength').textContent())?.replace(/\s+/g, '');
    await page.locator('#f-password').fill('abcdefgh');
    t.match(await strength(), /密码强度：弱/);
    await page.locator('#f-password').fill('Abcdefgh1');
    t.match(await strength(), /密码强度：中/);
    await page.locator('#f-password').fill('Abcdefgh1#xyz');
    t.match(await strength(), /密码强度：强/);
    t.match(
      await page.locator('#f-password').getAttribute('aria-describedby'),
      /password-strength/,
      'the meter describes the field',
    );

    await fillForm(page, personForm(person));
    await submit(page);
    await expectWelcome(t, page, '个人空间');
    t.match(await page.locator('header').innerText(), /您好，张晓红/);
  },
);

t.test('a company registers and is signed in with the 密保 prompt', async (t) => {
  const unit = newUnit();
  const page = await hall.newPage();
  await hall.goto(page, `/cq/register/unit`);
  await fillForm(page, unitForm(unit));
  await submit(page);
  await expectWelcome(t, page, '企业空间');
  t.match(await page.locator('header').innerText(), /您好，重庆测试科技有限公司/);
});

t.test(
  'a bad ID number is rejected with its message next to the field; values are kept',
  async (t) => {
    const person = { ...newPerson(), idNumber: badIdNumber() };
    const page = await hall.newPage();
    await hall.goto(page, `/cq/register/person`);
    await fillForm(page, personForm(person));
    await submit(page);
    const summary = page.getByRole('alert');
    await summary.waitFor();
    t.match(await summary.innerText(), /提交的信息有误/);
    t.match(await summary.innerText(), /身份证号码：身份证号码校验位不正确，请核对后重新输入/);
    t.equal(await fieldError(page, 'idNumber'), '身份证号码校验位不正确，请核对后重新输入');
    t.equal(await fieldError(page, 'realName'), null, 'other fields are fine');
    t.equal(await page.locator('#f-realName').inputValue(), person.realName);
    t.equal(await page.locator('#f-idNumber').inputValue(), person.idNumber);
    t.equal(
      await page.evaluate(() => document.activeElement?.classList.contains('error-summary')),
      true,
      'the summary has focus',
    );

    // Fixing the field clears its error as it is typed; the form then goes through.
    await page.locator('#f-idNumber').fill(newPerson().idNumber);
    t.equal(await fieldError(page, 'idNumber'), null);
    await submit(page);
    await expectWelcome(t, page, '个人空间');
  },
);

t.test('a bad credit code is rejected with its message next to the field', async (t) => {
  const unit = { ...newUnit(), creditCode: badCreditCode() };
  const page = await hall.newPage();
  await hall.goto(page, `/cq/register/unit`);
  await fillForm(page, unitForm(unit));
  await submit(page);
  await page.getByRole('alert').waitFor();
  t.equal(await fieldError(page, 'creditCode'), '统一社会信用代码校验位不正确，请核对后重新输入');
  t.equal(await page.locator('#f-unitName').inputValue(), unit.unitName);
});

t.test('a hint shows on leaving a field, before anything is sent (JavaScript on)', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, `/cq/register/person`);
  await page.locator('#f-mobile').fill('12345');
  await page.locator('#f-mobile').blur();
  t.equal(await fieldError(page, 'mobile'), '请输入正确的11位手机号码');
});

t.test('a taken username and differing passwords are told on their fields', async (t) => {
  const first = newPerson();
  await hall.createPerson(first);
  const page = await hall.newPage();
  await hall.goto(page, `/cq/register/person`);
  await fillForm(page, { ...personForm({ ...newPerson(), username: first.username }) });
  await submit(page);
  await page.getByRole('alert').waitFor();
  t.equal(await fieldError(page, 'username'), '该用户名已被注册');

  await hall.goto(page, `/cq/register/person`);
  await fillForm(page, { ...personForm(newPerson()), passwordConfirm: 'Other#2026pw' });
  await submit(page);
  await page.getByRole('alert').waitFor();
  t.equal(await fieldError(page, 'passwordConfirm'), '两次输入的密码不一致');
});

t.test(
  'with JavaScript off, registration works the same and never sends the password back',
  async (t) => {
    const page = await hall.newPage({ javaScriptEnabled: false });
    const person = { ...newPerson(), idNumber: badIdNumber() };
    await hall.goto(page, `/cq/register/person`);
    await fillForm(page, personForm(person));
    await Promise.all([page.waitForLoadState('load'), submit(page)]);
    t.equal(await fieldError(page, 'idNumber'), '身份证号码校验位不正确，请核对后重新输入');
    t.equal(await page.locator('#f-username').inputValue(), person.username, 'username kept');
    t.equal(await page.locator('#f-mobile').inputValue(), person.mobile, 'mobile kept');
    t.equal(await page.locator('#f-password').inputValue(), '', 'password not sent back');
    t.notMatch(await page.content(), person.password, 'the password is nowhere in the page');

    const good = newPerson();
    await fillForm(page, personForm(good));
    await submit(page);
    await page.waitForURL(/\/space\/security-questions\?welcome=1$/);
    t.match(await page.locator('main').innerText(), /注册成功，您已登录/);

    const unitPage = await hall.newPage({ javaScriptEnabled: false });
    await hall.goto(unitPage, `/cq/register/unit`);
    await fillForm(unitPage, unitForm(newUnit()));
    await submit(unitPage);
    await unitPage.waitForURL(/\/space\/security-questions\?welcome=1$/);
    t.match(await unitPage.locator('header').innerText(), /企业空间/);
  },
);
