/** Reading a submitted business form back into answers, and its errors and labels for a page. */
import { validateAnswers } from '@hall/platform/forms';
import t from 'tap';
import {
  businessFormErrors,
  businessFormLabels,
  businessFormName,
  parseBusinessFormData,
} from '../src/index';
import { teacherForm, VALID_ID } from './business-form/form';

const form = teacherForm();

function formData(entries: Array<[string, string | Blob]>): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

t.test('answers are typed per field; empty fields are absent', async (t) => {
  const data = formData([
    ['form.school', ' 重庆师范大学 '],
    ['form.resume', ''],
    ['form.graduated', '2020-06-30'],
    ['form.level', 'primary'],
    ['form.years', '4'],
    ['form.score', '  '],
    ['form.idNumber', VALID_ID],
    ['form.phone', '138 1234 5678'],
    ['form.region', '500103'],
    ['form.promise', 'true'],
    ['username', 'not a form field'],
    ['form.nickname', 'not in this form'],
  ]);
  t.same(parseBusinessFormData(form, data), {
    school: ' 重庆师范大学 ',
    graduated: '2020-06-30',
    level: 'primary',
    years: 4,
    idNumber: VALID_ID,
    phone: '138 1234 5678',
    region: '500103',
    promise: true,
  });
});

t.test('numbers: full-width digits, separators and decimals; the rest kept as typed', async (t) => {
  const parse = (years: string, score: string) => {
    const answers = parseBusinessFormData(
      form,
      formData([
        ['form.years', years],
        ['form.score', score],
      ]),
    );
    return [answers.years, answers.score];
  };
  t.same(parse('１２', '1,234.5'), [12, 1234.5]);
  t.same(parse('-3', '.5'), [-3, 0.5]);
  t.same(parse('十二', '1e3'), ['十二', '1e3'], 'not numbers: validateAnswers will say so');
  t.same(parse('4.5', '7.'), [4.5, 7], 'an integer field gets 4.5 and validateAnswers refuses it');
});

t.test('a checkbox is true when sent and false when not; files are ignored', async (t) => {
  t.equal(parseBusinessFormData(form, formData([])).promise, false);
  t.equal(parseBusinessFormData(form, formData([['form.promise', 'on']])).promise, true);
  const withFile = parseBusinessFormData(
    form,
    formData([['form.school', new Blob(['x'], { type: 'text/plain' })]]),
  );
  t.notOk('school' in withFile);
});

t.test('parsed answers feed validateAnswers; its errors map onto the inputs', async (t) => {
  const answers = parseBusinessFormData(
    form,
    formData([
      ['form.school', '重庆师范大学'],
      ['form.graduated', '2021-02-29'],
      ['form.level', 'primary'],
      ['form.mandarin', '2A'],
      ['form.years', '七'],
      ['form.idNumber', '500103199001011234'],
      ['form.phone', '13812345678'],
      ['form.region', '500103'],
    ]),
  );
  const result = validateAnswers(form, answers);
  t.notOk(result.ok);
  const errors = result.ok ? {} : businessFormErrors(result.errors);
  t.same(errors, {
    'form.graduated': '毕业时间不是有效的日期，请按“年-月-日”填写，如 2024-09-01',
    'form.years': '教龄（年）必须是数字',
    'form.idNumber': '身份证号码校验位不正确，请核对后重新输入',
    'form.promise': '请勾选本人承诺所填信息真实有效',
  });
  t.same(
    businessFormErrors([
      { field: 'school', message: '第一条' },
      { field: 'school', message: '第二条' },
    ]),
    { 'form.school': '第一条' },
    'the first message of a field',
  );
});

t.test('labels for the error summary, keyed by input name', async (t) => {
  const labels = businessFormLabels(form);
  t.equal(labels['form.school'], '毕业学校');
  t.equal(labels['form.promise'], '本人承诺所填信息真实有效');
  t.equal(Object.keys(labels).length, 11);
  t.equal(businessFormName('idNumber'), 'form.idNumber');
});
