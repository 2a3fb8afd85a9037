/**
 * Departments of every station. The municipality gets the real 市级 departments in the order of
 * the municipal government's list; districts and counties get theirs with their own prefix
 * (渝中区教委, 城口县教委, 石柱县教委); the special zones get the bureaus they actually run, each
 * bureau covering several functions (两江新区社会保障局 handles civil affairs, social security and
 * veterans).
 *
 * Every department carries a `key` per function it covers, so an item template can say "the
 * education department" and land at 市教委, 渝中区教委 or 两江新区社会发展局 alike.
 */
import { departmentPrefix, SEED_STATIONS, seedStation, type SeedStation } from './stations';

/** The functions items are attached to. */
export type DepartmentKey =
  | 'development'
  | 'education'
  | 'science'
  | 'economy'
  | 'ethnic-religion'
  | 'police'
  | 'civil-affairs'
  | 'justice'
  | 'finance'
  | 'hrss'
  | 'planning'
  | 'ecology'
  | 'housing'
  | 'urban'
  | 'transport'
  | 'water'
  | 'agriculture'
  | 'commerce'
  | 'culture-tourism'
  | 'health'
  | 'veterans'
  | 'emergency'
  | 'audit'
  | 'foreign-affairs'
  | 'state-assets'
  | 'market'
  | 'sports'
  | 'statistics'
  | 'medical-insurance'
  | 'forestry'
  | 'drugs'
  | 'big-data'
  | 'civil-defense'
  | 'financial-supervision'
  | 'fire'
  | 'tax'
  | 'housing-fund'
  | 'meteorology';

export interface SeedDepartment {
  /** The functions this department covers; the first is its own. */
  keys: readonly DepartmentKey[];
  /** Stable number within the station: part of the code, never reused. */
  no: number;
  /** 统一社会信用代码-shaped code (GB 32100 check character), stable across re-seeding. */
  code: string;
  name: string;
  sortOrder: number;
}

interface DepartmentTemplate {
  no: number;
  keys: readonly DepartmentKey[];
  /** Full name for the municipality, suffix after the station prefix elsewhere. */
  name: string;
}

/** 市级 departments in the order the municipal government lists them. */
const MUNICIPAL: readonly DepartmentTemplate[] = [
  { no: 1, keys: ['development'], name: '市发展改革委' },
  { no: 2, keys: ['education'], name: '市教委' },
  { no: 3, keys: ['science'], name: '市科技局' },
  { no: 4, keys: ['economy'], name: '市经济信息委' },
  { no: 5, keys: ['ethnic-religion'], name: '市民族宗教委' },
  { no: 6, keys: ['police'], name: '市公安局' },
  { no: 7, keys: ['civil-affairs'], name: '市民政局' },
  { no: 8, keys: ['justice'], name: '市司法局' },
  { no: 9, keys: ['finance'], name: '市财政局' },
  { no: 10, keys: ['hrss'], name: '市人力社保局' },
  { no: 11, keys: ['planning'], name: '市规划自然资源局' },
  { no: 12, keys: ['ecology'], name: '市生态环境局' },
  { no: 13, keys: ['housing'], name: '市住房城乡建委' },
  { no: 14, keys: ['urban'], name: '市城市管理局' },
  { no: 15, keys: ['transport'], name: '市交通运输委' },
  { no: 16, keys: ['water'], name: '市水利局' },
  { no: 17, keys: ['agriculture'], name: '市农业农村委' },
  { no: 18, keys: ['commerce'], name: '市商务委' },
  { no: 19, keys: ['culture-tourism'], name: '市文化旅游委' },
  { no: 20, keys: ['health'], name: '市卫生健康委' },
  { no: 21, keys: ['veterans'], name: '市退役军人事务局' },
  { no: 22, keys: ['emergency'], name: '市应急管理局' },
  { no: 23, keys: ['audit'], name: '市审计局' },
  { no: 24, keys: ['foreign-affairs'], name: '市政府外办' },
  { no: 25, keys: ['state-assets'], name: '市国资委' },
  { no: 26, keys: ['market'], name: '市市场监管局' },
  { no: 27, keys: ['sports'], name: '市体育局' },
  { no: 28, keys: ['statistics'], name: '市统计局' },
  { no: 29, keys: ['medical-insurance'], name: '市医保局' },
  { no: 30, keys: ['forestry'], name: '市林业局' },
  { no: 31, keys: ['drugs'], name: '市药监局' },
  { no: 32, keys: ['big-data'], name: '市大数据发展局' },
  { no: 33, keys: ['civil-defense'], name: '市人防办' },
  { no: 34, keys: ['financial-supervision'], name: '市金融监管局' },
  { no: 35, keys: ['fire'], name: '市消防救援总队' },
  { no: 36, keys: ['tax'], name: '市税务局' },
  { no: 37, keys: ['housing-fund'], name: '市公积金中心' },
  { no: 38, keys: ['meteorology'], name: '市气象局' },
];

/** District and county departments: suffixes after 渝中区 / 城口县 / 石柱县. */
const DISTRICT: readonly DepartmentTemplate[] = [
  { no: 1, keys: ['development'], name: '发展改革委' },
  { no: 2, keys: ['education'], name: '教委' },
  { no: 3, keys: ['science'], name: '科技局' },
  { no: 4, keys: ['economy'], name: '经济信息委' },
  { no: 5, keys: ['ethnic-religion'], name: '民族宗教委' },
  // Districts host a branch of the municipal police (重庆市公安局渝中区分局); counties a 县公安局.
  { no: 6, keys: ['police'], name: '公安分局' },
  { no: 7, keys: ['civil-affairs'], name: '民政局' },
  { no: 8, keys: ['justice'], name: '司法局' },
  { no: 9, keys: ['finance'], name: '财政局' },
  { no: 10, keys: ['hrss'], name: '人力社保局' },
  { no: 11, keys: ['planning'], name: '规划自然资源局' },
  { no: 12, keys: ['ecology'], name: '生态环境局' },
  { no: 13, keys: ['housing'], name: '住房城乡建委' },
  { no: 14, keys: ['urban'], name: '城市管理局' },
  { no: 15, keys: ['transport'], name: '交通局' },
  { no: 16, keys: ['water'], name: '水利局' },
  { no: 17, keys: ['agriculture'], name: '农业农村委' },
  { no: 18, keys: ['commerce'], name: '商务委' },
  { no: 19, keys: ['culture-tourism'], name: '文化旅游委' },
  { no: 20, keys: ['health'], name: '卫生健康委' },
  { no: 21, keys: ['veterans'], name: '退役军人事务局' },
  { no: 22, keys: ['emergency'], name: '应急管理局' },
  { no: 23, keys: ['audit'], name: '审计局' },
  { no: 26, keys: ['market'], name: '市场监管局' },
  { no: 27, keys: ['sports'], name: '体育局' },
  { no: 28, keys: ['statistics'], name: '统计局' },
  { no: 29, keys: ['medical-insurance'], name: '医保局' },
  { no: 30, keys: ['forestry'], name: '林业局' },
  { no: 35, keys: ['fire'], name: '消防救援支队' },
  { no: 36, keys: ['tax'], name: '税务局' },
];

/** 渝中区 is entirely urban: it has no farm, water or forestry administration. */
const URBAN_CORE_WITHOUT: Readonly<Record<string, readonly DepartmentKey[]>> = {
  yuzhong: ['water', 'agriculture', 'forestry'],
};

/** The special zones run fewer, broader bureaus. Names are full names. */
const SPECIAL_ZONES: Readonly<Record<string, readonly DepartmentTemplate[]>> = {
  liangjiang: [
    { no: 1, keys: ['development', 'economy', 'statistics'], name: '两江新区经济运行局' },
    { no: 3, keys: ['science'], name: '两江新区科技创新局' },
    {
      no: 2,
      keys: ['education', 'culture-tourism', 'health', 'sports'],
      name: '两江新区社会发展局',
    },
    { no: 6, keys: ['police'], name: '两江新区公安分局' },
    {
      no: 7,
      keys: ['civil-affairs', 'hrss', 'medical-insurance', 'veterans'],
      name: '两江新区社会保障局',
    },
    { no: 9, keys: ['finance', 'audit'], name: '两江新区财政局' },
    { no: 11, keys: ['planning', 'forestry'], name: '两江新区规划自然资源局' },
    { no: 12, keys: ['ecology', 'water'], name: '两江新区生态环境局' },
    { no: 13, keys: ['housing', 'transport'], name: '两江新区建设管理局' },
    { no: 14, keys: ['urban'], name: '两江新区城市管理局' },
    { no: 18, keys: ['commerce', 'agriculture'], name: '两江新区商务局' },
    { no: 22, keys: ['emergency'], name: '两江新区应急管理局' },
    { no: 26, keys: ['market'], name: '两江新区市场监管局' },
    { no: 35, keys: ['fire'], name: '两江新区消防救援支队' },
    { no: 36, keys: ['tax'], name: '两江新区税务局' },
  ],
  gaoxin: [
    {
      no: 1,
      keys: ['development', 'economy', 'commerce', 'statistics'],
      name: '重庆高新区改革发展局',
    },
    { no: 3, keys: ['science'], name: '重庆高新区科技创新局' },
    { no: 6, keys: ['police'], name: '重庆高新区公安分局' },
    {
      no: 7,
      keys: [
        'civil-affairs',
        'hrss',
        'education',
        'health',
        'culture-tourism',
        'sports',
        'veterans',
        'medical-insurance',
      ],
      name: '重庆高新区公共服务局',
    },
    { no: 9, keys: ['finance', 'audit'], name: '重庆高新区财政局' },
    {
      no: 11,
      keys: ['planning', 'forestry', 'agriculture', 'water'],
      name: '重庆高新区规划自然资源局',
    },
    { no: 12, keys: ['ecology'], name: '重庆高新区生态环境局' },
    { no: 13, keys: ['housing', 'transport'], name: '重庆高新区建设局' },
    { no: 14, keys: ['urban'], name: '重庆高新区城市管理局' },
    { no: 22, keys: ['emergency'], name: '重庆高新区应急管理局' },
    { no: 26, keys: ['market'], name: '重庆高新区市场监管局' },
    { no: 35, keys: ['fire'], name: '重庆高新区消防救援支队' },
    { no: 36, keys: ['tax'], name: '重庆高新区税务局' },
  ],
  wansheng: [
    { no: 1, keys: ['development', 'statistics'], name: '万盛经开区发展改革局' },
    { no: 2, keys: ['education'], name: '万盛经开区教育局' },
    { no: 3, keys: ['science'], name: '万盛经开区科技局' },
    { no: 4, keys: ['economy'], name: '万盛经开区经济信息局' },
    { no: 6, keys: ['police'], name: '万盛经开区公安局' },
    { no: 7, keys: ['civil-affairs'], name: '万盛经开区民政局' },
    { no: 8, keys: ['justice'], name: '万盛经开区司法局' },
    { no: 9, keys: ['finance', 'audit'], name: '万盛经开区财政局' },
    { no: 10, keys: ['hrss'], name: '万盛经开区人力社保局' },
    { no: 11, keys: ['planning'], name: '万盛经开区规划自然资源局' },
    { no: 12, keys: ['ecology'], name: '万盛经开区生态环境局' },
    { no: 13, keys: ['housing'], name: '万盛经开区住房城乡建设局' },
    { no: 14, keys: ['urban'], name: '万盛经开区城市管理局' },
    { no: 15, keys: ['transport'], name: '万盛经开区交通局' },
    { no: 16, keys: ['water', 'agriculture', 'forestry'], name: '万盛经开区农林水利局' },
    { no: 18, keys: ['commerce'], name: '万盛经开区商务局' },
    { no: 19, keys: ['culture-tourism', 'sports'], name: '万盛经开区文化旅游局' },
    { no: 20, keys: ['health'], name: '万盛经开区卫生健康局' },
    { no: 21, keys: ['veterans'], name: '万盛经开区退役军人事务局' },
    { no: 22, keys: ['emergency'], name: '万盛经开区应急管理局' },
    { no: 26, keys: ['market'], name: '万盛经开区市场监管局' },
    { no: 29, keys: ['medical-insurance'], name: '万盛经开区医保局' },
    { no: 35, keys: ['fire'], name: '万盛经开区消防救援支队' },
    { no: 36, keys: ['tax'], name: '万盛经开区税务局' },
  ],
};

/** Special zones have no division code of their own: a stable number stands in for it. */
const SPECIAL_ZONE_NUMBERS: Readonly<Record<string, string>> = {
  liangjiang: '901',
  gaoxin: '902',
  wansheng: '903',
};

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Appends the GB 32100 check character to 17 characters. */
export function withCreditCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += CREDIT_ALPHABET.indexOf(first17.charAt(i)) * (CREDIT_WEIGHTS[i] ?? 0);
  }
  const check = 31 - (sum % 31);
  return first17 + CREDIT_ALPHABET.charAt(check === 31 ? 0 : check);
}

/**
 * 11 (机构编制 · 机关) + area + "MB" + station number + department number + "0" + check: the
 * shape of a government organ's code, derived only from station and department number so
 * re-seeding finds the same department.
 */
export function departmentCode(station: SeedStation, no: number): string {
  const area = station.divisionCode ?? '500000';
  const stationNo =
    station.kind === 'special-zone'
      ? (SPECIAL_ZONE_NUMBERS[station.key] ?? '900')
      : (station.divisionCode ?? '500000').slice(3);
  return withCreditCheck(`11${area}MB${stationNo}${String(no).padStart(3, '0')}0`);
}

function templatesFor(station: SeedStation): readonly DepartmentTemplate[] {
  if (station.kind === 'municipality') return MUNICIPAL;
  const zone = SPECIAL_ZONES[station.key];
  if (zone) return zone;
  const prefix = departmentPrefix(station);
  const without = URBAN_CORE_WITHOUT[station.key] ?? [];
  return DISTRICT.filter((d) => !d.keys.some((k) => without.includes(k))).map((d) => ({
    ...d,
    name:
      d.keys[0] === 'police' && station.kind !== 'district' ? `${prefix}公安局` : prefix + d.name,
  }));
}

/** The departments of a station, in display order. */
export function departmentsFor(stationKey: string): SeedDepartment[] {
  const station = seedStation(stationKey);
  return templatesFor(station).map((t, index) => ({
    keys: t.keys,
    no: t.no,
    code: departmentCode(station, t.no),
    name: t.name,
    sortOrder: (index + 1) * 10,
  }));
}

/** The department of a station that covers a function. */
export function departmentFor(stationKey: string, key: DepartmentKey): SeedDepartment {
  const department = departmentsFor(stationKey).find((d) => d.keys.includes(key));
  if (!department) throw new Error(`station ${stationKey} has no department for ${key}`);
  return department;
}

/** Every station's departments. */
export function allDepartments(): Array<{ station: string; departments: SeedDepartment[] }> {
  return SEED_STATIONS.map((s) => ({ station: s.key, departments: departmentsFor(s.key) }));
}
