/**
 * `validateAnswers`: the answers to a business form, checked field by field with a Chinese
 * message naming the field. The submissions service runs it on applications; the portal runs it
 * to show the same errors before sending.
 */
import {
  checkIdCardNumber,
  checkMobile,
  normalizeIdCardNumber,
  normalizeMobile,
  type IdCardCheckOptions,
} from '../validation/index';
import { codePointLength } from '../validation/text';
import { fieldsInOrder } from './fields';
import { isRegionCode } from './regions';
import {
  MAX_TEXT_LENGTH,
  MAX_TEXTAREA_LENGTH,
  type BusinessForm,
  type FormField,
  type FormValue,
  type FormValues,
} from './schema';

/** One wrong answer: `field` is the field key; `code` is stable (`answer.*`, `id_card.*`, `mobile.*`). */
export interface AnswerError {
  field: string;
  code: string;
  message: string;
}

export type ValidateAnswersResult =
  { ok: true; values: FormValues } | { ok: false; errors: AnswerError[] };

export type ValidateAnswersOptions = IdCardCheckOptions;

/** A field's verdict: its normalised value (undefined = left empty), or what is wrong. */
type Outcome = { value: FormValue | undefined } | { code: string; message: string };

const EMPTY: Outcome = { value: undefined };
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Line breaks are allowed in a textarea only; other control characters nowhere.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/u;
const LINE_BREAK_OR_TAB = /[\n\t]/u;

function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function textOutcome(field: FormField & { type: 'string' }, raw: string): Outcome {
  const title = field.title;
  const multiline = field['x-widget'] === 'textarea';
  // Browsers send a textarea's line breaks as CRLF but count them as one character.
  const value = (multiline ? raw.replace(/\r\n?/g, '\n') : raw).trim();
  if (value === '') return EMPTY;
  if (CONTROL.test(value) || (!multiline && LINE_BREAK_OR_TAB.test(value))) {
    return { code: 'answer.control_characters', message: `${title}不能包含换行等控制字符` };
  }
  if (field['x-widget'] !== 'text' && field['x-widget'] !== 'textarea') return { value };
  const length = codePointLength(value);
  const cap = multiline ? MAX_TEXTAREA_LENGTH : MAX_TEXT_LENGTH;
  const maxLength = field.maxLength ?? cap;
  if (field.minLength !== undefined && length < field.minLength) {
    return { code: 'answer.too_short', message: `${title}不能少于${field.minLength}个字` };
  }
  if (length > maxLength) {
    return { code: 'answer.too_long', message: `${title}不能超过${maxLength}个字` };
  }
  if (
    field['x-widget'] === 'text' &&
    field.pattern &&
    !new RegExp(field.pattern, 'u').test(value)
  ) {
    return { code: 'answer.pattern', message: `${title}的格式不正确` };
  }
  return { value };
}

function outcome(field: FormField, raw: unknown, options: ValidateAnswersOptions): Outcome {
  const title = field.title;
  if (raw === undefined || raw === null)
    return field['x-widget'] === 'checkbox' ? { value: false } : EMPTY;

  if (field['x-widget'] === 'checkbox') {
    return typeof raw === 'boolean'
      ? { value: raw }
      : { code: 'answer.type', message: `${title}的取值不正确` };
  }
  if (field['x-widget'] === 'number') {
    if (raw === '') return EMPTY;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      return { code: 'answer.number', message: `${title}必须是数字` };
    }
    if (field.type === 'integer' && !Number.isSafeInteger(raw)) {
      return { code: 'answer.integer', message: `${title}必须是整数` };
    }
    if (field.minimum !== undefined && raw < field.minimum) {
      return { code: 'answer.minimum', message: `${title}不能小于${field.minimum}` };
    }
    if (field.maximum !== undefined && raw > field.maximum) {
      return { code: 'answer.maximum', message: `${title}不能大于${field.maximum}` };
    }
    return { value: raw };
  }
  if (typeof raw !== 'string') return { code: 'answer.type', message: `${title}应填写文字` };

  const text = textOutcome(field, raw);
  if (!('value' in text) || text.value === undefined) return text;
  const value = String(text.value);
  switch (field['x-widget']) {
    case 'date':
      return isRealDate(value)
        ? { value }
        : {
            code: 'answer.date',
            message: `${title}不是有效的日期，请按“年-月-日”填写，如 2024-09-01`,
          };
    case 'select':
    case 'radio':
      return field.enum.includes(value)
        ? { value }
        : { code: 'answer.option', message: `${title}的选项无效，请重新选择` };
    case 'region':
      return isRegionCode(value)
        ? { value }
        : { code: 'answer.region', message: `${title}须选择重庆市的一个区县` };
    case 'id-number': {
      const check = checkIdCardNumber(value, options);
      return check.ok ? { value: normalizeIdCardNumber(value) } : check;
    }
    case 'phone': {
      const check = checkMobile(value);
      return check.ok ? { value: normalizeMobile(value) } : check;
    }
    default:
      return { value };
  }
}

function requiredMessage(field: FormField): string {
  switch (field['x-widget']) {
    case 'checkbox':
      return `请勾选${field.title}`;
    case 'select':
    case 'radio':
    case 'region':
      return `请选择${field.title}`;
    default:
      return `请填写${field.title}`;
  }
}

/**
 * Checks answers (field key → value: strings for text, dates `YYYY-MM-DD`, option values and
 * region codes; numbers as numbers; checkboxes as booleans) against a form that passed
 * `checkBusinessForm`. On success `values` holds the normalised answers (trimmed text, ID
 * numbers upper-cased, mobile numbers without spaces or +86, unchecked checkboxes false);
 * optional fields left empty are absent. Errors follow the form's field order; an answer for a
 * key the form does not have is an error too.
 */
export function validateAnswers(
  form: BusinessForm,
  answers: Record<string, unknown>,
  options: ValidateAnswersOptions = {},
): ValidateAnswersResult {
  const errors: AnswerError[] = [];
  const values: FormValues = {};
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return { ok: false, errors: [{ field: '', code: 'answer.type', message: '表单内容不正确' }] };
  }
  for (const { key, field, required } of fieldsInOrder(form)) {
    const result = outcome(field, Object.hasOwn(answers, key) ? answers[key] : undefined, options);
    if (!('value' in result)) {
      errors.push({ field: key, code: result.code, message: result.message });
    } else if (required && (result.value === undefined || result.value === false)) {
      errors.push({ field: key, code: 'answer.required', message: requiredMessage(field) });
    } else if (result.value !== undefined) {
      values[key] = result.value;
    }
  }
  for (const key of Object.keys(answers)) {
    if (!Object.hasOwn(form.properties, key)) {
      errors.push({ field: key, code: 'answer.unknown_field', message: '表单中没有这一项' });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}
