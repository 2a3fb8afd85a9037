/**
 * The business-form designer's model, shared by the page (live preview with JavaScript) and its
 * server (the same edits without): one field's form ↔ its schema, and the edits of a form
 * (add or replace a field, move, remove, title). Whether the result is a valid form is decided
 * by `checkBusinessForm` of @hall/platform/forms, on both sides, and by catalog when saving.
 */
import { checkBusinessForm, type BusinessForm, type FormSchemaError } from '@hall/platform/forms';

type Json = Record<string, unknown>;

/** The add/edit-field form, as typed. */
export interface FieldFormValues {
  /** The key of the field being edited; '' when adding. */
  originalKey: string;
  key: string;
  fieldTitle: string;
  widget: string;
  required: boolean;
  fieldDescription: string;
  /** select / radio: one option a line, `值=名称`. */
  options: string;
  /** number */
  minimum: string;
  maximum: string;
  decimal: boolean;
  /** text / textarea */
  minLength: string;
  maxLength: string;
  /** text */
  pattern: string;
  /** The form's title, asked with its first field. */
  formTitle: string;
}

export const emptyFieldForm = (): FieldFormValues => ({
  originalKey: '',
  key: '',
  fieldTitle: '',
  widget: 'text',
  required: false,
  fieldDescription: '',
  options: '',
  minimum: '',
  maximum: '',
  decimal: false,
  minLength: '',
  maxLength: '',
  pattern: '',
  formTitle: '',
});

export const fieldFormLabels = {
  formTitle: '表单标题',
  key: '字段名（key）',
  fieldTitle: '标题',
  widget: '控件类型',
  required: '必填',
  fieldDescription: '帮助说明',
  options: '选项',
  minimum: '最小值',
  maximum: '最大值',
  minLength: '最少字数',
  maxLength: '最多字数',
  pattern: '格式（正则表达式）',
} as const satisfies Record<string, string>;

export const FIELD_FORM_FIELDS = Object.keys(fieldFormLabels);

const text = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
};

export function readFieldForm(data: FormData): FieldFormValues {
  return {
    originalKey: text(data, 'originalKey'),
    key: text(data, 'key').trim(),
    fieldTitle: text(data, 'fieldTitle'),
    widget: text(data, 'widget') || 'text',
    required: text(data, 'required') === 'true',
    fieldDescription: text(data, 'fieldDescription'),
    options: text(data, 'options'),
    minimum: text(data, 'minimum'),
    maximum: text(data, 'maximum'),
    decimal: text(data, 'decimal') === 'true',
    minLength: text(data, 'minLength'),
    maxLength: text(data, 'maxLength'),
    pattern: text(data, 'pattern'),
    formTitle: text(data, 'formTitle'),
  };
}

/** `a=甲` lines → values and names; a line without `=` is both. Blank lines are skipped. */
export function parseOptions(lines: string): { values: string[]; names: string[] } {
  const values: string[] = [];
  const names: string[] = [];
  for (const line of lines.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const at = line.search(/[=＝]/);
    const value = (at < 0 ? line : line.slice(0, at)).trim();
    const name = (at < 0 ? line : line.slice(at + 1)).trim();
    values.push(value);
    names.push(name);
  }
  return { values, names };
}

export const optionsText = (field: Json): string => {
  const values = Array.isArray(field.enum) ? (field.enum as unknown[]) : [];
  const names = Array.isArray(field['x-enumNames']) ? (field['x-enumNames'] as unknown[]) : [];
  return values.map((v, i) => `${String(v)}=${String(names[i] ?? v)}`).join('\n');
};

/** A number as typed: the number, nothing when blank, else the text (the checker says why). */
function bound(typed: string): number | string | undefined {
  const t = typed.normalize('NFKC').trim();
  if (t === '') return undefined;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : t;
}

/** The schema of the field described by the form (only the keywords its widget takes). */
export function fieldSchema(values: FieldFormValues): Json {
  const widget = values.widget;
  const field: Json = { title: values.fieldTitle.trim(), 'x-widget': widget };
  const description = values.fieldDescription.trim();
  if (description) field.description = description;
  const set = (name: string, value: unknown) => {
    if (value !== undefined) field[name] = value;
  };
  switch (widget) {
    case 'text':
    case 'textarea':
      field.type = 'string';
      set('minLength', bound(values.minLength));
      set('maxLength', bound(values.maxLength));
      if (widget === 'text' && values.pattern.trim()) field.pattern = values.pattern.trim();
      break;
    case 'date':
      field.type = 'string';
      field.format = 'date';
      break;
    case 'select':
    case 'radio': {
      const { values: enumValues, names } = parseOptions(values.options);
      field.type = 'string';
      field.enum = enumValues;
      field['x-enumNames'] = names;
      break;
    }
    case 'checkbox':
      field.type = 'boolean';
      break;
    case 'number':
      field.type = values.decimal ? 'number' : 'integer';
      set('minimum', bound(values.minimum));
      set('maximum', bound(values.maximum));
      break;
    default:
      field.type = 'string';
  }
  return field;
}

/** The add/edit form of an existing field. */
export function fieldFormValues(form: BusinessForm, key: string): FieldFormValues | null {
  const field = form.properties[key] as Json | undefined;
  if (!field) return null;
  const num = (v: unknown) => (typeof v === 'number' ? String(v) : '');
  return {
    originalKey: key,
    key,
    fieldTitle: typeof field.title === 'string' ? field.title : '',
    widget: typeof field['x-widget'] === 'string' ? field['x-widget'] : 'text',
    required: (form.required ?? []).includes(key),
    fieldDescription: typeof field.description === 'string' ? field.description : '',
    options: optionsText(field),
    minimum: num(field.minimum),
    maximum: num(field.maximum),
    decimal: field.type === 'number',
    minLength: num(field.minLength),
    maxLength: num(field.maxLength),
    pattern: typeof field.pattern === 'string' ? field.pattern : '',
    formTitle: form.title,
  };
}

export interface Candidate {
  /** The whole schema after the edit (valid or not: `checkBusinessForm` decides). */
  schema: Json;
  /** Mistakes the schema cannot show (a key used twice collapses into one property). */
  errors: Record<string, string>;
}

const keysOf = (form: Json | null): string[] =>
  form ? Object.keys((form.properties as Json | undefined) ?? {}) : [];

function orderOf(form: Json | null): string[] {
  if (!form) return [];
  const order = Array.isArray(form['x-order']) ? (form['x-order'] as string[]) : [];
  const keys = keysOf(form);
  return [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k))];
}

/**
 * The form with the field of `values` added (at the end) or put in place of the one it edits
 * (a renamed key keeps its place and its 必填). A new form gets `values.formTitle`.
 */
export function applyField(form: Json | null, values: FieldFormValues): Candidate {
  const errors: Record<string, string> = {};
  const key = values.key;
  const editing = values.originalKey;
  const order = orderOf(form);
  if (!key) errors.key = '请填写字段名';
  else if (key !== editing && order.includes(key)) errors.key = `字段名“${key}”已被其他字段使用`;
  if (editing && !order.includes(editing)) errors.key = '要修改的字段已不存在，请刷新页面';

  const properties: Json = {};
  const nextOrder: string[] = [];
  for (const k of order) {
    if (k === editing) {
      properties[key] = fieldSchema(values);
      nextOrder.push(key);
    } else {
      properties[k] = (form!.properties as Json)[k];
      nextOrder.push(k);
    }
  }
  if (!editing) {
    properties[key] = fieldSchema(values);
    nextOrder.push(key);
  }
  const required = (Array.isArray(form?.required) ? (form!.required as string[]) : []).filter(
    (k) => k !== editing && k !== key,
  );
  if (values.required) required.push(key);
  const schema: Json = {
    type: 'object',
    title: form ? form.title : values.formTitle.trim(),
    ...(form && typeof form.description === 'string' ? { description: form.description } : {}),
    ...(required.length ? { required: nextOrder.filter((k) => required.includes(k)) } : {}),
    properties,
    'x-order': nextOrder,
  };
  return { schema, errors };
}

/** The form with `key` moved one place; null when it has no such field. */
export function moveField(form: BusinessForm, key: string, up: boolean): BusinessForm | null {
  const order = orderOf(form);
  const from = order.indexOf(key);
  if (from < 0) return null;
  const to = Math.max(0, Math.min(order.length - 1, from + (up ? -1 : 1)));
  order.splice(from, 1);
  order.splice(to, 0, key);
  return { ...form, 'x-order': order };
}

/** The form without `key`; null when that was its last field (a form needs one). */
export function removeField(form: BusinessForm, key: string): BusinessForm | null {
  const properties = { ...form.properties };
  delete properties[key];
  if (Object.keys(properties).length === 0) return null;
  const required = (form.required ?? []).filter((k) => k !== key);
  const next: BusinessForm = {
    ...form,
    properties,
    'x-order': orderOf(form).filter((k) => k !== key),
  };
  if (required.length) next.required = required;
  else delete next.required;
  return next;
}

/**
 * A checker path (`properties.age.minimum`, as catalog reports it: `form/properties.age.minimum`)
 * → the designer input it belongs to, for the field being edited (`key`); null for others.
 */
export function designerFieldOf(path: string, key: string): string | null {
  const p = path.replace(/^\/?form\/?/, '');
  if (p === 'title') return 'formTitle';
  if (p === 'required' || p.startsWith('required.')) return 'required';
  const prefix = `properties.${key}`;
  if (p === prefix) return 'key';
  if (!p.startsWith(`${prefix}.`)) return null;
  const rest = p.slice(prefix.length + 1);
  const keyword = rest.startsWith('x-enumNames') ? 'x-enumNames' : rest.split('.')[0]!;
  const map: Record<string, string> = {
    title: 'fieldTitle',
    description: 'fieldDescription',
    'x-widget': 'widget',
    type: 'widget',
    format: 'widget',
    enum: 'options',
    'x-enumNames': 'options',
    minimum: 'minimum',
    maximum: 'maximum',
    minLength: 'minLength',
    maxLength: 'maxLength',
    pattern: 'pattern',
  };
  return map[keyword] ?? 'key';
}

/** What the checker found, as designer field errors (first per input) and the rest. */
export function designerErrors(
  errors: readonly FormSchemaError[] | ReadonlyArray<{ field: string; message: string }>,
  key: string,
): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const e of errors) {
    const input = designerFieldOf(e.field, key);
    if (input) fields[input] ??= e.message;
    else other.push(e.field ? `${e.field}：${e.message}` : e.message);
  }
  return { fields, other };
}

/** The candidate checked: the valid form, or the errors as the designer shows them. */
export function checkCandidate(
  candidate: Candidate,
  key: string,
):
  | { ok: true; form: BusinessForm }
  | { ok: false; fields: Record<string, string>; other: string[] } {
  const result = checkBusinessForm(candidate.schema);
  if (result.ok && Object.keys(candidate.errors).length === 0)
    return { ok: true, form: result.form };
  const found = result.ok ? { fields: {}, other: [] } : designerErrors(result.errors, key);
  return { ok: false, fields: { ...found.fields, ...candidate.errors }, other: found.other };
}
