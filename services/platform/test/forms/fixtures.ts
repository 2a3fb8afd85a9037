/** A business form with every widget, shared by the forms tests. */
export function everyWidgetForm() {
  return {
    type: 'object',
    title: '教师资格认定申请表',
    description: '请如实填写，带 * 的为必填项。',
    required: ['school', 'graduated', 'level', 'idNumber', 'phone', 'region', 'promise'],
    properties: {
      school: {
        type: 'string',
        title: '毕业学校',
        maxLength: 60,
        minLength: 2,
        'x-widget': 'text',
        description: '填写毕业证上的学校全称',
      },
      certificateNo: {
        type: 'string',
        title: '毕业证书编号',
        pattern: '^[0-9]{10,20}$',
        'x-widget': 'text',
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
      years: {
        type: 'integer',
        title: '教龄（年）',
        minimum: 0,
        maximum: 60,
        'x-widget': 'number',
      },
      score: { type: 'number', title: '笔试成绩', minimum: 0, maximum: 150, 'x-widget': 'number' },
      idNumber: { type: 'string', title: '身份证号', 'x-widget': 'id-number' },
      phone: { type: 'string', title: '联系电话', 'x-widget': 'phone' },
      region: { type: 'string', title: '户籍所在区县', 'x-widget': 'region' },
      promise: { type: 'boolean', title: '本人承诺所填信息真实有效', 'x-widget': 'checkbox' },
    },
    'x-order': [
      'school',
      'certificateNo',
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
}

/** A valid 居民身份证号码 (check digit computed independently) and another one. */
export const VALID_ID = '500103199001011232';
export const VALID_ID_WITH_X = '11010519491231002X';
