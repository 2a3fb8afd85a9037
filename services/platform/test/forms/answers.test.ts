import t from 'tap';
import {
  checkBusinessForm,
  validateAnswers,
  type AnswerError,
  type BusinessForm,
} from '../../src/forms/index';
import { everyWidgetForm, VALID_ID, VALID_ID_WITH_X } from './fixtures';

function formOf(schema: unknown): BusinessForm {
  const result = checkBusinessForm(schema);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.form;
}

const form = formOf(everyWidgetForm());

/** Answers to the every-widget form that pass. */
const good = (): Record<string, unknown> => ({
  school: '重庆师范大学',
  certificateNo: '1063712020000123',
  resume: '2016—2020 重庆师范大学\r\n2020至今 渝中区某小学',
  graduated: '2020-06-30',
  level: 'primary',
  mandarin: '2A',
  years: 4,
  score: 98.5,
  idNumber: VALID_ID,
  phone: '13812345678',
  region: '500103',
  promise: true,
});

/** The errors for `field` when the good answers are changed by `changes`. */
function errorsWith(changes: Record<string, unknown>): AnswerError[] {
  const result = validateAnswers(form, { ...good(), ...changes });
  return result.ok ? [] : result.errors;
}

const only = (changes: Record<string, unknown>) =>
  errorsWith(changes).map((e) => `${e.field} ${e.code} ${e.message}`);

t.test('good answers come back normalised', async (t) => {
  const result = validateAnswers(form, {
    ...good(),
    school: '  重庆师范大学 ',
    idNumber: '11010519491231002x',
    phone: '+86 138-1234-5678',
  });
  t.ok(result.ok);
  if (!result.ok) return;
  t.same(result.values, {
    ...good(),
    school: '重庆师范大学',
    resume: '2016—2020 重庆师范大学\n2020至今 渝中区某小学',
    idNumber: VALID_ID_WITH_X,
    phone: '13812345678',
  });
});

t.test('required fields, with a message per widget', async (t) => {
  const result = validateAnswers(form, {});
  t.notOk(result.ok);
  t.same(result.ok ? [] : result.errors, [
    { field: 'school', code: 'answer.required', message: '请填写毕业学校' },
    { field: 'graduated', code: 'answer.required', message: '请填写毕业时间' },
    { field: 'level', code: 'answer.required', message: '请选择申请资格种类' },
    { field: 'idNumber', code: 'answer.required', message: '请填写身份证号' },
    { field: 'phone', code: 'answer.required', message: '请填写联系电话' },
    { field: 'region', code: 'answer.required', message: '请选择户籍所在区县' },
    { field: 'promise', code: 'answer.required', message: '请勾选本人承诺所填信息真实有效' },
  ]);
  t.same(only({ school: '   ', level: '', promise: false, idNumber: null }), [
    'school answer.required 请填写毕业学校',
    'level answer.required 请选择申请资格种类',
    'idNumber answer.required 请填写身份证号',
    'promise answer.required 请勾选本人承诺所填信息真实有效',
  ]);
});

t.test('optional fields left empty are absent; an unchecked checkbox is false', async (t) => {
  const optionalForm = formOf({
    type: 'object',
    title: '可选项',
    properties: {
      note: { type: 'string', title: '备注', 'x-widget': 'textarea' },
      count: { type: 'integer', title: '人数', 'x-widget': 'number' },
      subscribe: { type: 'boolean', title: '订阅通知', 'x-widget': 'checkbox' },
    },
    'x-order': ['note', 'count', 'subscribe'],
  });
  t.same(validateAnswers(optionalForm, {}), { ok: true, values: { subscribe: false } });
  t.same(validateAnswers(optionalForm, { note: ' \r\n ', count: '', subscribe: false }), {
    ok: true,
    values: { subscribe: false },
  });
});

t.test('text: lengths, pattern, control characters', async (t) => {
  t.same(only({ school: '渝' }), ['school answer.too_short 毕业学校不能少于2个字']);
  t.same(only({ school: '渝'.repeat(61) }), ['school answer.too_long 毕业学校不能超过60个字']);
  t.same(only({ school: '𠀀'.repeat(60) }), [], 'characters, not UTF-16 units');
  t.same(only({ certificateNo: 'ABC123' }), [
    'certificateNo answer.pattern 毕业证书编号的格式不正确',
  ]);
  t.same(only({ school: '重庆\n大学' }), [
    'school answer.control_characters 毕业学校不能包含换行等控制字符',
  ]);
  t.same(only({ resume: '第一行\u0000' }), [
    'resume answer.control_characters 个人简历不能包含换行等控制字符',
  ]);
  t.same(only({ resume: '行'.repeat(498) + '\r\n' + '行' }), [], 'CRLF counts as one');
  t.same(only({ resume: '行'.repeat(501) }), ['resume answer.too_long 个人简历不能超过500个字']);
  t.same(only({ school: 42 }), ['school answer.type 毕业学校应填写文字']);
});

t.test('text without maxLength is still capped (200; textarea 2000)', async (t) => {
  const capped = formOf({
    type: 'object',
    title: '上限',
    properties: {
      a: { type: 'string', title: '单行', 'x-widget': 'text' },
      b: { type: 'string', title: '多行', 'x-widget': 'textarea' },
    },
    'x-order': ['a', 'b'],
  });
  t.ok(validateAnswers(capped, { a: 'x'.repeat(200), b: 'y'.repeat(2000) }).ok);
  const result = validateAnswers(capped, { a: 'x'.repeat(201), b: 'y'.repeat(2001) });
  t.same(result.ok ? [] : result.errors.map((e) => e.message), [
    '单行不能超过200个字',
    '多行不能超过2000个字',
  ]);
});

t.test('dates must be real dates written YYYY-MM-DD', async (t) => {
  for (const date of ['2020-02-29', '2000-02-29', '1999-12-31'])
    t.same(only({ graduated: date }), []);
  for (const date of [
    '2021-02-29',
    '1900-02-29',
    '2020-13-01',
    '2020-04-31',
    '2020-6-30',
    '20200630',
    '2020/06/30',
    '0050-01-01',
  ]) {
    t.same(
      only({ graduated: date }),
      ['graduated answer.date 毕业时间不是有效的日期，请按“年-月-日”填写，如 2024-09-01'],
      date,
    );
  }
});

t.test('numbers: type, integer, bounds', async (t) => {
  t.same(only({ years: '4' }), ['years answer.number 教龄（年）必须是数字']);
  t.same(only({ years: Number.NaN }), ['years answer.number 教龄（年）必须是数字']);
  t.same(only({ years: 4.5 }), ['years answer.integer 教龄（年）必须是整数']);
  t.same(only({ years: -1 }), ['years answer.minimum 教龄（年）不能小于0']);
  t.same(only({ years: 61 }), ['years answer.maximum 教龄（年）不能大于60']);
  t.same(only({ years: 0, score: 150 }), [], 'bounds are inclusive');
  t.same(only({ score: 150.5 }), ['score answer.maximum 笔试成绩不能大于150']);
  t.same(only({ score: 0.5 }), [], 'a number field takes decimals');
});

t.test('select and radio answers must be one of the options', async (t) => {
  t.same(only({ level: '幼儿园' }), ['level answer.option 申请资格种类的选项无效，请重新选择']);
  t.same(only({ mandarin: '3A' }), ['mandarin answer.option 普通话水平的选项无效，请重新选择']);
  t.same(only({ level: ['primary'] }), ['level answer.type 申请资格种类应填写文字']);
});

t.test('ID numbers: GB 11643 through @hall/platform/validation', async (t) => {
  t.same(only({ idNumber: '500103199001011234' }), [
    'idNumber id_card.checksum 身份证号码校验位不正确，请核对后重新输入',
  ]);
  t.same(only({ idNumber: '50010319900101123' }), ['idNumber id_card.length 身份证号码应为18位']);
  t.same(only({ idNumber: '500103199002301232' }), [
    'idNumber id_card.birth_date 身份证号码中的出生日期不正确',
  ]);
});

t.test('phones: mainland mobile numbers', async (t) => {
  t.same(only({ phone: '023-63891234' }), ['phone mobile.format 请输入正确的11位手机号码']);
  t.same(only({ phone: '12812345678' }), ['phone mobile.format 请输入正确的11位手机号码']);
});

t.test('regions: a 重庆 district or county code', async (t) => {
  t.same(only({ region: '500243' }), [], '彭水');
  for (const region of ['500000', '510104', '500103 ', '渝中区', '500199']) {
    const errors = only({ region });
    t.same(
      errors,
      region === '500103 ' ? [] : ['region answer.region 户籍所在区县须选择重庆市的一个区县'],
      JSON.stringify(region),
    );
  }
});

t.test('checkboxes take booleans only', async (t) => {
  t.same(only({ promise: 'on' }), ['promise answer.type 本人承诺所填信息真实有效的取值不正确']);
});

t.test('answers for fields the form does not have are rejected', async (t) => {
  t.same(only({ nickname: '小王', constructor: 'x' }), [
    'nickname answer.unknown_field 表单中没有这一项',
    'constructor answer.unknown_field 表单中没有这一项',
  ]);
  const result = validateAnswers(form, null as unknown as Record<string, unknown>);
  t.same(result.ok ? [] : result.errors, [
    { field: '', code: 'answer.type', message: '表单内容不正确' },
  ]);
});

t.test('several wrong answers are all reported, in the form order', async (t) => {
  t.same(
    errorsWith({ promise: false, years: 99, school: '' }).map((e) => e.field),
    ['school', 'years', 'promise'],
  );
});
