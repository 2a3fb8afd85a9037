/** Business forms (业务表单) of the seeded items, in the @hall/platform/forms format. */
import type { BusinessForm } from '../../../domain/forms';

type Field = BusinessForm['properties'][string];

const f = {
  text: (title: string, maxLength = 60, description?: string): Field => ({
    type: 'string',
    'x-widget': 'text',
    title,
    maxLength,
    ...(description ? { description } : {}),
  }),
  textarea: (title: string, maxLength = 500, description?: string): Field => ({
    type: 'string',
    'x-widget': 'textarea',
    title,
    maxLength,
    ...(description ? { description } : {}),
  }),
  date: (title: string, description?: string): Field => ({
    type: 'string',
    format: 'date',
    'x-widget': 'date',
    title,
    ...(description ? { description } : {}),
  }),
  select: (title: string, options: Array<[string, string]>, description?: string): Field => ({
    type: 'string',
    'x-widget': 'select',
    title,
    enum: options.map(([value]) => value),
    'x-enumNames': options.map(([, label]) => label),
    ...(description ? { description } : {}),
  }),
  radio: (title: string, options: Array<[string, string]>): Field => ({
    type: 'string',
    'x-widget': 'radio',
    title,
    enum: options.map(([value]) => value),
    'x-enumNames': options.map(([, label]) => label),
  }),
  checkbox: (title: string, description?: string): Field => ({
    type: 'boolean',
    'x-widget': 'checkbox',
    title,
    ...(description ? { description } : {}),
  }),
  integer: (title: string, minimum: number, maximum: number, description?: string): Field => ({
    type: 'integer',
    'x-widget': 'number',
    title,
    minimum,
    maximum,
    ...(description ? { description } : {}),
  }),
  number: (title: string, minimum: number, maximum: number, description?: string): Field => ({
    type: 'number',
    'x-widget': 'number',
    title,
    minimum,
    maximum,
    ...(description ? { description } : {}),
  }),
  idNumber: (title = '身份证号码'): Field => ({ type: 'string', 'x-widget': 'id-number', title }),
  phone: (title = '联系电话（手机）'): Field => ({ type: 'string', 'x-widget': 'phone', title }),
  region: (title: string): Field => ({ type: 'string', 'x-widget': 'region', title }),
  creditCode: (): Field => ({
    type: 'string',
    'x-widget': 'text',
    title: '统一社会信用代码',
    minLength: 18,
    maxLength: 18,
    pattern: '^[0-9A-HJ-NP-RTUW-Y]{18}$',
    description: '18位，见营业执照',
  }),
};

/** A form from its fields in display order; `true` marks a required field. */
function form(
  title: string,
  fields: Array<[key: string, field: Field, required?: boolean]>,
  description?: string,
): BusinessForm {
  return {
    type: 'object',
    title,
    ...(description ? { description } : {}),
    required: fields.filter(([, , required]) => required).map(([key]) => key),
    properties: Object.fromEntries(fields.map(([key, field]) => [key, field])),
    'x-order': fields.map(([key]) => key),
  };
}

const SUBJECTS: Array<[string, string]> = [
  ['chinese', '语文'],
  ['math', '数学'],
  ['english', '英语'],
  ['physics', '物理'],
  ['chemistry', '化学'],
  ['biology', '生物'],
  ['politics', '思想政治'],
  ['history', '历史'],
  ['geography', '地理'],
  ['it', '信息技术'],
  ['music', '音乐'],
  ['pe', '体育与健康'],
  ['art', '美术'],
  ['mental', '心理健康教育'],
];

const MANDARIN: Array<[string, string]> = [
  ['1a', '一级甲等'],
  ['1b', '一级乙等'],
  ['2a', '二级甲等'],
  ['2b', '二级乙等'],
];

const EDUCATION: Array<[string, string]> = [
  ['doctor', '博士研究生'],
  ['master', '硕士研究生'],
  ['bachelor', '大学本科'],
  ['college', '大学专科'],
  ['secondary', '中等专业学校'],
];

/** 教师资格认定申请表; `levels` are the 资格种类 the office grants. */
export function teacherQualificationForm(levels: Array<[string, string]>): BusinessForm {
  return form(
    '教师资格认定申请表',
    [
      ['level', f.select('申请资格种类', levels), true],
      ['subject', f.select('任教学科', SUBJECTS, '与考试合格证明上的学科一致'), true],
      ['school', f.text('毕业学校', 60, '填写毕业证书上的学校全称'), true],
      ['graduated', f.date('毕业时间'), true],
      ['education', f.select('最高学历', EDUCATION), true],
      ['major', f.text('所学专业', 40), true],
      ['examCertificate', f.text('中小学教师资格考试合格证明编号', 30), true],
      ['mandarin', f.select('普通话水平测试等级', MANDARIN), true],
      ['employer', f.text('现工作单位', 60, '无工作单位的可不填')],
      ['idNumber', f.idNumber(), true],
      ['phone', f.phone(), true],
      ['region', f.region('户籍或居住证所在区县'), true],
    ],
    '请如实填写，所填信息将与学历、考试和普通话测试数据库核对。',
  );
}

export const SECONDARY_TEACHER_LEVELS: Array<[string, string]> = [
  ['senior', '高级中学教师资格'],
  ['vocational', '中等职业学校教师资格'],
  ['vocational_practice', '中等职业学校实习指导教师资格'],
];

export const BASIC_TEACHER_LEVELS: Array<[string, string]> = [
  ['kindergarten', '幼儿园教师资格'],
  ['primary', '小学教师资格'],
  ['junior', '初级中学教师资格'],
];

export const passengerTransportForm = form('道路旅客运输经营申请表', [
  ['company', f.text('申请人名称', 60), true],
  ['creditCode', f.creditCode(), true],
  [
    'scope',
    f.select('申请经营范围', [
      ['scheduled', '班车客运'],
      ['charter', '包车客运'],
      ['tourism', '旅游客运'],
    ]),
    true,
  ],
  [
    'lineClass',
    f.radio('班线类别', [
      ['class1', '一类客运班线（跨省）'],
      ['class2', '二类客运班线（跨区县）'],
      ['class3', '三类客运班线（区县内）'],
    ]),
  ],
  ['vehicles', f.integer('拟投入客车数量（辆）', 1, 500), true],
  ['seats', f.integer('拟投入客车座位数合计', 1, 30000), true],
  ['safetyManager', f.text('安全生产管理人员姓名', 20), true],
  ['contact', f.text('联系人', 20), true],
  ['phone', f.phone(), true],
  ['address', f.textarea('经营场所地址', 200), true],
]);

export const freightTransportForm = form('道路货物运输经营申请表', [
  ['company', f.text('申请人名称', 60), true],
  ['creditCode', f.creditCode(), true],
  [
    'scope',
    f.select('申请经营范围', [
      ['general', '道路普通货物运输'],
      ['special', '货物专用运输'],
      ['heavy', '大型物件运输'],
    ]),
    true,
  ],
  ['vehicles', f.integer('拟投入车辆数（辆）', 1, 1000), true],
  ['tonnage', f.number('核定载质量合计（吨）', 0.5, 100000), true],
  ['drivers', f.integer('持从业资格证驾驶人员数', 1, 5000), true],
  ['contact', f.text('联系人', 20), true],
  ['phone', f.phone(), true],
  ['address', f.textarea('经营场所地址', 200), true],
]);

export const privateSchoolForm = form('民办学校设立申请表', [
  ['schoolName', f.text('拟设学校名称', 60), true],
  [
    'schoolType',
    f.select('办学层次', [
      ['preschool', '学前教育'],
      ['senior', '普通高中教育'],
      ['vocational', '中等职业学历教育'],
      ['higher', '高等学历教育'],
      ['culture', '文化教育类培训'],
    ]),
    true,
  ],
  ['sponsor', f.text('举办者名称或姓名', 60), true],
  [
    'nonProfit',
    f.radio('学校性质', [
      ['nonprofit', '非营利性'],
      ['profit', '营利性'],
    ]),
    true,
  ],
  ['funds', f.number('开办资金（万元）', 1, 1000000), true],
  ['capacity', f.integer('拟招生规模（人）', 1, 50000), true],
  ['area', f.number('校舍建筑面积（平方米）', 1, 10000000), true],
  ['principal', f.text('拟任校长（园长）姓名', 20), true],
  ['address', f.textarea('办学地址', 200), true],
  ['phone', f.phone('联系人手机'), true],
]);

export const foodBusinessForm = form('食品经营许可申请书', [
  ['operator', f.text('经营者名称', 60), true],
  ['creditCode', f.creditCode(), true],
  ['legalName', f.text('法定代表人（负责人）', 20), true],
  ['legalId', f.idNumber('法定代表人身份证号码'), true],
  [
    'subject',
    f.select('主体业态', [
      ['retail', '食品销售经营者'],
      ['catering', '餐饮服务经营者'],
      ['canteen', '单位食堂'],
    ]),
    true,
  ],
  ['bulkFood', f.checkbox('经营散装食品')],
  ['specialFood', f.checkbox('经营特殊食品（保健食品、婴幼儿配方乳粉等）')],
  ['coldFood', f.checkbox('制售冷食类、生食类食品')],
  ['area', f.number('经营场所面积（平方米）', 1, 1000000), true],
  ['address', f.textarea('经营场所地址', 200), true],
  ['phone', f.phone(), true],
]);

export const medicalInstitutionForm = form('医疗机构执业登记申请书', [
  ['institution', f.text('医疗机构名称', 60), true],
  [
    'category',
    f.select('医疗机构类别', [
      ['general', '综合医院'],
      ['specialist', '专科医院'],
      ['tcm', '中医医院'],
      ['outpatient', '门诊部'],
      ['clinic', '诊所'],
      ['community', '社区卫生服务中心'],
    ]),
    true,
  ],
  [
    'ownership',
    f.radio('经营性质', [
      ['nonprofit', '非营利性'],
      ['profit', '营利性'],
    ]),
    true,
  ],
  ['beds', f.integer('核定床位（张）', 0, 5000), true],
  ['departments', f.textarea('诊疗科目', 500, '按《医疗机构诊疗科目名录》填写'), true],
  ['principal', f.text('主要负责人', 20), true],
  ['address', f.textarea('执业地址', 200), true],
  ['phone', f.phone(), true],
]);

export const housingFundWithdrawalForm = form('住房公积金提取申请表', [
  [
    'reason',
    f.select('提取原因', [
      ['purchase', '购买自住住房'],
      ['repay', '偿还自住住房贷款本息'],
      ['rent', '租赁自住住房'],
      ['retire', '离休、退休'],
      ['leave', '与单位终止劳动关系且未再就业'],
    ]),
    true,
  ],
  ['amount', f.number('申请提取金额（元）', 1, 10000000), true],
  ['bankCard', f.text('收款银行卡号', 19, '本人名下借记卡'), true],
  ['idNumber', f.idNumber(), true],
  ['phone', f.phone(), true],
]);

export const householdMigrationForm = form('户口迁移申请表', [
  [
    'migrationType',
    f.select('迁移类型', [
      ['relative', '投靠亲属'],
      ['house', '合法稳定住所（购房）'],
      ['work', '合法稳定就业'],
      ['study', '大中专院校录取'],
      ['return', '退伍、刑满释放等恢复户口'],
    ]),
    true,
  ],
  ['fromAddress', f.textarea('迁出地户籍地址', 200), true],
  ['toRegion', f.region('迁入区县'), true],
  ['toAddress', f.textarea('迁入地详细地址', 200), true],
  ['relation', f.text('与户主关系', 20), true],
  ['persons', f.integer('随迁人数', 0, 20)],
  ['idNumber', f.idNumber(), true],
  ['phone', f.phone(), true],
]);

export const subsistenceAllowanceForm = form('最低生活保障申请书', [
  ['familySize', f.integer('共同生活家庭成员人数', 1, 20), true],
  ['monthlyIncome', f.number('家庭月人均收入（元）', 0, 100000), true],
  ['hasDisabled', f.checkbox('家庭成员中有重度残疾人或重病患者')],
  ['reason', f.textarea('申请理由', 500, '简述家庭困难情况'), true],
  ['region', f.region('户籍所在区县'), true],
  ['community', f.text('户籍所在镇街、村（社区）', 60), true],
  ['idNumber', f.idNumber('申请人身份证号码'), true],
  ['phone', f.phone(), true],
]);

export const socialOrganizationForm = form('社会团体成立登记申请表', [
  ['orgName', f.text('社会团体名称', 60), true],
  [
    'orgType',
    f.select('社会团体类型', [
      ['academic', '学术性'],
      ['industry', '行业性'],
      ['professional', '专业性'],
      ['joint', '联合性'],
    ]),
    true,
  ],
  ['supervisor', f.text('业务主管单位', 60, '直接登记的行业协会商会等可不填')],
  ['unitMembers', f.integer('单位会员数', 0, 100000)],
  ['personMembers', f.integer('个人会员数', 0, 1000000)],
  ['funds', f.number('活动资金（万元）', 3, 100000), true],
  ['representative', f.text('拟任法定代表人', 20), true],
  ['address', f.textarea('住所', 200), true],
  ['phone', f.phone(), true],
]);

export const constructionPermitForm = form('建筑工程施工许可申请表', [
  ['project', f.text('工程名称', 60), true],
  ['builder', f.text('建设单位', 60), true],
  ['contractor', f.text('施工总承包单位', 60), true],
  ['supervisorUnit', f.text('监理单位', 60)],
  ['area', f.number('建筑面积（平方米）', 1, 10000000), true],
  ['cost', f.number('合同价格（万元）', 1, 100000000), true],
  ['startDate', f.date('计划开工日期'), true],
  ['endDate', f.date('计划竣工日期'), true],
  ['address', f.textarea('建设地址', 200), true],
  ['phone', f.phone('项目负责人手机'), true],
]);
