/**
 * The districts and counties of 重庆 (区县) with their GB/T 2260 administrative division codes,
 * in code order: what a `region` field offers and accepts. Derived from the station registry
 * (services/identity/src/db/stations.json, a test keeps the two in step); the special zones
 * (两江新区, 重庆高新区, 万盛经开区) are not administrative divisions and have no code.
 */
export interface Region {
  /** GB/T 2260 code, e.g. `500103`. */
  readonly code: string;
  /** e.g. `渝中区`. */
  readonly name: string;
}

export const REGIONS: readonly Region[] = Object.freeze([
  { code: '500101', name: '万州区' },
  { code: '500102', name: '涪陵区' },
  { code: '500103', name: '渝中区' },
  { code: '500104', name: '大渡口区' },
  { code: '500105', name: '江北区' },
  { code: '500106', name: '沙坪坝区' },
  { code: '500107', name: '九龙坡区' },
  { code: '500108', name: '南岸区' },
  { code: '500109', name: '北碚区' },
  { code: '500110', name: '綦江区' },
  { code: '500111', name: '大足区' },
  { code: '500112', name: '渝北区' },
  { code: '500113', name: '巴南区' },
  { code: '500114', name: '黔江区' },
  { code: '500115', name: '长寿区' },
  { code: '500116', name: '江津区' },
  { code: '500117', name: '合川区' },
  { code: '500118', name: '永川区' },
  { code: '500119', name: '南川区' },
  { code: '500120', name: '璧山区' },
  { code: '500151', name: '铜梁区' },
  { code: '500152', name: '潼南区' },
  { code: '500153', name: '荣昌区' },
  { code: '500154', name: '开州区' },
  { code: '500155', name: '梁平区' },
  { code: '500156', name: '武隆区' },
  { code: '500229', name: '城口县' },
  { code: '500230', name: '丰都县' },
  { code: '500231', name: '垫江县' },
  { code: '500233', name: '忠县' },
  { code: '500235', name: '云阳县' },
  { code: '500236', name: '奉节县' },
  { code: '500237', name: '巫山县' },
  { code: '500238', name: '巫溪县' },
  { code: '500240', name: '石柱土家族自治县' },
  { code: '500241', name: '秀山土家族苗族自治县' },
  { code: '500242', name: '酉阳土家族苗族自治县' },
  { code: '500243', name: '彭水苗族土家族自治县' },
]);

const NAMES: ReadonlyMap<string, string> = new Map(REGIONS.map((r) => [r.code, r.name]));

/** The district/county name of a code, or undefined when it is not a 重庆 district/county. */
export function regionName(code: string): string | undefined {
  return NAMES.get(code);
}

export function isRegionCode(code: unknown): code is string {
  return typeof code === 'string' && NAMES.has(code);
}
