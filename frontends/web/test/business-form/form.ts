/** The business form the web tests render and submit: every widget, some required. */
import { checkBusinessForm, type BusinessForm } from '@hall/platform/forms';

export const TEACHER_FORM_SCHEMA = {
  type: 'object',
  title: '教师资格认定申请表',
  required: ['school', 'graduated', 'level', 'mandarin', 'idNumber', 'phone', 'region', 'promise'],
  properties: {
    school: {
      type: 'string',
      title: '毕业学校',
      maxLength: 60,
      'x-widget': 'text',
      description: '填写毕业证上的学校全称',
    },
    resume: { type: 'string', title: '个人简历', maxLength: 500, 'x-widget': 'textarea' },
    graduated: { type: 'string', format: 'date', title: '毕业时间', 'x-widget': 'date' },
    level: {
      type: 'string',
      title: '申请资格种类',
      enum: ['kindergarten', 'primary', 'middle'],
      'x-enumNames': ['幼儿园', '小学', '初级中学'],
      'x-widget': 'select',
    },
    mandarin: {
      type: 'string',
      title: '普通话水平',
      enum: ['1A', '2A', '2B'],
      'x-enumNames': ['一级甲等', '二级甲等', '二级乙等'],
      'x-widget': 'radio',
    },
    years: { type: 'integer', title: '教龄（年）', minimum: 0, maximum: 60, 'x-widget': 'number' },
    score: { type: 'number', title: '笔试成绩', 'x-widget': 'number' },
    idNumber: { type: 'string', title: '身份证号', 'x-widget': 'id-number' },
    phone: { type: 'string', title: '联系电话', 'x-widget': 'phone' },
    region: { type: 'string', title: '户籍所在区县', 'x-widget': 'region' },
    promise: { type: 'boolean', title: '本人承诺所填信息真实有效', 'x-widget': 'checkbox' },
  },
  'x-order': [
    'school',
    'resume',
    'graduated',
    'level',
    'mandarin',
    'years',
    'score',
    'idNumber',
    'phone',
    'region',
    'promise',
  ],
};

export function teacherForm(): BusinessForm {
  const result = checkBusinessForm(structuredClone(TEACHER_FORM_SCHEMA));
  if (!result.ok) throw new Error(`the test form is invalid: ${JSON.stringify(result.errors)}`);
  return result.form;
}

/** A valid 居民身份证号码 (check character computed by hand per GB 11643). */
export const VALID_ID = '500103199001011232';
