import { fillerWords, words } from '@hall/platform/search';

// How the robot reads Chinese: the hall's segmentation (@hall/platform/search), synonyms
// written into the documents' words, and a question's intent from its wording.

/**
 * Names of departments as people say them: each group lists forms of one name, the official
 * one first. A department name containing the official form gets the words of every other
 * form, so “交委” finds 市交通运输委 and “人社局” finds 市人力社保局.
 */
export const DEPARTMENT_SYNONYMS: ReadonlyArray<readonly string[]> = [
  ['发展改革委', '发改委', '发展和改革委员会'],
  ['教委', '教育委员会', '教育局'],
  ['科技局', '科学技术局', '科委'],
  ['经济信息委', '经信委', '经济和信息化委员会'],
  ['民族宗教委', '民宗委', '民族宗教事务委员会'],
  ['公安', '派出所', '警察局'],
  ['人力社保', '人社', '社保局', '人力资源和社会保障', '劳动局'],
  ['规划自然资源', '规划局', '国土局', '自然资源局'],
  ['生态环境局', '环保局', '环境保护局'],
  ['住房城乡建', '住建', '建委', '住房和城乡建设'],
  ['城市管理局', '城管局', '城管'],
  ['交通运输委', '交委', '交通委', '交通局', '交通运输局'],
  ['交通局', '交委', '交通委', '交通运输局'],
  ['水利局', '水务局'],
  ['农业农村委', '农委', '农业局'],
  ['商务委', '商务局'],
  ['文化旅游委', '文旅委', '文化和旅游委员会', '旅游局', '文化局'],
  ['卫生健康委', '卫健委', '卫生局', '卫计委'],
  ['退役军人事务局', '退役军人局'],
  ['应急管理局', '应急局', '安监局'],
  ['政府外办', '外办', '外事办'],
  ['国资委', '国有资产监督管理委员会'],
  ['市场监管局', '市场监督管理局', '工商局', '质监局', '食药监局'],
  ['医保局', '医疗保障局'],
  ['药监局', '药品监督管理局'],
  ['大数据发展局', '大数据局'],
  ['人防办', '人民防空办公室', '人防'],
  ['金融监管局', '金融办'],
  ['消防救援', '消防队', '消防'],
  ['税务局', '国税局', '地税局', '税务'],
  ['公积金中心', '住房公积金管理中心', '公积金管理中心'],
];

/**
 * What people call the catalog's items and their parts: each group lists forms of one thing,
 * the official wording first. Written once for the catalog's vocabulary as a whole (every
 * seeded item was gone through), not for particular questions.
 */
export const ITEM_SYNONYMS: ReadonlyArray<readonly string[]> = [
  ['教师资格认定', '教师资格证', '教资'],
  ['教师', '老师'],
  ['高级中学', '高中'],
  ['初级中学', '初中'],
  ['中等职业学校', '中职', '职高'],
  ['民办学校设立', '开办学校', '办学校', '开学校'],
  ['民办学校', '私立学校'],
  ['中外合作办学', '中外合作学校'],
  ['普通话水平测试', '普通话考试', '普通话证书', '普通话等级'],
  ['外国人来华工作许可', '外国人工作许可', '外国人工作证', '外籍人员工作许可'],
  ['高新技术企业', '高企', '高新企业'],
  ['科学技术奖', '科技奖'],
  ['节能审查', '能评'],
  ['宗教活动场所', '寺庙', '教堂'],
  ['户口迁移', '迁户口', '户口迁入', '户口迁出', '落户'],
  ['爆破作业单位', '爆破公司'],
  ['旅馆业', '旅馆', '宾馆', '酒店', '民宿'],
  ['社会团体', '社团', '协会'],
  ['涉外婚姻', '涉外结婚', '跨国婚姻'],
  ['律师执业', '律师证', '律师执照'],
  ['公证员执业', '公证员证'],
  ['法律援助', '法援', '免费律师'],
  ['人力资源服务许可', '职业中介'],
  ['失业保险金', '失业金'],
  ['建设工程规划许可证', '工程规划许可证', '规划许可证'],
  ['建设用地规划许可证', '用地规划许可证', '规划许可证'],
  ['环境影响评价', '环评'],
  ['排污许可', '排污证'],
  ['危险废物', '危废'],
  ['建设工程消防验收', '消防验收'],
  ['建筑业企业资质', '建筑资质', '建筑企业资质'],
  ['城市生活垃圾', '生活垃圾', '垃圾清运'],
  ['道路旅客运输', '客运', '旅客运输'],
  ['道路货物运输', '货运', '货物运输'],
  ['道路危险货物运输', '危货运输', '危险品运输'],
  ['道路运输从业人员从业资格证', '从业资格证', '上岗证'],
  ['公路超限运输', '超限运输', '大件运输'],
  ['港口经营', '码头经营'],
  ['取水许可', '取水证'],
  ['水土保持方案', '水保方案'],
  ['农作物种子', '种子'],
  ['营业性演出', '演出许可', '商演'],
  ['导游证', '导游资格'],
  ['医疗机构', '医院', '诊所', '门诊部'],
  ['医师执业', '医生执业', '医师证', '医生执照'],
  ['护士执业', '护士证', '护士执照'],
  ['残疾等级评定', '伤残评定', '伤残等级'],
  ['危险化学品', '危化品', '危化'],
  ['食品生产许可', '食品生产许可证', 'sc证'],
  ['企业设立登记', '营业执照', '开公司', '注册公司', '公司注册'],
  ['高危险性体育项目', '高危体育'],
  ['游泳项目', '游泳馆', '游泳池', '泳池'],
  ['攀岩项目', '攀岩馆'],
  ['滑雪项目', '滑雪场'],
  ['异地就医', '外地看病', '异地看病', '异地医保'],
  ['门诊慢特病', '慢性病', '慢病', '特病'],
  ['林木采伐', '砍树', '采伐证'],
  ['第二类医疗器械', '二类医疗器械'],
  ['公众聚集场所', '人员密集场所'],
  ['消防安全检查', '消防检查', '消防安检'],
  ['增值税专用发票', '专票'],
  ['住房公积金', '公积金'],
  ['提取住房公积金', '公积金提取', '取公积金'],
  ['住房公积金个人住房贷款', '公积金贷款'],
  ['食品经营许可', '餐饮许可', '饭店', '饭馆', '餐馆', '餐厅', '小吃店'],
  ['个体工商户', '个体户'],
  ['个体工商户登记', '营业执照'],
  ['举报食品安全违法行为的奖励', '举报奖励'],
  ['公共场所卫生许可', '卫生许可证'],
  ['生育登记', '准生证', '生育证', '生育服务证'],
  ['最低生活保障', '低保'],
  ['困难残疾人生活补贴和重度残疾人护理补贴', '残疾人补贴', '残疾人两项补贴'],
  ['婚姻登记证', '结婚证'],
  ['城乡居民基本养老保险', '城乡居民养老保险', '居民养老保险'],
  ['建筑工程施工许可证', '施工许可证', '施工证'],
  ['城市建筑垃圾', '建筑垃圾', '渣土'],
  ['城镇污水排入排水管网许可', '排水许可', '排水证'],
  ['出租汽车', '出租车', '的士'],
  ['驾驶员', '司机'],
  ['兽药经营许可', '兽药许可'],
  ['退役士兵', '退伍军人', '退伍兵'],
  ['一次性经济补助金', '一次性补助', '退伍费'],
  ['企业', '公司'],
];

const normalise = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * The words of a document text with its synonyms: the text's own words, then, for each synonym
 * group whose official form (the first) the text contains, the words of its other forms. Only
 * the official form expands: a colloquial form inside another official name (从业资格证 inside
 * 出租汽车驾驶员从业资格证) must not bring the words of the name it abbreviates.
 */
export function expandedWords(text: string, groups: ReadonlyArray<readonly string[]>): string[] {
  const table = compiled(groups);
  return remembered(table.expanded, text, () => {
    const plain = normalise(text);
    const out = new Set(words(plain));
    for (const { official, others } of table.groups) {
      if (!plain.includes(official)) continue;
      for (const w of others) out.add(w);
    }
    return [...out];
  });
}

/** Beyond this many texts a cache starts afresh (a bound on memory). */
const CACHED_TEXTS = 20_000;

/**
 * Document texts (item names, department names, FAQ questions) come back with every question
 * that finds them, and segmenting is the costly part: each is read once.
 */
function remembered(cache: Map<string, string[]>, text: string, read: () => string[]): string[] {
  let value = cache.get(text);
  if (!value) {
    if (cache.size >= CACHED_TEXTS) cache.clear();
    value = read();
    cache.set(text, value);
  }
  return value;
}

/** Item texts name departments too: both tables. */
export const ALL_SYNONYMS: ReadonlyArray<readonly string[]> = [
  ...ITEM_SYNONYMS,
  ...DEPARTMENT_SYNONYMS,
];

interface CompiledTable {
  groups: Array<{ official: string; others: string[] }>;
  expanded: Map<string, string[]>;
}

const compiledTables = new WeakMap<ReadonlyArray<readonly string[]>, CompiledTable>();

/** A table's official forms normalised and its other forms' words, once per table. */
function compiled(groups: ReadonlyArray<readonly string[]>): CompiledTable {
  let table = compiledTables.get(groups);
  if (!table) {
    table = {
      groups: groups.flatMap(([official, ...others]) =>
        official === undefined
          ? []
          : [{ official: normalise(official), others: others.flatMap((f) => words(f)) }],
      ),
      expanded: new Map(),
    };
    compiledTables.set(groups, table);
  }
  return table;
}

/** What a question asks, as the answer reports it. */
export type Intent =
  | 'greeting'
  | 'progress'
  | 'list'
  | 'materials'
  | 'location'
  | 'hours'
  | 'time_limit'
  | 'fee'
  | 'guide'
  | 'faq'
  | 'unknown';

/**
 * The wording of each intent, most specific first: the first intent with a match wins, and
 * every match is cut out of the question before its words are looked up (“需要什么材料” says
 * what is asked, not which item).
 */
const INTENT_PATTERNS: ReadonlyArray<readonly [Intent, RegExp]> = [
  [
    'progress',
    /进度|办到哪|审批到哪|审核到哪|受理到哪|到哪一步|到哪个环节|哪一步了|办得怎么样|办好了没|办完了没|批下来了没|有结果了[吗没]|我的办件|办件状态|申请状态/g,
  ],
  [
    'materials',
    /(?:需要|要|得|应该)?(?:准备|携带|带|提交|提供|交|上传)?(?:些|哪些|什么|啥|哪几样|几样)?(?:证明材料|材料|资料|证件|东西)|(?:准备|携带|带|提交|提供)(?:些)?(?:哪些|什么|啥)/g,
  ],
  [
    'fee',
    /(?:交|缴|付)?费用|收不收费|收费|收不收|要不要钱|要钱|花钱|交钱|缴费|交费|付费|免费|多少钱|工本费|几块钱/g,
  ],
  [
    'time_limit',
    /多久|多长时间|多少时间|多少天|几天|[几多]少?个?工作日|时限|期限|多快|周期|什么时候(?:能|可以|才能)?(?:办好|办完|办下来|批下来|拿到|出结果|下证|领证)|(?:办|批|审)下来/g,
  ],
  [
    'location',
    /在哪里|在哪儿|在哪|去哪里|去哪儿|去哪|哪里|哪儿|什么地方|哪个地方|啥地方|地址|地点|位置|怎么走|哪个窗口|窗口在/g,
  ],
  [
    'hours',
    /几点|上班|下班|开门|关门|办公时间|工作时间|营业时间|办理时间|受理时间|什么时间|什么时候|周末|周六|周日|星期[一二三四五六日天]|节假日|双休|晚上|中午/g,
  ],
  [
    'list',
    /(?:有|能办|可以办|能办理|可以办理|办|管)?(?:哪些|什么|啥)(?:事项|业务|事情|事儿|事|服务)|(?:能|可以)办(?:理)?(?:些)?(?:什么|哪些|啥)|管(?:些)?(?:什么|哪些)(?:事项|业务|事情|事儿|事)?|有哪些(?!条件|要求|材料|资料|证件|手续|步骤|流程|东西|费用)|事项清单|事项目录|办事清单/g,
  ],
];

/** Asking for conditions (受理条件) rather than how to go about it. */
const CONDITIONS_PATTERN = /条件|要求|门槛/;

const GREETING_PATTERN =
  /^(?:你好|您好|你们好|大家好|在吗|在不在|有人吗|hi|hello|哈喽|嗨|早上好|上午好|中午好|下午好|晚上好|谢谢|多谢|感谢|再见|拜拜|机器人|小助手|呀|啊|哈|[\p{P}\s])+$/u;

/**
 * Words of a question that say nothing about which item is meant, beyond the catalog's filler
 * words: pronouns, particles, modal verbs and the verbs of asking and applying.
 */
export const QUESTION_FILLERS: ReadonlySet<string> = new Set([
  '能',
  '能不能',
  '都能',
  '可以',
  '可',
  '会',
  '该',
  '应该',
  '得',
  '到',
  '个',
  '一',
  '一下',
  '一个',
  '一所',
  '一家',
  '一间',
  '一张',
  '一份',
  '一次',
  '一些',
  '开个',
  '办个',
  '弄个',
  '搞个',
  '我想',
  '想要',
  '这个',
  '那个',
  '现在',
  '已经',
  '还',
  '还要',
  '都',
  '也',
  '就',
  '才',
  '又',
  '请',
  '您',
  '你',
  '我们',
  '我的',
  '本人',
  '自己',
  '给',
  '把',
  '让',
  '被',
  '从',
  '向',
  '对',
  '为',
  '些',
  '点',
  '呀',
  '吧',
  '哦',
  '嘛',
  '啥',
  '咋',
  '么',
  '不',
  '不要',
  '没',
  '没有',
  '是不是',
  '要不要',
  '怎么办',
  '怎么样',
  '弄',
  '搞',
  '做',
  '考',
  '拿',
  '领',
  '开',
  '手续',
  '申请',
  '申报',
  '流程',
  '步骤',
  '条件',
  '要求',
  '方面',
  '类',
  '有关',
  '关于',
  '之后',
  '以后',
  '后',
  '时候',
  '谁',
  '哪个',
  '多少',
  '打算',
  '了解',
  '咨询',
  '问',
  '问一下',
  '请教',
  '帮',
  '帮忙',
  '告诉',
  '知道',
  '查',
  '查询',
  '办好',
  '好',
  '重庆',
  '重庆市',
]);

/** Words that only say what kind of office a department is (市交通运输委, 渝中区公安分局). */
export const DEPARTMENT_KIND_WORDS: ReadonlySet<string> = new Set([
  '市',
  '区',
  '县',
  '局',
  '委',
  '办',
  '中心',
  '分局',
  '总队',
  '支队',
  '部门',
  '单位',
  '政府',
]);

const MAX_WORDS = 8;

export interface Question {
  /** What is asked; `guide` when the question names something without asking anything in particular. */
  intent: Intent;
  /** The words naming what the question is about (items, departments). */
  words: string[];
  /** The question's words for comparing with FAQ questions (its wording kept). */
  faqWords: string[];
  /** `guide` questions: the conditions (受理条件) rather than the process (办理流程). */
  wantsConditions: boolean;
}

function meaningful(list: string[], stationWords: ReadonlySet<string>): string[] {
  return list.filter(
    (w) => !fillerWords.has(w) && !QUESTION_FILLERS.has(w) && !stationWords.has(w),
  );
}

const meaningfulTexts = new Map<string, string[]>();

/** The words of a document text that mean something, as a question asked at the station is read. */
export function meaningfulWords(text: string, stationName: string): string[] {
  return remembered(meaningfulTexts, `${stationName}\u0000${text}`, () =>
    meaningful(words(normalise(text)), new Set(words(stationName))),
  );
}

const nameTexts = new Map<string, string[]>();

/** The words of an item's name, for comparing with a question's. */
export const nameWords = (name: string) => remembered(nameTexts, name, () => words(name));

/** Read a question asked at a station (its name's words say nothing about the item either). */
export function readQuestion(question: string, stationName: string): Question {
  const text = normalise(question).trim();
  const stationWords = new Set(words(stationName));
  if (GREETING_PATTERN.test(text))
    return { intent: 'greeting', words: [], faqWords: [], wantsConditions: false };
  let intent: Intent = 'guide';
  let rest = text;
  for (const [candidate, pattern] of INTENT_PATTERNS) {
    const stripped = rest.replace(pattern, ' ');
    if (stripped !== rest && intent === 'guide') intent = candidate;
    rest = stripped;
  }
  return {
    intent,
    words: meaningful(words(rest), stationWords).slice(0, MAX_WORDS),
    faqWords: meaningful(words(text), stationWords).slice(0, MAX_WORDS * 2),
    wantsConditions: CONDITIONS_PATTERN.test(text),
  };
}
