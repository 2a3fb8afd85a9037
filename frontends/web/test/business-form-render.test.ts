/**
 * BusinessForm.svelte, rendered on the server by `svelte/server` (the component compiled on
 * import by ./business-form/svelte-hooks.mjs) into a page with base.css and a plain <form>, and
 * driven in headless Chromium with JavaScript off: what a person without JavaScript, on a
 * phone, in 大字 mode or with only a keyboard gets. Submissions are answered in the test, as a
 * form action would: parseBusinessFormData → validateAnswers → the page again with the errors.
 */
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { validateAnswers, type BusinessForm } from '@hall/platform/forms';
import { chromium, type Locator, type Page, type Route } from 'playwright-core';
import t from 'tap';
import { businessFormErrors, parseBusinessFormData } from '../src/business-form';
import { CHROMIUM_ARGS, DESKTOP, PHONE } from '../src/testing/index';
import { teacherForm, VALID_ID } from './business-form/form';

register('./business-form/svelte-hooks.mjs', import.meta.url);
const { render } = await import('svelte/server');
const { default: BusinessFormComponent } = await import('../src/components/BusinessForm.svelte');

const BASE_CSS = readFileSync(new URL('../src/base.css', import.meta.url), 'utf8');
const ORIGIN = 'http://hall.test';
const form = teacherForm();

interface PageOptions {
  form?: BusinessForm;
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  disabled?: boolean;
  elder?: boolean;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A whole page around the component, as the portal's layout would give it. */
function pageHtml(options: PageOptions = {}): string {
  const { head, body } = render(BusinessFormComponent, {
    props: {
      form: options.form ?? form,
      values: options.values,
      errors: options.errors,
      disabled: options.disabled ?? false,
    },
  });
  return `<!doctype html>
<html lang="zh-CN"${options.elder ? ' class="elder"' : ''}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>在线申报</title><style>${BASE_CSS}</style>${head}</head>
<body><main class="container"><h1>在线申报</h1>
<form method="post" action="/apply" class="form card" novalidate>${body}
<div class="actions"><button type="submit" class="button">提交申请</button></div>
</form></main></body></html>`;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
t.teardown(() => browser.close());

/** Posted bodies, newest last. */
const posted: string[] = [];

/** A page without JavaScript on which GET shows the form and POST acts like a form action. */
async function openForm(options: PageOptions = {}, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport, locale: 'zh-CN' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, async (route: Route) => {
    const request = route.request();
    if (request.method() !== 'POST') {
      await route.fulfill({ contentType: 'text/html; charset=utf-8', body: pageHtml(options) });
      return;
    }
    const body = request.postData() ?? '';
    posted.push(body);
    const data = new FormData();
    for (const [name, value] of new URLSearchParams(body)) data.append(name, value);
    const answers = parseBusinessFormData(options.form ?? form, data);
    const result = validateAnswers(options.form ?? form, answers);
    const html = result.ok
      ? `<!doctype html><html lang="zh-CN"><body><pre id="done">${escapeHtml(JSON.stringify(result.values))}</pre></body></html>`
      : pageHtml({ ...options, values: answers, errors: businessFormErrors(result.errors) });
    await route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
  });
  await page.goto(`${ORIGIN}/apply`);
  return page;
}

/** The accessible name of a required field: its title and the visually hidden 必填. */
const required = (title: string) => `${title} （必填）`;

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);

/** The texts aria-describedby points at, joined with " | ". */
async function description(control: Locator): Promise<string> {
  const ids = (await control.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
  const texts: string[] = [];
  for (const id of ids) {
    const text = (await byId(control.page(), id).textContent())?.trim();
    if (text) texts.push(text);
  }
  return texts.join(' | ');
}

async function submittedValues(page: Page): Promise<unknown> {
  await page.locator('#done').waitFor();
  return JSON.parse((await page.locator('#done').textContent()) ?? 'null');
}

t.test('every widget: its control, label, required marker, help and name', async (t) => {
  const page = await openForm();

  t.same(
    await page
      .locator('[name^="form."]')
      .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('name')))]),
    form['x-order'].map((key) => `form.${key}`),
    'one input name per field, form.<key>, in x-order order',
  );

  // Accessible names: the label, the hidden 必填 for required fields, never the * itself.
  const school = page.getByRole('textbox', { name: required('毕业学校'), exact: true });
  t.equal(await school.getAttribute('id'), 'f-form.school');
  t.equal(await school.getAttribute('aria-required'), 'true');
  t.equal(await school.getAttribute('maxlength'), '60');
  t.equal(await description(school), '填写毕业证上的学校全称');
  t.equal(
    await page.locator('label[for="f-form.school"] .required').getAttribute('aria-hidden'),
    'true',
  );
  t.equal(
    await page
      .locator('label[for="f-form.school"] .required')
      .evaluate((e) => getComputedStyle(e).color),
    'rgb(180, 35, 24)',
    'the * is red (--c-danger)',
  );
  t.equal(
    await page
      .locator('label[for="f-form.school"] .visually-hidden')
      .evaluate((e) => e.getBoundingClientRect().width),
    1,
    '必填 is there for screen readers only',
  );

  const resume = page.getByRole('textbox', { name: '个人简历', exact: true });
  t.equal(await resume.evaluate((e) => e.tagName), 'TEXTAREA');
  t.equal(await resume.getAttribute('aria-required'), null, 'optional');
  t.equal(await resume.getAttribute('maxlength'), '500');

  const graduated = page.getByRole('textbox', { name: required('毕业时间'), exact: true });
  t.equal(await graduated.getAttribute('type'), 'date');

  const level = page.getByRole('combobox', { name: required('申请资格种类'), exact: true });
  t.same(await level.locator('option').allTextContents(), ['请选择', '幼儿园', '小学', '初级中学']);
  t.equal(await level.inputValue(), '', '请选择 until someone chooses');

  const mandarin = page.getByRole('radiogroup', { name: required('普通话水平'), exact: true });
  t.equal(await mandarin.evaluate((e) => e.tagName), 'FIELDSET');
  t.equal(await mandarin.getAttribute('aria-required'), 'true');
  t.equal(await mandarin.getByRole('radio').count(), 3);
  t.equal(await mandarin.getByRole('radio', { name: '二级甲等' }).getAttribute('value'), '2A');
  t.equal(
    await byId(page, 'f-form.mandarin').getAttribute('value'),
    '1A',
    'the first radio carries the field id, for the error summary link',
  );

  const years = page.getByRole('textbox', { name: '教龄（年）', exact: true });
  t.equal(await years.getAttribute('inputmode'), 'numeric');
  t.equal(
    await page.getByRole('textbox', { name: '笔试成绩' }).getAttribute('inputmode'),
    'decimal',
  );

  const id = page.getByRole('textbox', { name: required('身份证号'), exact: true });
  t.equal(await id.getAttribute('autocomplete'), 'off');
  t.equal(await id.getAttribute('maxlength'), '18');
  t.equal(await description(id), '18位居民身份证号码', 'a format hint when the form gives none');

  const phone = page.getByRole('textbox', { name: required('联系电话'), exact: true });
  t.equal(await phone.getAttribute('type'), 'tel');
  t.equal(await phone.getAttribute('inputmode'), 'tel');
  t.equal(await phone.getAttribute('autocomplete'), 'tel');
  t.equal(await description(phone), '11位手机号码');

  const region = page.getByRole('combobox', { name: required('户籍所在区县'), exact: true });
  t.equal(await region.locator('option').count(), 39, '请选择 + 38 districts and counties');
  t.equal(await region.locator('option[value="500103"]').textContent(), '渝中区');

  const promise = page.getByRole('checkbox', {
    name: required('本人承诺所填信息真实有效'),
    exact: true,
  });
  t.equal(await promise.isChecked(), false);

  t.equal(await page.locator('[aria-invalid]').count(), 0, 'nothing is marked wrong yet');
});

t.test(
  'without JavaScript: errors at their fields, what was typed kept, then accepted',
  async (t) => {
    const page = await openForm();
    await page.getByLabel('毕业学校').fill('重庆师范大学');
    await page.getByLabel('个人简历').fill('2016—2020 重庆师范大学\n2020 至今 渝中区某小学');
    await page.getByLabel('毕业时间').fill('2020-06-30');
    await page.getByRole('radio', { name: '二级甲等' }).check();
    await page.getByLabel('教龄（年）').fill('七');
    await page.getByLabel('身份证号').fill('500103199001011234');
    await page.getByLabel('联系电话').fill('023-6389123');
    await page.getByLabel('户籍所在区县').selectOption({ label: '渝北区' });
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForLoadState();

    const expectedErrors: Record<string, string> = {
      'f-form.level': '请选择申请资格种类',
      'f-form.years': '教龄（年）必须是数字',
      'f-form.idNumber': '身份证号码校验位不正确，请核对后重新输入',
      'f-form.phone': '请输入正确的11位手机号码',
      'f-form.promise': '请勾选本人承诺所填信息真实有效',
    };
    t.same(
      await page.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((e) => e.id)),
      Object.keys(expectedErrors),
      'exactly the wrong fields are marked invalid',
    );
    for (const [id, message] of Object.entries(expectedErrors)) {
      t.match(await description(byId(page, id)), message, `${id}: the error is its description`);
      t.equal(await byId(page, `${id}-error`).isVisible(), true);
    }
    t.equal(
      await description(byId(page, 'f-form.idNumber')),
      `18位居民身份证号码 | ${expectedErrors['f-form.idNumber']}`,
    );

    // What was typed comes back.
    t.equal(await page.getByLabel('毕业学校').inputValue(), '重庆师范大学');
    t.equal(
      await page.getByLabel('个人简历').inputValue(),
      '2016—2020 重庆师范大学\n2020 至今 渝中区某小学',
    );
    t.equal(await page.getByLabel('毕业时间').inputValue(), '2020-06-30');
    t.ok(await page.getByRole('radio', { name: '二级甲等' }).isChecked());
    t.equal(await page.getByLabel('教龄（年）').inputValue(), '七');
    t.equal(await page.getByLabel('身份证号').inputValue(), '500103199001011234');
    t.equal(await page.getByLabel('联系电话').inputValue(), '023-6389123');
    t.equal(await page.getByLabel('户籍所在区县').inputValue(), '500112');
    t.equal(await page.getByLabel('申请资格种类').inputValue(), '');

    await page.getByLabel('申请资格种类').selectOption({ label: '小学' });
    await page.getByLabel('教龄（年）').fill('４');
    await page.getByLabel('身份证号').fill(VALID_ID);
    await page.getByLabel('联系电话').fill('138 1234 5678');
    await page.getByRole('checkbox', { name: /本人承诺/ }).check();
    await page.getByRole('button', { name: '提交申请' }).click();
    t.same(await submittedValues(page), {
      school: '重庆师范大学',
      resume: '2016—2020 重庆师范大学\n2020 至今 渝中区某小学',
      graduated: '2020-06-30',
      level: 'primary',
      mandarin: '2A',
      years: 4,
      idNumber: VALID_ID,
      phone: '13812345678',
      region: '500112',
      promise: true,
    });
  },
);

t.test('with the keyboard only, in the order of the form', async (t) => {
  const page = await openForm();
  const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('name'));
  const order: Array<string | null | undefined> = [];
  const next = async () => {
    await page.keyboard.press('Tab');
    order.push(await focusedName());
  };

  await next(); // 毕业学校
  await page.keyboard.type('重庆师范大学');
  await next(); // 个人简历
  await page.keyboard.type('第一行');
  await page.keyboard.press('Enter');
  await page.keyboard.type('第二行');
  await next(); // 毕业时间: this Chromium lays date parts out 月/日/年 whatever the locale
  await page.keyboard.type('06302020');
  while ((await focusedName()) === 'form.graduated') await page.keyboard.press('Tab');
  order.push(await focusedName()); // 申请资格种类
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await next(); // 普通话水平: the group is one stop; arrows choose
  await page.keyboard.press('ArrowDown');
  await next(); // 教龄
  await page.keyboard.type('4');
  await next(); // 笔试成绩
  await next(); // 身份证号
  await page.keyboard.type(VALID_ID);
  await next(); // 联系电话
  await page.keyboard.type('13812345678');
  await next(); // 户籍所在区县
  await page.keyboard.press('ArrowDown');
  await next(); // 承诺
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.textContent), '提交申请');

  t.same(
    order,
    form['x-order'].map((key) => `form.${key}`),
    'Tab visits the fields in the order of the form',
  );
  await page.keyboard.press('Enter');
  const values = (await submittedValues(page)) as Record<string, unknown>;
  t.same(values, {
    school: '重庆师范大学',
    resume: '第一行\n第二行',
    graduated: '2020-06-30',
    level: 'primary',
    mandarin: '2A',
    years: 4,
    idNumber: VALID_ID,
    phone: '13812345678',
    region: '500101',
    promise: true,
  });
});

t.test('on a 375 px phone, also in 大字 mode, nothing runs off the side', async (t) => {
  const allWrong = Object.fromEntries(
    form['x-order'].map((key) => [`form.${key}`, '这一项填写得不正确，请按照说明重新填写后再提交']),
  );
  for (const elder of [false, true]) {
    const page = await openForm(
      { elder, errors: allWrong, values: { school: '重庆'.repeat(30) } },
      PHONE,
    );
    const label = elder ? '大字' : '标准';
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    t.equal(overflow, 0, `${label}: no sideways scrolling`);
    const outside = await page
      .locator('input, select, textarea, label, legend, .field-error, .hint')
      .evaluateAll((els) =>
        els
          .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
          .map((e) => e.outerHTML.slice(0, 60)),
      );
    t.same(outside, [], `${label}: every control, label and message fits`);
    const targets = await page
      .locator('.choice, input:not([type=radio]):not([type=checkbox]), select')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    t.ok(
      targets.every((h) => h >= 44),
      `${label}: targets are at least 44 px high (${Math.min(...targets)})`,
    );
    const fontSize = await page
      .getByLabel('毕业学校')
      .evaluate((e) => getComputedStyle(e).fontSize);
    t.equal(fontSize, elder ? '20px' : '16px', `${label}: text size`);
    const radioSize = await page
      .getByRole('radio', { name: '一级甲等' })
      .evaluate((e) => e.getBoundingClientRect().width);
    t.ok(
      radioSize >= (elder ? 27 : 22),
      `${label}: radio buttons grow with the text (${radioSize})`,
    );
  }
});

t.test('the designer preview: everything disabled, nothing submitted', async (t) => {
  const page = await openForm({ disabled: true, values: { school: '重庆师范大学' } });
  const controls = page.locator('[name^="form."]');
  t.ok((await controls.count()) > 11);
  t.same(
    await controls.evaluateAll(
      (els) => els.filter((e) => !(e as HTMLInputElement).disabled).length,
    ),
    0,
  );
  t.equal(await page.getByLabel('毕业学校').inputValue(), '重庆师范大学', 'values still show');
  const before = posted.length;
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForLoadState();
  t.equal(posted.length, before + 1);
  t.notMatch(posted.at(-1) ?? '', /form\./, 'no field is sent');
});

t.test('titles, options and values are text, never markup', async (t) => {
  const risky = teacherForm();
  risky.properties.school!.title = '<b>毕业学校</b>';
  const page = await openForm({
    form: risky,
    values: { school: '"><img src=x id=injected>', resume: '</textarea><b id=injected>' },
  });
  t.equal(await page.locator('#injected').count(), 0);
  t.equal(await page.locator('label b').count(), 0);
  t.match(await page.locator('label[for="f-form.school"]').innerText(), '<b>毕业学校</b>');
  t.equal(await page.getByLabel(/毕业学校/).inputValue(), '"><img src=x id=injected>');
  t.equal(await page.getByLabel('个人简历').inputValue(), '</textarea><b id=injected>');
});
