/**
 * The 42 stations (tenants) of the hall, as in the shared station registry (identity owns it; the
 * catalog keeps its own read model). The seed needs only what names departments and codes them.
 * `test/seed/data.test.ts` proves this list equals identity's `stations.json`.
 */
export type StationKind =
  'municipality' | 'district' | 'county' | 'autonomous-county' | 'special-zone';

export interface SeedStation {
  key: string;
  name: string;
  kind: StationKind;
  /** GB/T 2260 code; special zones have none. */
  divisionCode: string | null;
}

export const SEED_STATIONS: readonly SeedStation[] = [
  { key: 'cq', name: '重庆市', kind: 'municipality', divisionCode: '500000' },
  { key: 'wanzhou', name: '万州区', kind: 'district', divisionCode: '500101' },
  { key: 'fuling', name: '涪陵区', kind: 'district', divisionCode: '500102' },
  { key: 'yuzhong', name: '渝中区', kind: 'district', divisionCode: '500103' },
  { key: 'dadukou', name: '大渡口区', kind: 'district', divisionCode: '500104' },
  { key: 'jiangbei', name: '江北区', kind: 'district', divisionCode: '500105' },
  { key: 'shapingba', name: '沙坪坝区', kind: 'district', divisionCode: '500106' },
  { key: 'jiulongpo', name: '九龙坡区', kind: 'district', divisionCode: '500107' },
  { key: 'nanan', name: '南岸区', kind: 'district', divisionCode: '500108' },
  { key: 'beibei', name: '北碚区', kind: 'district', divisionCode: '500109' },
  { key: 'qijiang', name: '綦江区', kind: 'district', divisionCode: '500110' },
  { key: 'dazu', name: '大足区', kind: 'district', divisionCode: '500111' },
  { key: 'yubei', name: '渝北区', kind: 'district', divisionCode: '500112' },
  { key: 'banan', name: '巴南区', kind: 'district', divisionCode: '500113' },
  { key: 'qianjiang', name: '黔江区', kind: 'district', divisionCode: '500114' },
  { key: 'changshou', name: '长寿区', kind: 'district', divisionCode: '500115' },
  { key: 'jiangjin', name: '江津区', kind: 'district', divisionCode: '500116' },
  { key: 'hechuan', name: '合川区', kind: 'district', divisionCode: '500117' },
  { key: 'yongchuan', name: '永川区', kind: 'district', divisionCode: '500118' },
  { key: 'nanchuan', name: '南川区', kind: 'district', divisionCode: '500119' },
  { key: 'bishan', name: '璧山区', kind: 'district', divisionCode: '500120' },
  { key: 'tongliang', name: '铜梁区', kind: 'district', divisionCode: '500151' },
  { key: 'tongnan', name: '潼南区', kind: 'district', divisionCode: '500152' },
  { key: 'rongchang', name: '荣昌区', kind: 'district', divisionCode: '500153' },
  { key: 'kaizhou', name: '开州区', kind: 'district', divisionCode: '500154' },
  { key: 'liangping', name: '梁平区', kind: 'district', divisionCode: '500155' },
  { key: 'wulong', name: '武隆区', kind: 'district', divisionCode: '500156' },
  { key: 'chengkou', name: '城口县', kind: 'county', divisionCode: '500229' },
  { key: 'fengdu', name: '丰都县', kind: 'county', divisionCode: '500230' },
  { key: 'dianjiang', name: '垫江县', kind: 'county', divisionCode: '500231' },
  { key: 'zhongxian', name: '忠县', kind: 'county', divisionCode: '500233' },
  { key: 'yunyang', name: '云阳县', kind: 'county', divisionCode: '500235' },
  { key: 'fengjie', name: '奉节县', kind: 'county', divisionCode: '500236' },
  { key: 'wushan', name: '巫山县', kind: 'county', divisionCode: '500237' },
  { key: 'wuxi', name: '巫溪县', kind: 'county', divisionCode: '500238' },
  { key: 'shizhu', name: '石柱土家族自治县', kind: 'autonomous-county', divisionCode: '500240' },
  {
    key: 'xiushan',
    name: '秀山土家族苗族自治县',
    kind: 'autonomous-county',
    divisionCode: '500241',
  },
  {
    key: 'youyang',
    name: '酉阳土家族苗族自治县',
    kind: 'autonomous-county',
    divisionCode: '500242',
  },
  {
    key: 'pengshui',
    name: '彭水苗族土家族自治县',
    kind: 'autonomous-county',
    divisionCode: '500243',
  },
  { key: 'liangjiang', name: '两江新区', kind: 'special-zone', divisionCode: null },
  { key: 'gaoxin', name: '重庆高新区', kind: 'special-zone', divisionCode: null },
  { key: 'wansheng', name: '万盛经开区', kind: 'special-zone', divisionCode: null },
];

export function seedStation(key: string): SeedStation {
  const station = SEED_STATIONS.find((s) => s.key === key);
  if (!station) throw new Error(`unknown station ${key}`);
  return station;
}

/**
 * The prefix departments of a station carry as customary: 渝中区…, 城口县…, 石柱县… (an
 * autonomous county goes by its short county name), 两江新区….
 */
export function departmentPrefix(station: SeedStation): string {
  if (station.kind === 'municipality') return '市';
  if (station.kind === 'autonomous-county') return `${station.name.slice(0, 2)}县`;
  return station.name;
}
