/**
 * The business form (业务表单) format: a JSON Schema subset with UI hints. Each field names its
 * control with `x-widget`; `title` is its label, `description` its help text, `x-order` the
 * order of the fields (needed because PostgreSQL jsonb does not keep key order), `x-enumNames`
 * the labels of `enum` options.
 *
 * `BusinessFormSchema` describes the shape for OpenAPI and typing; `checkBusinessForm` is what
 * decides (cross-field rules, Chinese messages with the offending path).
 */
import { Type, type Static } from 'typebox';

/** A field key: what the answers are stored under and the form input is named after. */
export const FIELD_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;
export const MAX_FIELDS = 60;
/** Form and field titles, in characters. */
export const MAX_TITLE_LENGTH = 40;
export const MAX_FIELD_DESCRIPTION_LENGTH = 200;
export const MAX_FORM_DESCRIPTION_LENGTH = 500;
export const MAX_PATTERN_LENGTH = 100;
export const MAX_OPTIONS = 100;
export const MAX_OPTION_VALUE_LENGTH = 64;
/** Longest answer a text field (its maxLength cap and default) and a textarea accept. */
export const MAX_TEXT_LENGTH = 200;
export const MAX_TEXTAREA_LENGTH = 2000;

export const WIDGETS = [
  'text',
  'textarea',
  'date',
  'select',
  'radio',
  'checkbox',
  'number',
  'id-number',
  'phone',
  'region',
] as const;
export type Widget = (typeof WIDGETS)[number];

/** The widget names in Chinese, for the designer and for messages. */
export const WIDGET_NAMES: Readonly<Record<Widget, string>> = Object.freeze({
  text: '单行文字',
  textarea: '多行文字',
  date: '日期',
  select: '下拉选择',
  radio: '单项选择',
  checkbox: '勾选框',
  number: '数字',
  'id-number': '身份证号码',
  phone: '手机号码',
  region: '区县',
});

/**
 * The TypeBox schemas are built inside functions and exported through pure calls, so a browser
 * bundle that only renders forms (REGIONS, fieldsInOrder) leaves TypeBox out.
 */
function fieldSchemas() {
  const common = {
    title: Type.String({ minLength: 1, maxLength: MAX_TITLE_LENGTH }),
    description: Type.Optional(Type.String({ maxLength: MAX_FIELD_DESCRIPTION_LENGTH })),
  };
  const closed = { additionalProperties: false } as const;
  const length = (cap: number) => Type.Optional(Type.Integer({ minimum: 0, maximum: cap }));
  const options = (maxLength: number) =>
    Type.Array(Type.String({ minLength: 1, maxLength }), {
      minItems: 1,
      maxItems: MAX_OPTIONS,
      uniqueItems: true,
    });

  const text = Type.Object(
    {
      type: Type.Literal('string'),
      'x-widget': Type.Literal('text'),
      ...common,
      minLength: length(MAX_TEXT_LENGTH),
      maxLength: length(MAX_TEXT_LENGTH),
      pattern: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_PATTERN_LENGTH })),
    },
    closed,
  );
  const textarea = Type.Object(
    {
      type: Type.Literal('string'),
      'x-widget': Type.Literal('textarea'),
      ...common,
      minLength: length(MAX_TEXTAREA_LENGTH),
      maxLength: length(MAX_TEXTAREA_LENGTH),
    },
    closed,
  );
  const date = Type.Object(
    {
      type: Type.Literal('string'),
      format: Type.Literal('date'),
      'x-widget': Type.Literal('date'),
      ...common,
    },
    closed,
  );
  const choice = Type.Object(
    {
      type: Type.Literal('string'),
      'x-widget': Type.Union([Type.Literal('select'), Type.Literal('radio')]),
      ...common,
      enum: options(MAX_OPTION_VALUE_LENGTH),
      'x-enumNames': options(MAX_TITLE_LENGTH),
    },
    closed,
  );
  const checkbox = Type.Object(
    { type: Type.Literal('boolean'), 'x-widget': Type.Literal('checkbox'), ...common },
    closed,
  );
  const number = Type.Object(
    {
      type: Type.Union([Type.Literal('number'), Type.Literal('integer')]),
      'x-widget': Type.Literal('number'),
      ...common,
      minimum: Type.Optional(Type.Number()),
      maximum: Type.Optional(Type.Number()),
    },
    closed,
  );
  // ID number (GB 11643), mobile phone and 重庆 district/county: strings checked by their widget.
  const checkedText = Type.Object(
    {
      type: Type.Literal('string'),
      'x-widget': Type.Union([
        Type.Literal('id-number'),
        Type.Literal('phone'),
        Type.Literal('region'),
      ]),
      ...common,
    },
    closed,
  );
  return { text, textarea, date, choice, checkbox, number, checkedText };
}

function formFieldSchema() {
  const s = fieldSchemas();
  return Type.Union([s.text, s.textarea, s.date, s.choice, s.checkbox, s.number, s.checkedText]);
}

function businessFormSchema() {
  const key = Type.String({ pattern: FIELD_KEY_PATTERN.source });
  return Type.Object(
    {
      type: Type.Literal('object'),
      title: Type.String({ minLength: 1, maxLength: MAX_TITLE_LENGTH }),
      description: Type.Optional(Type.String({ maxLength: MAX_FORM_DESCRIPTION_LENGTH })),
      required: Type.Optional(Type.Array(key, { uniqueItems: true, maxItems: MAX_FIELDS })),
      properties: Type.Record(key, formFieldSchema(), {
        additionalProperties: false,
        minProperties: 1,
        maxProperties: MAX_FIELDS,
      }),
      'x-order': Type.Array(key, { uniqueItems: true, minItems: 1, maxItems: MAX_FIELDS }),
    },
    { additionalProperties: false, title: '业务表单' },
  );
}

/** One field of a business form (a union over the widgets). */
export const FormFieldSchema = /* @__PURE__ */ formFieldSchema();
/** A business form; for OpenAPI and typing: `checkBusinessForm` gives the messages people see. */
export const BusinessFormSchema = /* @__PURE__ */ businessFormSchema();

type FieldSchemas = ReturnType<typeof fieldSchemas>;
export type BusinessForm = Static<typeof BusinessFormSchema>;
export type FormField = Static<typeof FormFieldSchema>;
export type TextField = Static<FieldSchemas['text']>;
export type TextareaField = Static<FieldSchemas['textarea']>;
export type DateField = Static<FieldSchemas['date']>;
/** A select or radio field. */
export type ChoiceField = Static<FieldSchemas['choice']>;
export type CheckboxField = Static<FieldSchemas['checkbox']>;
export type NumberField = Static<FieldSchemas['number']>;
/** An id-number, phone or region field. */
export type CheckedTextField = Static<FieldSchemas['checkedText']>;

/** One answer: text, date (YYYY-MM-DD), option value, region code → string; number; checkbox. */
export type FormValue = string | number | boolean;
/** Valid answers keyed by field key; optional fields left empty are absent. */
export type FormValues = Record<string, FormValue>;
