/**
 * 【个人/企业空间】: 个人信息 (资料设置) with masked numbers, 修改密码, 密保问题, and 【忘记密码】
 * through the security questions.
 */
import type { Page } from 'playwright-core';
import t from 'tap';
import { newPerson, newUnit } from './support/data';
import { fieldError, fillForm, signIn, startHall, type Hall } from './support/hall';

const hall: Hall = await startHall(t);

const QUESTIONS = [
  { question: '您母亲的姓名是？', answer: '王芳' },
  { question: '您的出生地是？', answer: '重庆' },
  { question: '您就读的小学校名是？', answer: '人和街小学' },
];

const mask = (s: string, head: number, tail: number) =>
  s.slice(0, head) + '*'.repeat(s.length - head - tail) + s.slice(-tail);

async function save(page: Page, name = '保存') {
  await page.getByRole('button', { name, exact: true }).click();
}

t.test('个人信息 shows ID and phone masked, the full value only on 显示', async (t) => {
  const person = newPerson();
  await hall.createPerson(person);
  const page = await hall.newPage();
  await signIn(hall, page, person.username, person.password);
  await page.getByRole('link', { name: '【个人空间】', exact: true }).click();
  await page.waitForURL(`${hall.url}/cq/space/profile`);

  const menu = page.getByRole('navigation', { name: '个人空间' });
  for (const label of ['个人信息', '修改密码', '密保问题', '我的办件', '我的咨询', '资料库'])
    t.equal(await menu.getByRole('link', { name: label }).count(), 1, `${label} is a link`);

  const main = page.locator('main');
  t.match(await main.innerText(), mask(person.idNumber, 6, 4));
  t.match(await main.innerText(), mask(person.mobile, 3, 4));
  t.notMatch(await page.content(), person.idNumber, 'the full ID number is not in the page');
  t.notMatch(await page.content(), person.mobile, 'nor the full mobile number');

  await page.getByRole('link', { name: '显示完整身份证号码' }).click();
  await page.waitForURL(/show=idNumber/);
  t.match(await main.innerText(), person.idNumber, '显示 shows the full ID number');
  t.notMatch(await page.content(), person.mobile, 'the mobile stays masked');
  await page.getByRole('link', { name: '隐藏完整身份证号码' }).click();
  await page.waitForURL(`${hall.url}/cq/space/profile`);
  t.notMatch(await page.content(), person.idNumber);
});

t.test(
  'a person edits the profile; the service rejects a bad value next to its field',
  async (t) => {
    const person = newPerson();
    await hall.createPerson(person);
    const page = await hall.newPage();
    await signIn(hall, page, person.username, person.password);
    await hall.goto(page, '/cq/space/profile');
    t.equal(await page.locator('#f-operatorName').count(), 0, 'no unit fields for a person');

    await fillForm(page, {
      mobile: '13700001111',
      email: 'zhang@example.cn',
      address: '重庆市渝中区人民路1号',
    });
    await save(page);
    await page.getByRole('status').filter({ hasText: '资料已保存' }).waitFor();
    t.match(await page.locator('main').innerText(), '137****1111', 'the new mobile, masked');
    t.equal(await page.locator('#f-email').inputValue(), 'zhang@example.cn');
    t.equal(await page.locator('#f-address').inputValue(), '重庆市渝中区人民路1号');
    t.equal(
      await page.locator('#f-mobile').inputValue(),
      '',
      'the mobile input starts empty again',
    );

    const scriptless = await hall.newPage({ javaScriptEnabled: false });
    await signIn(hall, scriptless, person.username, person.password);
    await hall.goto(scriptless, '/cq/space/profile');
    await fillForm(scriptless, { email: 'not-an-email' });
    await save(scriptless);
    t.equal(
      await fieldError(scriptless, 'email'),
      '电子邮箱格式不正确',
      "identity's message, without JavaScript",
    );
    t.equal(await scriptless.locator('#f-email').inputValue(), 'not-an-email', 'the value is kept');
  },
);

t.test('a company edits 经办人 and sees its credit code masked', async (t) => {
  const unit = newUnit();
  await hall.createUnit(unit);
  const page = await hall.newPage();
  await signIn(hall, page, unit.username, unit.password);
  await hall.goto(page, '/cq/space/profile');
  t.match(await page.locator('main').innerText(), mask(unit.creditCode, 8, 2));
  t.match(await page.locator('main').innerText(), mask(unit.legalRepIdNumber, 6, 4));
  t.equal(await page.locator('#f-operatorName').inputValue(), unit.operatorName);
  await fillForm(page, { operatorName: '赵六' });
  await save(page);
  await page.getByRole('status').filter({ hasText: '资料已保存' }).waitFor();
  t.match(await page.locator('dl').innerText(), /经办人\s+赵六/);
});

t.test(
  '密保问题 are set in the space, then 忘记密码 resets the password through them',
  async (t) => {
    const person = newPerson();
    await hall.createPerson(person);
    const page = await hall.newPage();
    await signIn(hall, page, person.username, person.password);
    await hall.goto(page, '/cq/space/security-questions');
    const qa: Record<string, string> = { currentPassword: person.password };
    QUESTIONS.forEach((q, i) =>
      Object.assign(qa, { [`question${i}`]: q.question, [`answer${i}`]: q.answer }),
    );
    await fillForm(page, { ...qa, currentPassword: 'Wrong#2026pw' });
    await save(page, '保存密保问题');
    await page.getByRole('alert').waitFor();
    t.equal(await fieldError(page, 'currentPassword'), '当前密码不正确');
    await fillForm(page, qa);
    await save(page, '保存密保问题');
    await page.getByRole('status').filter({ hasText: '密保问题已保存' }).waitFor();

    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL(`${hall.url}/cq`);
    await hall.goto(page, '/cq/login');
    await page.getByRole('link', { name: '【忘记密码】' }).click();
    await page.waitForURL(`${hall.url}/cq/forgot-password`);
    await page.locator('#f-username').fill(person.username);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByText('第2步，共2步').waitFor();
    for (const [i, q] of QUESTIONS.entries()) {
      t.match(
        await page.locator(`label[for=f-answer${i}]`).innerText(),
        q.question,
        `question ${i + 1} is asked`,
      );
    }

    const newPassword = 'Autumn#2026ok';
    await fillForm(page, {
      answer0: '李芳',
      answer1: '重庆',
      answer2: '人和街小学',
      newPassword,
      newPasswordConfirm: newPassword,
    });
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.getByRole('alert').waitFor();
    t.match(await page.getByRole('alert').innerText(), /密保答案不正确，还可尝试4次/);

    await fillForm(page, {
      answer0: '王芳',
      answer1: '重庆',
      answer2: '人和街小学',
      newPassword,
      newPasswordConfirm: newPassword,
    });
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.waitForURL(`${hall.url}/cq/login?notice=reset`);
    t.match(await page.getByRole('status').innerText(), '密码已重置，请使用新密码登录');

    await signIn(hall, page, person.username, newPassword);
    t.match(await page.locator('header').innerText(), /您好，张晓红/, 'the new password works');
  },
);

t.test('忘记密码 works with JavaScript off', async (t) => {
  const person = newPerson();
  await hall.createPerson(person);
  await hall.setSecurityQuestions(person.username, person.password, QUESTIONS);
  const page = await hall.newPage({ javaScriptEnabled: false });
  await hall.goto(page, '/cq/forgot-password');
  await page.locator('#f-username').fill(person.username);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByText('第2步，共2步').waitFor();
  const newPassword = 'Winter#2026ok';
  await fillForm(page, {
    answer0: '王芳',
    answer1: '重庆',
    answer2: '人和街小学',
    newPassword,
    newPasswordConfirm: newPassword,
  });
  await page.getByRole('button', { name: '重置密码' }).click();
  await page.waitForURL(`${hall.url}/cq/login?notice=reset`);
  await fillForm(page, { username: person.username, password: newPassword });
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${hall.url}/cq`);
  t.match(await page.locator('header').innerText(), /退出/);
});

t.test('an account without 密保问题 is told so', async (t) => {
  const person = newPerson();
  await hall.createPerson(person);
  const page = await hall.newPage();
  await hall.goto(page, '/cq/forgot-password');
  await page.locator('#f-username').fill(person.username);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').innerText(), /该账号不存在或未设置密保问题/);
});

t.test('修改密码 signs out everywhere and the new password works', async (t) => {
  const person = newPerson();
  await hall.createPerson(person);
  const page = await hall.newPage();
  await signIn(hall, page, person.username, person.password);
  await hall.goto(page, '/cq/space/password');
  const newPassword = 'Summer#2026ok';
  await fillForm(page, {
    currentPassword: person.password,
    newPassword: 'short',
    newPasswordConfirm: 'short',
  });
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.getByRole('alert').waitFor();
  t.equal(await fieldError(page, 'newPassword'), '密码长度不能少于8位');

  await fillForm(page, {
    currentPassword: person.password,
    newPassword,
    newPasswordConfirm: newPassword,
  });
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.waitForURL(`${hall.url}/cq/login?notice=password_changed`);
  t.match(await page.getByRole('status').innerText(), '密码已修改，请使用新密码重新登录');
  await signIn(hall, page, person.username, newPassword);
  t.match(await page.locator('header').innerText(), /您好，张晓红/);
});

t.test('the space needs a sign-in', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/yuzhong/space/profile');
  await page.waitForURL(
    `${hall.url}/yuzhong/login?next=${encodeURIComponent('/yuzhong/space/profile')}`,
  );
  t.pass('redirected to 登录 of the same station');
});
