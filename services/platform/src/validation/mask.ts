/**
 * Masking of personal data for display (DOMAIN.md "Security and personal data": ID and phone
 * numbers are shown masked everywhere except to their owner and to staff handling that
 * application).
 *
 * Every function is total: it accepts anything (null, undefined and non-strings give ''), never
 * throws, and when the input does not have the expected shape it falls back to hiding every
 * character rather than revealing more than the normal pattern would.
 */
import { normalizeCreditCode } from './credit-code';
import { normalizeIdCardNumber } from './id-card';
import { normalizeMobile } from './mobile';
import { asString, graphemes } from './text';

type Maskable = string | null | undefined;

const MASK = '*';
/** Placeholder for the hidden middle of a unit name; fixed so the hidden length is not revealed. */
const UNIT_NAME_PLACEHOLDER = '某某';

function maskAll(value: string): string {
  return MASK.repeat(graphemes(value).length);
}

function keepEnds(value: string, head: number, tail: number): string {
  return value.slice(0, head) + MASK.repeat(value.length - head - tail) + value.slice(-tail);
}

/**
 * `500103199001011234` → `500103********1234` (first 6 and last 4 kept, birth date and
 * sequence hidden). A legacy 15-digit number keeps the first 6 and last 3 so that its 6-digit
 * birth date stays hidden. Anything else is masked entirely.
 */
export function maskIdCardNumber(s: Maskable): string {
  const id = normalizeIdCardNumber(asString(s));
  if (id.length === 18 && /^[0-9X]+$/.test(id)) return keepEnds(id, 6, 4);
  if (id.length === 15 && /^\d+$/.test(id)) return keepEnds(id, 6, 3);
  return maskAll(id);
}

/**
 * `13812345678` → `138****5678`. The input is normalised first (spaces, hyphens, +86 removed).
 * Anything that is not 11 digits is masked entirely.
 */
export function maskMobile(s: Maskable): string {
  const mobile = normalizeMobile(asString(s));
  if (/^\d{11}$/.test(mobile)) return keepEnds(mobile, 3, 4);
  return maskAll(mobile);
}

/**
 * 统一社会信用代码: `91350100M000100Y43` → `91350100********43`. The first 8 characters
 * (authority, type and area code of the registering office) say what kind of organisation it
 * is and where it was registered without identifying it; the 主体标识码 (chars 9–16) that
 * identifies it is hidden, and only its last character plus the check character are shown,
 * enough to tell two codes apart when reading them out. Anything that is not 18 characters of
 * the code's alphabet is masked entirely.
 */
export function maskCreditCode(s: Maskable): string {
  const code = normalizeCreditCode(asString(s));
  if (code.length === 18 && /^[0-9A-HJ-NP-RTUW-Y]+$/.test(code)) return keepEnds(code, 8, 2);
  return maskAll(code);
}

/**
 * Personal names: keep the first character, one `*` per remaining character:
 * `张三` → `张*`, `欧阳娜娜` → `欧***`. A one-character name becomes `*`. Characters are
 * counted as user-perceived characters, so rare characters outside the BMP count as one.
 */
export function maskName(s: Maskable): string {
  const chars = graphemes(asString(s).trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return MASK;
  return (chars[0] ?? '') + MASK.repeat(chars.length - 1);
}

/**
 * Organisational suffixes kept by `maskUnitName`; the longest matching one wins. They say what
 * kind of unit it is, not which one.
 */
// prettier-ignore
const UNIT_SUFFIXES: readonly string[] = [
  '股份有限公司', '有限责任公司', '集团有限公司', '有限公司', '分公司', '公司',
  '个人独资企业', '合伙企业', '企业', '集团',
  '农民专业合作社', '专业合作社', '合作社', '联合社',
  '分行', '支行', '银行',
  '律师事务所', '会计师事务所', '事务所',
  '基金会', '联合会', '促进会', '研究会', '委员会', '协会', '学会', '商会',
  '研究院', '研究所', '设计院', '卫生院', '医院', '学院', '大学', '学校', '幼儿园',
  '人民政府', '办事处', '办公室', '管理处', '中心', '工作室',
  '经营部', '门市部', '服务部', '分店', '商行',
  '局', '厅', '处', '所', '站', '馆', '院', '社', '店', '厂', '部',
].sort((a, b) => b.length - a.length);

/** Legal-form qualifiers written in parentheses after the name, e.g. 某某中心（有限合伙）. */
const LEGAL_FORM_QUALIFIER = /[(（](?:有限合伙|普通合伙|特殊普通合伙|个人独资)[)）]$/u;

/**
 * Unit (organisation) names: keep the first two characters and the organisational suffix,
 * replace everything in between with `某某`:
 * `重庆某某科技有限公司` → `重庆某某有限公司`,
 * `重庆某某投资中心（有限合伙）` → `重庆某某中心（有限合伙）`.
 *
 * Short names: of the part before the suffix at most half (and at most two characters) is
 * shown, so `重庆公司` → `重某某公司` and `重庆市人民政府` → `重某某人民政府`; a suffix only
 * counts when something precedes it, and a name without a known suffix keeps at most its first
 * two characters (`某某` for one or two characters). The placeholder is always `某某`, whatever
 * the length of the hidden part.
 */
export function maskUnitName(s: Maskable): string {
  const name = asString(s).trim();
  if (name.length === 0) return '';

  const match = LEGAL_FORM_QUALIFIER.exec(name)?.[0] ?? '';
  // The qualifier only counts when a name precedes it.
  const qualifier = match.length < name.length ? match : '';
  const base = name.slice(0, name.length - qualifier.length);
  const baseChars = graphemes(base);

  let suffix = '';
  for (const candidate of UNIT_SUFFIXES) {
    if (base.endsWith(candidate) && baseChars.length > candidate.length) {
      suffix = candidate;
      break;
    }
  }
  const rest = baseChars.length - suffix.length;
  const keep = Math.min(2, Math.floor(rest / 2));
  return baseChars.slice(0, keep).join('') + UNIT_NAME_PLACEHOLDER + suffix + qualifier;
}
