/**
 * Items of districts and counties (区县级): the same list for every district that gets a
 * realistic catalog (渝中区, 江北区, 沙坪坝区), each with its own hall, streets and phone numbers.
 * Items of a function the district does not have (渝中区 has no farm administration) are left out.
 */
import {
  BASIC_TEACHER_LEVELS,
  constructionPermitForm,
  foodBusinessForm,
  householdMigrationForm,
  medicalInstitutionForm,
  privateSchoolForm,
  socialOrganizationForm,
  subsistenceAllowanceForm,
  teacherQualificationForm,
} from './forms';
import { atWindow, m, upload } from './materials';
import {
  buildItems,
  defaultLocale,
  type ItemSpec,
  type SeedItem,
  type StationLocale,
} from './model';

/** Districts with a realistic seeded catalog, and where their halls are. */
export const DISTRICT_LOCALES: Readonly<Record<string, StationLocale>> = {
  yuzhong: defaultLocale('yuzhong', {
    hallName: '渝中区政务服务中心',
    hallAddress: '重庆市渝中区大坪正街160号',
    phonePrefix: '63',
    supervisor: '渝中区政务服务管理办公室',
  }),
  jiangbei: defaultLocale('jiangbei', {
    hallName: '江北区政务服务中心',
    hallAddress: '重庆市江北区建新东路3号',
    phonePrefix: '67',
    supervisor: '江北区政务服务管理办公室',
  }),
  shapingba: defaultLocale('shapingba', {
    hallName: '沙坪坝区政务服务中心',
    hallAddress: '重庆市沙坪坝区汉渝路38号',
    phonePrefix: '65',
    supervisor: '沙坪坝区政务服务管理办公室',
  }),
};

/** Where the district's police registers residence and its marriage office sits. */
const POLICE_HALLS: Readonly<Record<string, string>> = {
  yuzhong: '户籍所在地派出所户籍窗口，或渝中区公安分局户政服务大厅（渝中区中山四路36号）',
  jiangbei: '户籍所在地派出所户籍窗口，或江北区公安分局户政服务大厅（江北区洋河路9号）',
  shapingba: '户籍所在地派出所户籍窗口，或沙坪坝区公安分局户政服务大厅（沙坪坝区小龙坎新街52号）',
};
const MARRIAGE_OFFICES: Readonly<Record<string, string>> = {
  yuzhong: '渝中区婚姻登记处（渝中区人民路123号附1号）',
  jiangbei: '江北区婚姻登记处（江北区北城天街46号）',
  shapingba: '沙坪坝区婚姻登记处（沙坪坝区天星桥正街15号）',
};

const basicTeacherMaterials = [
  m.idCard(),
  m.photo(),
  upload('学历证书', { notes: '通过学信网能核验的学历免于提交' }),
  upload('体检合格证明', { notes: '在区教委指定的医院体检，半年内有效' }),
  upload('普通话水平测试等级证书', {
    notes: '二级乙等及以上；语文学科须二级甲等及以上。全国普通话水平测试信息库可查询的免于提交',
  }),
  upload('中小学教师资格考试合格证明', { notes: '在有效期内' }),
  m.deferrable('个人无犯罪记录证明', '可在网上预受理后10个工作日内到窗口补交'),
];

function specs(stationKey: string): ItemSpec[] {
  const prefix = DISTRICT_LOCALES[stationKey]?.station.name ?? '';
  return [
    {
      dept: 'education',
      no: 51,
      name: '幼儿园、小学和初级中学教师资格认定',
      powerType: '01',
      objects: ['person'],
      legal: 30,
      promised: 20,
      basis:
        '《中华人民共和国教师法》第十三条：中小学教师资格由县级以上地方人民政府教育行政部门认定。\n《教师资格条例》（国务院令第188号）第十三条：幼儿园、小学和初级中学教师资格，由申请人户籍所在地或者申请人任教学校所在地的县级人民政府教育行政部门认定。\n《〈教师资格条例〉实施办法》（教育部令第10号）。',
      conditions:
        '1. 遵守宪法和法律，热爱教育事业，具有良好的思想品德；\n2. 具备相应学历：幼儿园教师资格须幼儿师范学校毕业及以上，小学教师资格须中等师范学校毕业及以上，初级中学教师资格须高等师范专科学校或其他大学专科毕业及以上；\n3. 中小学教师资格考试合格且在有效期内；\n4. 普通话水平达到二级乙等及以上；\n5. 户籍、居住证或在读学校在本区。',
      materials: basicTeacherMaterials,
      form: teacherQualificationForm(BASIC_TEACHER_LEVELS),
      depth: 3,
      visits: 1,
      subItems: [
        { name: '幼儿园教师资格认定' },
        { name: '小学教师资格认定' },
        { name: '初级中学教师资格认定' },
      ],
    },
    {
      dept: 'education',
      no: 52,
      name: '民办学校设立（实施学前教育、义务教育）',
      powerType: '01',
      objects: ['legal', 'person'],
      legal: 90,
      promised: 45,
      basis:
        '《中华人民共和国民办教育促进法》第十二条。\n《中华人民共和国民办教育促进法实施条例》（国务院令第741号）第十九条。\n《重庆市民办教育促进条例》。',
      conditions:
        '1. 举办者为具有法人资格的社会组织或具有政治权利和完全民事行为能力的个人；\n2. 有规范的名称、章程；\n3. 校舍、场地、设施设备符合本市幼儿园（中小学）办园（办学）标准；\n4. 有合格的园长（校长）、教师、保育员和卫生保健人员。',
      materials: [
        m.application('民办学校（幼儿园）设立申请书'),
        upload('举办者资格证明文件'),
        upload('资产来源、资金数额及有效证明文件'),
        upload('园舍（校舍）产权证明或10年以上租赁合同'),
        upload('拟任园长（校长）、教师资格证明'),
        m.deferrable('卫生评价报告和消防安全检查合格证明', '正式设立前补交'),
      ],
      form: privateSchoolForm,
      depth: 3,
      visits: 1,
    },
    {
      dept: 'market',
      no: 51,
      name: '食品经营许可',
      powerType: '01',
      objects: ['legal', 'person'],
      legal: 10,
      promised: 5,
      basis:
        '《中华人民共和国食品安全法》第三十五条：国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。\n《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）。',
      conditions:
        '1. 具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，并与有毒、有害场所以及其他污染源保持规定的距离；\n2. 具有与经营的食品品种、数量相适应的经营设备或者设施；\n3. 有专职或者兼职的食品安全总监、食品安全员等食品安全管理人员和保证食品安全的规章制度；\n4. 具有合理的设备布局和工艺流程。',
      materials: [
        m.application('食品经营许可申请书'),
        m.license(),
        m.legalRepId(),
        upload('与食品经营相适应的主要设备设施布局、操作流程等文件'),
        upload(
          '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度',
        ),
        m.optional('从业人员健康证明', '可在取得许可后按规定办理'),
        m.authorization(),
      ],
      form: foodBusinessForm,
      depth: 4,
      subItems: [
        {
          name: '食品经营许可（新办）',
        },
        {
          name: '食品经营许可（变更）',
          legal: 10,
          promised: 3,
          materials: [
            m.application('食品经营许可变更申请书'),
            upload('与变更事项有关的材料'),
            m.authorization(),
          ],
        },
        {
          name: '食品经营许可（延续）',
          legal: 10,
          promised: 3,
          materials: [m.application('食品经营许可延续申请书'), upload('与延续事项有关的其他材料')],
        },
      ],
    },
    {
      dept: 'market',
      no: 52,
      name: '个体工商户登记',
      powerType: '01',
      objects: ['person'],
      handling: 'immediate',
      legal: { value: 3, unit: 'workday' },
      promised: null,
      basis:
        '《促进个体工商户发展条例》（国务院令第755号）第七条。\n《中华人民共和国市场主体登记管理条例》（国务院令第746号）第三条、第十九条。',
      conditions:
        '1. 有经营能力的自然人或家庭；\n2. 有固定的经营场所；\n3. 经营范围不属于法律、行政法规禁止的项目。',
      materials: [
        m.application('个体工商户登记（备案）申请书'),
        m.idCard('经营者'),
        upload('经营场所使用证明'),
      ],
      depth: 5,
    },
    {
      dept: 'market',
      no: 53,
      name: '对举报食品安全违法行为的奖励',
      powerType: '08',
      objects: ['person', 'legal'],
      legal: null,
      promised: 30,
      basis:
        '《中华人民共和国食品安全法》第一百一十五条：县级以上人民政府食品安全监督管理等部门应当公布本部门的电子邮件地址或者电话，接受咨询、投诉、举报……对查证属实的举报，给予举报人奖励。\n《市场监管领域重大违法行为举报奖励暂行办法》（国市监稽规〔2021〕4号）。',
      conditions:
        '1. 举报人提供的线索事先未被市场监管部门掌握；\n2. 举报情况经查证属实并结案；\n3. 举报人为实名举报。',
      materials: [m.idCard('举报人'), m.application('举报奖励申请表'), upload('本人银行账户信息')],
      depth: 4,
    },
    {
      dept: 'health',
      no: 51,
      name: '医疗机构执业登记（诊所、门诊部）',
      powerType: '01',
      objects: ['legal', 'person'],
      legal: 45,
      promised: 15,
      basis:
        '《医疗机构管理条例》（国务院令第149号）第十五条、第十六条。\n《医疗机构管理条例实施细则》。\n《国家卫生健康委关于印发诊所备案管理暂行办法的通知》（国卫医政发〔2022〕33号）。',
      conditions:
        '1. 符合医疗机构基本标准；\n2. 有适合的名称、组织机构和场所；\n3. 有与其开展的业务相适应的经费、设施、设备和专业卫生技术人员；\n4. 有相应的规章制度。',
      materials: [
        m.application('医疗机构申请执业登记注册书'),
        upload('医疗机构用房产权证明或者使用证明'),
        upload('医疗机构建筑设计平面图'),
        upload('卫生技术人员名录及执业证书'),
        upload('医疗机构规章制度'),
        m.deferrable('环境影响评价文件或备案回执', '现场审核前补交'),
      ],
      form: medicalInstitutionForm,
      depth: 3,
      visits: 1,
    },
    {
      dept: 'health',
      no: 52,
      name: '公共场所卫生许可',
      powerType: '01',
      objects: ['legal', 'person'],
      legal: 20,
      promised: 5,
      basis:
        '《公共场所卫生管理条例》（国务院令第666号修订）第八条：除公园、体育场馆、公共交通工具外的公共场所，经营单位应当及时向卫生行政部门申请办理“卫生许可证”。\n《公共场所卫生管理条例实施细则》（卫生部令第80号）。',
      conditions:
        '1. 场所布局、设施设备符合卫生标准和要求；\n2. 有健全的卫生管理制度；\n3. 从业人员持有效健康合格证明。',
      materials: [
        m.application('公共场所卫生许可申请表'),
        m.license(),
        upload('公共场所平面图和卫生设施平面布局图'),
        upload('公共场所卫生检测或者评价报告'),
        upload('公共场所卫生管理制度'),
      ],
      depth: 4,
    },
    {
      dept: 'health',
      no: 53,
      name: '生育登记',
      powerType: '20',
      objects: ['person'],
      handling: 'immediate',
      legal: null,
      promised: null,
      basis:
        '《中华人民共和国人口与计划生育法》第二十条。\n《重庆市人口与计划生育条例》。\n《重庆市生育登记服务管理办法》。',
      conditions: '夫妻双方至少一方户籍在本区，或在本区居住。',
      materials: [m.idCard('夫妻双方'), m.optional('结婚证', '已婚的提供')],
      depth: 5,
    },
    {
      dept: 'civil-affairs',
      no: 51,
      name: '最低生活保障金给付',
      powerType: '05',
      objects: ['person'],
      legal: 30,
      promised: 20,
      basis:
        '《社会救助暂行办法》（国务院令第649号）第九条：国家对共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合当地最低生活保障家庭财产状况规定的家庭，给予最低生活保障。\n《重庆市社会救助条例》。',
      conditions:
        '1. 申请人具有本区户籍；\n2. 共同生活的家庭成员人均收入低于本市城乡最低生活保障标准；\n3. 家庭财产状况符合本市规定。',
      materials: [
        m.idCard('申请人及共同生活家庭成员'),
        upload('居民户口簿'),
        m.commitment('家庭经济状况核对授权书'),
        m.optional('残疾证、疾病诊断证明等', '家庭成员有残疾或重病的提供'),
      ],
      form: subsistenceAllowanceForm,
      depth: 4,
    },
    {
      dept: 'civil-affairs',
      no: 52,
      name: '临时救助金给付',
      powerType: '05',
      objects: ['person'],
      legal: null,
      promised: 10,
      basis:
        '《社会救助暂行办法》（国务院令第649号）第四十七条：国家对因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭，或者因生活必需支出突然增加超出家庭承受能力，导致基本生活暂时出现严重困难的最低生活保障家庭，以及遭遇其他特殊困难的家庭，给予临时救助。',
      conditions: '因意外事件、突发重大疾病或生活必需支出突然增加，导致基本生活暂时出现严重困难。',
      materials: [m.idCard(), m.application('临时救助申请书'), upload('困难情况证明材料')],
      depth: 4,
    },
    {
      dept: 'civil-affairs',
      no: 53,
      name: '困难残疾人生活补贴和重度残疾人护理补贴给付',
      powerType: '05',
      objects: ['person'],
      legal: null,
      promised: 20,
      basis:
        '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）。',
      conditions:
        '1. 持有第二代中华人民共和国残疾人证；\n2. 困难残疾人生活补贴对象为最低生活保障家庭中的残疾人；\n3. 重度残疾人护理补贴对象为残疾等级为一、二级且需要长期照护的残疾人。',
      materials: [
        m.idCard(),
        upload('第二代中华人民共和国残疾人证'),
        m.application('残疾人两项补贴申请审批表'),
      ],
      depth: 4,
    },
    {
      dept: 'civil-affairs',
      no: 54,
      name: '社会团体成立登记',
      powerType: '01',
      objects: ['legal', 'person'],
      legal: 60,
      promised: 20,
      basis: '《社会团体登记管理条例》（国务院令第250号）第三条、第九条、第十条。',
      conditions:
        '1. 有50个以上的个人会员或者30个以上的单位会员；\n2. 有规范的名称和相应的组织机构；\n3. 有固定的住所；\n4. 有与其业务活动相适应的专职工作人员；\n5. 有3万元以上活动资金。',
      materials: [
        m.application('社会团体成立登记申请书'),
        upload('验资报告、场所使用权证明'),
        upload('发起人和拟任负责人的基本情况、身份证明'),
        upload('章程草案'),
      ],
      form: socialOrganizationForm,
      depth: 4,
    },
    {
      dept: 'civil-affairs',
      no: 55,
      name: '婚姻登记',
      powerType: '07',
      objects: ['person'],
      handling: 'immediate',
      legal: null,
      promised: null,
      online: false,
      visits: 1,
      basis:
        '《中华人民共和国民法典》第一千零四十九条：要求结婚的男女双方应当亲自到婚姻登记机关申请结婚登记。\n《婚姻登记条例》（国务院令第387号）第四条、第十条。',
      conditions:
        '1. 双方当事人须亲自到场；\n2. 符合《中华人民共和国民法典》规定的结婚或离婚条件。',
      location: MARRIAGE_OFFICES[stationKey] ?? `${prefix}婚姻登记处`,
      hours:
        '周一至周五 上午9:00-12:00，下午14:00-17:00（法定节假日除外）；须双方本人到场，不能在线申报',
      notice: '婚姻登记须双方当事人亲自到场办理，不提供在线申报；可在线查询办理须知。',
      materials: [
        m.original('本人的户口簿、居民身份证'),
        m.original(
          '本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明',
          '在登记机关现场签署',
        ),
        atWindow('双方近期半身免冠合影照片', { copies: 3, notes: '2寸红底，3张' }),
      ],
      subItems: [
        { name: '内地居民结婚登记' },
        {
          name: '内地居民离婚登记',
          materials: [
            m.original('本人的户口簿、居民身份证'),
            m.original('本人的结婚证'),
            atWindow('双方共同签署的离婚协议书', { copies: 3 }),
          ],
        },
        {
          name: '补领婚姻登记证',
          materials: [
            m.original('本人的户口簿、居民身份证'),
            atWindow('本人近期半身免冠照片', { copies: 2 }),
          ],
        },
      ],
    },
    {
      dept: 'hrss',
      no: 51,
      name: '就业困难人员认定',
      powerType: '07',
      objects: ['person'],
      legal: null,
      promised: 10,
      basis:
        '《中华人民共和国就业促进法》第五十二条：各级人民政府建立健全就业援助制度，采取税费减免、贷款贴息、社会保险补贴、岗位补贴等办法，通过公益性岗位安置等途径，对就业困难人员实行优先扶持和重点帮助。\n《就业服务与就业管理规定》（劳动和社会保障部令第28号）。',
      conditions:
        '1. 在法定劳动年龄内，有劳动能力和就业愿望；\n2. 已进行失业登记；\n3. 属于本市规定的就业困难人员类别。',
      materials: [m.idCard(), upload('属于就业困难人员类别的证明材料')],
      depth: 4,
    },
    {
      dept: 'hrss',
      no: 52,
      name: '城乡居民基本养老保险参保登记',
      powerType: '20',
      objects: ['person'],
      handling: 'immediate',
      legal: null,
      promised: null,
      basis:
        '《中华人民共和国社会保险法》第二十二条。\n《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）。',
      conditions:
        '年满16周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险制度覆盖范围的本区户籍居民。',
      materials: [m.idCard()],
      depth: 5,
    },
    {
      dept: 'housing',
      no: 51,
      name: '建筑工程施工许可证核发',
      powerType: '01',
      objects: ['legal'],
      legal: 7,
      promised: 3,
      basis:
        '《中华人民共和国建筑法》第七条：建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门申请领取施工许可证。\n《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）。',
      conditions:
        '1. 依法应当办理用地批准手续的，已经办理该建筑工程用地批准手续；\n2. 依法应当办理建设工程规划许可证的，已经取得建设工程规划许可证；\n3. 施工场地已经基本具备施工条件；\n4. 已经确定施工企业；\n5. 有满足施工需要的技术资料，施工图设计文件已按规定审查合格；\n6. 有保证工程质量和安全的具体措施；\n7. 建设资金已经落实。',
      materials: [
        m.application('建筑工程施工许可申请表'),
        upload('建设工程规划许可证'),
        upload('中标通知书及施工合同'),
        upload('施工图设计文件审查合格书'),
        m.commitment('建设资金已经落实承诺书'),
        m.deferrable('质量安全监督手续', '可在领取施工许可证前补交'),
      ],
      form: constructionPermitForm,
      depth: 4,
    },
    {
      dept: 'housing',
      no: 52,
      name: '建设工程消防验收',
      powerType: '01',
      objects: ['legal'],
      legal: 15,
      promised: 10,
      basis:
        '《中华人民共和国消防法》第十三条。\n《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）第二十六条。',
      conditions:
        '1. 完成工程消防设计和合同约定的消防各项内容；\n2. 有完整的工程消防技术档案和施工管理资料；\n3. 建设单位组织的工程竣工验收中消防验收合格；\n4. 消防设施性能、系统功能联调联试检测合格。',
      materials: [
        m.application('消防验收申请表'),
        upload('工程竣工验收报告'),
        upload('涉及消防的建设工程竣工图纸', { fileTypes: ['pdf', 'dwg'], maxSizeMb: 50 }),
        upload('消防设施检测报告'),
      ],
      depth: 3,
      visits: 1,
    },
    {
      dept: 'urban',
      no: 51,
      name: '城市建筑垃圾处置核准',
      powerType: '01',
      objects: ['legal'],
      legal: 20,
      promised: 5,
      basis:
        '《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）附件第101项：城市建筑垃圾处置核准。\n《城市建筑垃圾管理规定》（建设部令第139号）。',
      conditions:
        '1. 有建筑垃圾分类处置方案和建筑垃圾消纳场所；\n2. 运输车辆具备全密闭运输机械装置或密闭苫盖装置；\n3. 有建筑垃圾运输车辆的运输路线和时间安排。',
      materials: [
        m.application('建筑垃圾处置核准申请表'),
        upload('建筑垃圾处置方案'),
        upload('与消纳场所签订的消纳协议'),
        upload('运输车辆行驶证及运输企业资质证明'),
      ],
      depth: 4,
    },
    {
      dept: 'urban',
      no: 52,
      name: '城镇污水排入排水管网许可',
      powerType: '01',
      objects: ['legal', 'person'],
      legal: 15,
      promised: 7,
      basis:
        '《城镇排水与污水处理条例》（国务院令第641号）第二十一条：从事工业、建筑、餐饮、医疗等活动的企业事业单位、个体工商户向城镇排水设施排放污水的，应当向城镇排水主管部门申请领取污水排入排水管网许可证。',
      conditions:
        '1. 排放口的设置符合城镇排水与污水处理规划；\n2. 按规定建设预处理设施；\n3. 排放的污水符合国家或者地方规定的有关排放标准。',
      materials: [
        m.application('城镇污水排入排水管网许可申请表'),
        m.license(),
        upload('排水户内部排水管网、专用检测井、污水排放口位置和口径的图纸及说明'),
        m.deferrable('排水水质检测报告', '新建项目可在投入使用前补交'),
      ],
      depth: 4,
    },
    {
      dept: 'police',
      no: 51,
      name: '户口迁移',
      powerType: '01',
      objects: ['person'],
      legal: 20,
      promised: 5,
      basis:
        '《中华人民共和国户口登记条例》第十条、第十三条。\n《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）。',
      conditions: '符合本市户口迁移政策规定的落户条件，迁入地址真实、合法。',
      location: POLICE_HALLS[stationKey] ?? `${prefix}户籍所在地派出所户籍窗口`,
      materials: [
        m.idCard(),
        upload('居民户口簿'),
        upload('落户条件证明材料'),
        m.original('居民户口簿原件', '办理迁移时交验'),
      ],
      form: householdMigrationForm,
      depth: 3,
      visits: 1,
    },
    {
      dept: 'transport',
      no: 51,
      name: '出租汽车驾驶员从业资格证核发',
      powerType: '01',
      objects: ['person'],
      legal: 10,
      promised: 5,
      basis:
        '《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）附件第112项：出租汽车经营资格证、车辆运营证和驾驶员客运资格证核发。\n《出租汽车驾驶员从业资格管理规定》（交通运输部令2021年第15号）。',
      conditions:
        '1. 取得相应准驾车型机动车驾驶证并具有3年以上驾驶经历；\n2. 无交通肇事犯罪、危险驾驶犯罪记录，无吸毒记录，无饮酒后驾驶记录，最近连续3个记分周期内没有记满12分记录；\n3. 无暴力犯罪记录；\n4. 经考试合格。',
      materials: [
        m.idCard(),
        upload('机动车驾驶证'),
        m.photo(),
        m.deferrable('无犯罪记录证明', '发证前补交'),
      ],
      depth: 4,
    },
    {
      dept: 'agriculture',
      no: 51,
      name: '兽药经营许可证核发',
      powerType: '01',
      objects: ['legal', 'person'],
      legal: 30,
      promised: 15,
      basis:
        '《兽药管理条例》（国务院令第404号）第二十二条：经营兽药的企业，应当具备下列条件……符合前款规定条件的，申请人方可向市、县人民政府兽医行政管理部门提出申请。',
      conditions:
        '1. 有与所经营的兽药相适应的兽药技术人员；\n2. 有与所经营的兽药相适应的营业场所、设备、仓库设施；\n3. 有与所经营的兽药相适应的质量管理机构或者人员；\n4. 有兽药经营质量管理规范规定的其他经营条件。',
      materials: [
        m.application('兽药经营许可证申请表'),
        upload('兽药技术人员资格证明'),
        upload('营业场所、仓库平面图和产权或租赁证明'),
        upload('质量管理制度'),
      ],
      depth: 4,
    },
    {
      dept: 'veterans',
      no: 51,
      name: '退役士兵自主就业一次性经济补助金给付',
      powerType: '05',
      objects: ['person'],
      legal: null,
      promised: 20,
      basis:
        '《中华人民共和国退役军人保障法》第三十八条。\n《退役士兵安置条例》（国务院、中央军委令第608号）第十九条：对自主就业的退役士兵，由部队发给一次性退役金……地方人民政府可以根据当地实际情况给予经济补助。',
      conditions: '1. 选择自主就业的退役士兵；\n2. 已按规定到本区退役军人事务局报到。',
      materials: [m.idCard(), upload('退役证件'), upload('本人银行账户信息')],
      depth: 4,
    },
  ];
}

export function districtItems(stationKey: string): SeedItem[] {
  const locale = DISTRICT_LOCALES[stationKey];
  if (!locale) return [];
  return buildItems(locale, specs(stationKey));
}
