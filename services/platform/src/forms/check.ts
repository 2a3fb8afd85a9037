/**
 * `checkBusinessForm`: whether a business form schema stays inside the subset the hall renders
 * and validates, with a Chinese message and the offending path (`properties.age.minimum`) for
 * everything outside it. The console's designer shows these next to what was typed.
 *
 * The subset: `{ type: 'object', title, description?, required?, properties, x-order }`, 1–60
 * properties keyed /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, `required` and `x-order` naming them (x-order
 * each exactly once). A field: `x-widget`, `title` (1–40 characters), `description?` (≤ 200) and
 * per widget — text: string, minLength?/maxLength? ≤ 200, pattern? (≤ 100 characters, compiles
 * with the `u` flag, no nested repetition); textarea: string, minLength?/maxLength? ≤ 2000;
 * date: string + format 'date'; select/radio: string, enum (1–100 distinct strings) and
 * x-enumNames of the same length; checkbox: boolean; number: number|integer, minimum? ≤
 * maximum?; id-number, phone, region: string. Nothing else.
 */
import { codePointLength } from '../validation/text';
import { jsonSchemaComplaint } from './json-schema';
import {
  FIELD_KEY_PATTERN,
  MAX_FIELD_DESCRIPTION_LENGTH,
  MAX_FIELDS,
  MAX_FORM_DESCRIPTION_LENGTH,
  MAX_OPTION_VALUE_LENGTH,
  MAX_OPTIONS,
  MAX_PATTERN_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TEXTAREA_LENGTH,
  MAX_TITLE_LENGTH,
  WIDGET_NAMES,
  WIDGETS,
  type BusinessForm,
  type Widget,
} from './schema';

export type FormSchemaErrorCode =
  | 'form.not_object'
  | 'form.unknown_keyword'
  | 'form.keyword_not_allowed'
  | 'form.type'
  | 'form.title'
  | 'form.description'
  | 'form.properties'
  | 'form.field'
  | 'form.key'
  | 'form.widget'
  | 'form.format'
  | 'form.length'
  | 'form.pattern'
  | 'form.number'
  | 'form.enum'
  | 'form.enum_names'
  | 'form.required'
  | 'form.order'
  | 'form.json_schema';

/** One problem of a schema: `field` is the dotted path inside it ('' for the whole schema). */
export interface FormSchemaError {
  field: string;
  code: FormSchemaErrorCode;
  message: string;
}

export type CheckBusinessFormResult =
  { ok: true; form: BusinessForm } | { ok: false; errors: FormSchemaError[] };

const FORM_KEYWORDS = new Set([
  'type',
  'title',
  'description',
  'required',
  'properties',
  'x-order',
]);

const COMMON_FIELD_KEYWORDS = ['type', 'title', 'description', 'x-widget'];
const FIELD_KEYWORDS: Readonly<Record<Widget, ReadonlySet<string>>> = Object.freeze({
  text: new Set([...COMMON_FIELD_KEYWORDS, 'minLength', 'maxLength', 'pattern']),
  textarea: new Set([...COMMON_FIELD_KEYWORDS, 'minLength', 'maxLength']),
  date: new Set([...COMMON_FIELD_KEYWORDS, 'format']),
  select: new Set([...COMMON_FIELD_KEYWORDS, 'enum', 'x-enumNames']),
  radio: new Set([...COMMON_FIELD_KEYWORDS, 'enum', 'x-enumNames']),
  checkbox: new Set(COMMON_FIELD_KEYWORDS),
  number: new Set([...COMMON_FIELD_KEYWORDS, 'minimum', 'maximum']),
  'id-number': new Set(COMMON_FIELD_KEYWORDS),
  phone: new Set(COMMON_FIELD_KEYWORDS),
  region: new Set(COMMON_FIELD_KEYWORDS),
});
const KNOWN_FIELD_KEYWORDS = new Set(Object.values(FIELD_KEYWORDS).flatMap((s) => [...s]));

const FIELD_TYPES: Readonly<Record<Widget, readonly string[]>> = Object.freeze({
  text: ['string'],
  textarea: ['string'],
  date: ['string'],
  select: ['string'],
  radio: ['string'],
  checkbox: ['boolean'],
  number: ['number', 'integer'],
  'id-number': ['string'],
  phone: ['string'],
  region: ['string'],
});

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A name from the schema inside a message, shortened so a hostile schema cannot flood it. */
function quoted(name: unknown): string {
  const text = typeof name === 'string' ? name : (JSON.stringify(name) ?? String(name));
  return codePointLength(text) > 40 ? `${[...text].slice(0, 40).join('')}…` : text;
}

function isWidget(value: unknown): value is Widget {
  return typeof value === 'string' && (WIDGETS as readonly string[]).includes(value);
}

/**
 * Whether a quantified group itself contains a quantifier, e.g. `(a+)+` or `(\d*)*`: the shape
 * that makes a backtracking engine take exponential time on a near miss. Character classes and
 * escapes are skipped; `(?:`, `(?=` and friends are groups, not quantifiers.
 */
function hasNestedQuantifier(pattern: string): boolean {
  const groups: boolean[] = []; // per open group: contains a quantifier
  let lastClosedHadQuantifier = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const isQuantifier =
      c === '*' ||
      c === '+' ||
      (c === '?' && pattern[i - 1] !== '(') ||
      (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)));
    if (isQuantifier) {
      if (lastClosedHadQuantifier && c !== '?') return true;
      if (groups.length > 0) groups[groups.length - 1] = true;
      lastClosedHadQuantifier = false;
      continue;
    }
    lastClosedHadQuantifier = false;
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (c === '(') {
      groups.push(false);
    } else if (c === ')') {
      const inner = groups.pop() ?? false;
      lastClosedHadQuantifier = inner;
      if (inner && groups.length > 0) groups[groups.length - 1] = true;
    }
  }
  return false;
}

class Report {
  readonly errors: FormSchemaError[] = [];

  add(field: string, code: FormSchemaErrorCode, message: string): void {
    this.errors.push({ field, code, message });
  }

  /** A required title of 1–40 characters (not just spaces). */
  title(value: unknown, path: string, what: string): void {
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(path, 'form.title', `请填写${what}`);
    } else if (codePointLength(value) > MAX_TITLE_LENGTH) {
      this.add(path, 'form.title', `${what}不能超过${MAX_TITLE_LENGTH}个字`);
    }
  }

  description(value: unknown, path: string, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'string') this.add(path, 'form.description', '说明必须是文字');
    else if (codePointLength(value) > max) {
      this.add(path, 'form.description', `说明不能超过${max}个字`);
    }
  }
}

function checkLengths(report: Report, path: string, field: Json, cap: number): void {
  const { minLength, maxLength } = field;
  const isLength = (v: unknown, min: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= cap;
  if (minLength !== undefined && !isLength(minLength, 0)) {
    report.add(`${path}.minLength`, 'form.length', `最小长度必须是0到${cap}之间的整数`);
  }
  if (maxLength !== undefined && !isLength(maxLength, 1)) {
    report.add(`${path}.maxLength`, 'form.length', `最大长度必须是1到${cap}之间的整数`);
  }
  if (isLength(minLength, 0) && isLength(maxLength, 1) && Number(minLength) > Number(maxLength)) {
    report.add(`${path}.minLength`, 'form.length', '最小长度不能大于最大长度');
  }
}

function checkPattern(report: Report, path: string, pattern: unknown): void {
  if (pattern === undefined) return;
  const at = `${path}.pattern`;
  if (typeof pattern !== 'string' || pattern === '') {
    report.add(at, 'form.pattern', '正则表达式必须是非空的文字');
    return;
  }
  if (codePointLength(pattern) > MAX_PATTERN_LENGTH) {
    report.add(at, 'form.pattern', `正则表达式不能超过${MAX_PATTERN_LENGTH}个字符`);
    return;
  }
  try {
    // The flags ajv uses for `pattern`, so the two agree on what compiles.
    new RegExp(pattern, 'u');
  } catch {
    report.add(at, 'form.pattern', '正则表达式的写法不正确');
    return;
  }
  if (hasNestedQuantifier(pattern)) {
    report.add(at, 'form.pattern', '正则表达式不能包含嵌套的重复（如 (a+)+），以免校验过慢');
  }
}

function checkNumberBounds(report: Report, path: string, field: Json): void {
  const isBound = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const { minimum, maximum } = field;
  if (minimum !== undefined && !isBound(minimum)) {
    report.add(`${path}.minimum`, 'form.number', '最小值必须是数字');
  }
  if (maximum !== undefined && !isBound(maximum)) {
    report.add(`${path}.maximum`, 'form.number', '最大值必须是数字');
  }
  if (isBound(minimum) && isBound(maximum) && minimum > maximum) {
    report.add(`${path}.minimum`, 'form.number', '最小值不能大于最大值');
  }
}

/** A list of distinct strings (enum values, option names); reports per item. */
function checkStringList(
  report: Report,
  path: string,
  list: unknown[],
  code: 'form.enum' | 'form.enum_names',
  maxLength: number,
  what: string,
): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '' || codePointLength(item) > maxLength) {
      report.add(`${path}.${i}`, code, `${what}必须是1到${maxLength}个字的文字`);
    } else if (seen.has(item)) {
      report.add(`${path}.${i}`, code, `${what}重复：${quoted(item)}`);
    } else {
      seen.add(item);
    }
  });
}

function checkOptions(report: Report, path: string, field: Json): void {
  const values = field.enum;
  const names = field['x-enumNames'];
  if (!Array.isArray(values) || values.length === 0) {
    report.add(`${path}.enum`, 'form.enum', '请用 enum 列出选项（至少一个）');
  } else if (values.length > MAX_OPTIONS) {
    report.add(`${path}.enum`, 'form.enum', `选项不能超过${MAX_OPTIONS}个`);
  } else {
    checkStringList(report, `${path}.enum`, values, 'form.enum', MAX_OPTION_VALUE_LENGTH, '选项值');
  }
  if (!Array.isArray(names)) {
    report.add(`${path}.x-enumNames`, 'form.enum_names', '请用 x-enumNames 为每个选项写上名称');
    return;
  }
  if (Array.isArray(values) && names.length !== values.length) {
    report.add(
      `${path}.x-enumNames`,
      'form.enum_names',
      `选项名称有${names.length}个，选项值有${values.length}个，两者数量必须一致`,
    );
  }
  const namesPath = `${path}.x-enumNames`;
  checkStringList(
    report,
    namesPath,
    names.slice(0, MAX_OPTIONS),
    'form.enum_names',
    MAX_TITLE_LENGTH,
    '选项名称',
  );
}

function checkField(report: Report, path: string, field: unknown): void {
  if (!isObject(field)) {
    report.add(path, 'form.field', '字段定义必须是对象');
    return;
  }
  const widget = field['x-widget'];
  if (widget === undefined) {
    report.add(`${path}.x-widget`, 'form.widget', '请用 x-widget 指定控件类型');
  } else if (!isWidget(widget)) {
    report.add(
      `${path}.x-widget`,
      'form.widget',
      `不支持的控件类型：${quoted(widget)}（可用：${WIDGETS.join('、')}）`,
    );
  }
  const known = isWidget(widget) ? widget : undefined;
  for (const keyword of Object.keys(field)) {
    if (!KNOWN_FIELD_KEYWORDS.has(keyword)) {
      report.add(
        `${path}.${keyword}`,
        'form.unknown_keyword',
        `不支持的关键字：${quoted(keyword)}`,
      );
    } else if (known && !FIELD_KEYWORDS[known].has(keyword)) {
      report.add(
        `${path}.${keyword}`,
        'form.keyword_not_allowed',
        `${WIDGET_NAMES[known]}控件（${known}）不支持关键字 ${keyword}`,
      );
    }
  }
  report.title(field.title, `${path}.title`, '字段标题');
  report.description(field.description, `${path}.description`, MAX_FIELD_DESCRIPTION_LENGTH);
  if (!known) return;

  const types = FIELD_TYPES[known];
  if (typeof field.type !== 'string' || !types.includes(field.type)) {
    report.add(
      `${path}.type`,
      'form.type',
      `${WIDGET_NAMES[known]}控件（${known}）的 type 必须是 ${types.join(' 或 ')}`,
    );
  }
  switch (known) {
    case 'text':
      checkLengths(report, path, field, MAX_TEXT_LENGTH);
      checkPattern(report, path, field.pattern);
      break;
    case 'textarea':
      checkLengths(report, path, field, MAX_TEXTAREA_LENGTH);
      break;
    case 'date':
      if (field.format !== 'date') {
        report.add(`${path}.format`, 'form.format', '日期控件（date）的 format 必须是 date');
      }
      break;
    case 'select':
    case 'radio':
      checkOptions(report, path, field);
      break;
    case 'number':
      checkNumberBounds(report, path, field);
      break;
  }
}

/** `required` and `x-order`: lists of existing field keys, each at most once. */
function checkKeyList(
  report: Report,
  path: 'required' | 'x-order',
  list: unknown,
  keys: ReadonlySet<string>,
): void {
  const code = path === 'required' ? 'form.required' : 'form.order';
  const what = path === 'required' ? '必填字段' : '字段';
  if (list === undefined && path === 'required') return;
  if (!Array.isArray(list)) {
    report.add(
      path,
      code,
      path === 'required' ? 'required 必须是字段名的数组' : '请用 x-order 按顺序列出全部字段名',
    );
    return;
  }
  const seen = new Set<string>();
  list.forEach((key, i) => {
    if (typeof key !== 'string' || !keys.has(key)) {
      report.add(`${path}.${i}`, code, `${what} ${quoted(key)} 不存在`);
    } else if (seen.has(key)) {
      report.add(`${path}.${i}`, code, `${what} ${quoted(key)} 重复出现`);
    } else {
      seen.add(key);
    }
  });
  if (path === 'x-order') {
    const missing = [...keys].filter((key) => !seen.has(key));
    if (missing.length > 0) {
      report.add(path, code, `字段顺序缺少：${missing.map(quoted).join('、')}`);
    }
  }
}

/**
 * Checks a business form schema against the subset (see services/catalog/README.md, "Business
 * form"). On success `form` is a deep copy of the input, safe to store and to render.
 */
export function checkBusinessForm(schema: unknown): CheckBusinessFormResult {
  const report = new Report();
  if (!isObject(schema)) {
    report.add('', 'form.not_object', '业务表单必须是一个 JSON 对象');
    return { ok: false, errors: report.errors };
  }
  for (const keyword of Object.keys(schema)) {
    if (!FORM_KEYWORDS.has(keyword)) {
      report.add(keyword, 'form.unknown_keyword', `不支持的关键字：${quoted(keyword)}`);
    }
  }
  if (schema.type !== 'object') report.add('type', 'form.type', '表单的 type 必须是 object');
  report.title(schema.title, 'title', '表单标题');
  report.description(schema.description, 'description', MAX_FORM_DESCRIPTION_LENGTH);

  const properties = schema.properties;
  const keys = new Set<string>();
  if (!isObject(properties)) {
    report.add('properties', 'form.properties', '请用 properties 定义表单的字段');
  } else {
    const entries = Object.entries(properties);
    if (entries.length === 0) {
      report.add('properties', 'form.properties', '表单至少需要一个字段');
    } else if (entries.length > MAX_FIELDS) {
      report.add('properties', 'form.properties', `表单最多只能有${MAX_FIELDS}个字段`);
    }
    for (const [key] of entries) keys.add(key);
    for (const [key, field] of entries.slice(0, MAX_FIELDS)) {
      const path = `properties.${key}`;
      if (!FIELD_KEY_PATTERN.test(key)) {
        report.add(
          path,
          'form.key',
          `字段名 ${quoted(key)} 不正确：须以英文字母开头，只含英文字母、数字和下划线，最长40个字符`,
        );
      }
      checkField(report, path, field);
    }
  }
  checkKeyList(report, 'required', schema.required, keys);
  checkKeyList(report, 'x-order', schema['x-order'], keys);

  if (report.errors.length > 0) return { ok: false, errors: report.errors };
  const complaint = jsonSchemaComplaint(schema);
  if (complaint !== undefined) {
    // Not expected: the subset rules above only let valid JSON Schema through.
    report.add('', 'form.json_schema', `不是有效的 JSON Schema：${complaint.slice(0, 200)}`);
    return { ok: false, errors: report.errors };
  }
  return { ok: true, form: structuredClone(schema) as BusinessForm };
}
