import { fieldErrorsFromValidation, type FieldError } from '@hall/platform';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Type, type Static } from 'typebox';
import { checkForm, type BusinessForm } from './forms';
import { powerTypeCodes } from './power-types';

// ItemDefinition: the JSON of one version of a service item (the national elements of a 事项, its
// materials list and its business form). The TypeBox schema checks shape and ranges; the rules
// between fields (承诺件 needs a promised time limit, …) are checked by `checkDefinition`, and the
// rules that need the database (department, parent, unique code) by the items domain.

const Text = (maxLength: number, description: string) => Type.String({ maxLength, description });

export const TimeLimitSchema = Type.Object(
  {
    value: Type.Integer({ minimum: 1, maximum: 3650, description: '时限数值' }),
    unit: Type.Enum(['workday', 'day'], { description: '工作日 / 自然日' }),
  },
  { additionalProperties: false },
);
export type TimeLimit = Static<typeof TimeLimitSchema>;

const Code = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z-]+$', description });

const Uuid = Type.String({ format: 'uuid' });

export const fileTypePattern = '^[a-z0-9]{1,10}$';

export const MaterialSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: '材料标识，在事项的各版本间保持不变' }),
    name: Type.String({ minLength: 1, maxLength: 100, description: '材料名称' }),
    media: Type.Array(Type.Enum(['electronic', 'paper']), {
      minItems: 1,
      uniqueItems: true,
      description: '材料形式：电子 / 纸质',
    }),
    necessity: Type.Enum(['required', 'deferrable', 'optional'], {
      description: '必要 / 容缺后补 / 非必要',
    }),
    collection: Type.Enum(['upload', 'window'], { description: '本地上传 / 窗口提交' }),
    fileTypes: Type.Array(Type.String({ pattern: fileTypePattern }), {
      maxItems: 20,
      uniqueItems: true,
      description: '允许的文件类型（小写扩展名），仅本地上传',
    }),
    maxSizeMb: Type.Integer({ minimum: 1, maximum: 50, description: '单个文件大小上限（MB）' }),
    copies: Type.Integer({ minimum: 0, maximum: 99, description: '份数（纸质）' }),
    blankFormId: Type.Union([Uuid, Type.Null()], { description: '空白表格附件' }),
    sampleId: Type.Union([Uuid, Type.Null()], { description: '示例样表附件' }),
    notes: Text(1000, '备注 / 填报须知'),
  },
  { additionalProperties: false },
);
export type Material = Static<typeof MaterialSchema>;

export const ItemDefinitionSchema = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 100, description: '事项名称' }),
    basicCode: Code('基本编码'),
    implCode: Code('实施编码'),
    powerType: Type.Enum(powerTypeCodes, { description: '事项类型（国家编码）' }),
    departmentId: Type.String({ format: 'uuid', description: '实施主体' }),
    parentId: Type.Union([Uuid, Type.Null()], { description: '父事项' }),
    level: Type.Enum(['municipal', 'district', 'township'], {
      description: '行使层级：市级 / 区县级 / 乡镇（街道）级',
    }),
    handlingType: Type.Enum(['immediate', 'promised'], {
      description: '办件类型：即办件 / 承诺件',
    }),
    legalTimeLimit: Type.Union([TimeLimitSchema, Type.Null()], { description: '法定办结时限' }),
    promisedTimeLimit: Type.Union([TimeLimitSchema, Type.Null()], {
      description: '承诺办结时限（承诺件必填）',
    }),
    basis: Text(10000, '设定依据'),
    conditions: Text(10000, '受理条件'),
    process: Text(10000, '办理流程'),
    location: Text(500, '办理地点'),
    hours: Text(500, '办理时间'),
    consultation: Text(500, '咨询方式'),
    supervision: Text(500, '监督投诉方式'),
    fee: Type.Object(
      {
        charged: Type.Boolean({ description: '是否收费' }),
        standard: Text(2000, '收费标准'),
        basis: Text(2000, '收费依据'),
      },
      { additionalProperties: false },
    ),
    serviceObjects: Type.Array(Type.Enum(['person', 'legal']), {
      minItems: 1,
      uniqueItems: true,
      description: '服务对象：自然人（个人办事）/ 法人（单位办事）',
    }),
    visits: Type.Integer({ minimum: 0, maximum: 5, description: '到办事现场次数' }),
    online: Type.Boolean({ description: '可在线申报' }),
    onlineDepth: Type.Union([Type.Integer({ minimum: 1, maximum: 7 }), Type.Null()], {
      description: '网办深度 1–7（可在线申报时必填）',
    }),
    notice: Text(10000, '阅读须知'),
    materials: Type.Array(MaterialSchema, { maxItems: 100, description: '申请材料' }),
    form: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
      description: '业务表单（见 @hall/platform/forms）',
    }),
    sortOrder: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000000, description: '排序，小的在前' }),
    ),
  },
  { additionalProperties: false },
);

export type ItemDefinition = Omit<Static<typeof ItemDefinitionSchema>, 'form'> & {
  form: BusinessForm | null;
};

// The same validator settings as the HTTP layer (all errors, no coercion), so a definition
// checked here and one checked as a request body report the same fields and messages.
const ajv = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: false, strict: false });
addFormats(ajv);
const validateShape: ValidateFunction = ajv.compile(ItemDefinitionSchema);

/** Guide texts that must say something: a published guide without them is useless. */
const requiredTexts = {
  basis: '请填写设定依据',
  conditions: '请填写受理条件',
  process: '请填写办理流程',
  location: '请填写办理地点',
  hours: '请填写办理时间',
  consultation: '请填写咨询方式',
  supervision: '请填写监督投诉方式',
} as const;

const blank = (s: string) => s.trim().length === 0;

/**
 * Check a definition's shape and the rules between its fields. Returns every problem at once
 * (an empty list when it is valid); the database rules are checked by the items domain.
 */
export function checkDefinition(input: unknown): FieldError[] {
  if (!validateShape(input)) {
    return fieldErrorsFromValidation((validateShape.errors ?? []) as ErrorObject[] as never);
  }
  const def = input as ItemDefinition;
  const errors: FieldError[] = [];
  const add = (field: string, code: string, message: string) =>
    errors.push({ field, code, message });

  if (def.name.trim().length < 2) add('name', 'item.name', '事项名称应为2至100个字');
  for (const [field, message] of Object.entries(requiredTexts)) {
    if (blank(def[field as keyof typeof requiredTexts])) add(field, 'item.text_required', message);
  }
  if (def.handlingType === 'promised' && !def.promisedTimeLimit)
    add('promisedTimeLimit', 'item.promised_time_limit_required', '承诺件须填写承诺办结时限');
  if (
    def.legalTimeLimit &&
    def.promisedTimeLimit &&
    def.legalTimeLimit.unit === def.promisedTimeLimit.unit &&
    def.promisedTimeLimit.value > def.legalTimeLimit.value
  )
    add('promisedTimeLimit', 'item.promised_exceeds_legal', '承诺办结时限不能超过法定办结时限');
  if (def.online && def.onlineDepth === null)
    add('onlineDepth', 'item.online_depth_required', '可在线申报的事项须选择网办深度');
  if (!def.online && def.onlineDepth !== null)
    add('onlineDepth', 'item.online_depth_offline', '不可在线申报的事项不应设置网办深度');
  if (def.fee.charged) {
    if (blank(def.fee.standard)) add('fee/standard', 'item.fee_standard', '收费事项须填写收费标准');
    if (blank(def.fee.basis)) add('fee/basis', 'item.fee_basis', '收费事项须填写收费依据');
  }

  const seen = new Set<string>();
  def.materials.forEach((m, i) => {
    const at = `materials/${i}`;
    if (seen.has(m.id.toLowerCase()))
      add(`${at}/id`, 'material.duplicate_id', '材料标识重复，每项材料的标识应唯一');
    seen.add(m.id.toLowerCase());
    if (blank(m.name)) add(`${at}/name`, 'material.name', '请填写材料名称');
    if (m.collection === 'upload') {
      if (m.fileTypes.length === 0)
        add(
          `${at}/fileTypes`,
          'material.file_types_required',
          '本地上传的材料须设置允许的文件类型',
        );
      if (!m.media.includes('electronic'))
        add(`${at}/media`, 'material.upload_not_electronic', '本地上传的材料须为电子材料');
    }
    if (m.media.includes('paper') && m.copies < 1)
      add(`${at}/copies`, 'material.copies_required', '纸质材料的份数至少为1份');
  });

  if (def.form !== null) {
    const result = checkForm(def.form);
    for (const e of result) add(e.field ? `form/${e.field}` : 'form', e.code, e.message);
  }
  return errors;
}
