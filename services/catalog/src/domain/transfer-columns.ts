/**
 * The columns of the catalog workbook as staff keep it (部门, 事项, 材料 sheets with Chinese
 * headers), and how each cell is written and read. Reading is lenient where people are (codes or
 * names, 是/否 or 1/0, “20工作日” or “20个工作日”) and exact about meaning: anything it cannot
 * read is reported for that cell, never guessed.
 */
import type { ItemDefinition, Material, TimeLimit } from './definition';
import { powerTypeName, powerTypes, type PowerTypeCode } from './power-types';

export const SHEETS = { departments: '部门', items: '事项', materials: '材料' } as const;

/** A cell that could not be read: the message says what is expected. */
export class CellError extends Error {
  override name = 'CellError';
}

const fail = (message: string): never => {
  throw new CellError(message);
};

// ---------------------------------------------------------------- codecs

const LEVELS: ReadonlyArray<[ItemDefinition['level'], string]> = [
  ['municipal', '市级'],
  ['district', '区县级'],
  ['township', '乡镇（街道）级'],
];
const HANDLING: ReadonlyArray<[ItemDefinition['handlingType'], string]> = [
  ['immediate', '即办件'],
  ['promised', '承诺件'],
];
const NECESSITY: ReadonlyArray<[Material['necessity'], string]> = [
  ['required', '必要'],
  ['deferrable', '容缺后补'],
  ['optional', '非必要'],
];
const COLLECTION: ReadonlyArray<[Material['collection'], string]> = [
  ['upload', '本地上传'],
  ['window', '窗口提交'],
];
const MEDIA: ReadonlyArray<[Material['media'][number], string]> = [
  ['electronic', '电子'],
  ['paper', '纸质'],
];
const OBJECTS: ReadonlyArray<[ItemDefinition['serviceObjects'][number], string]> = [
  ['person', '自然人'],
  ['legal', '法人'],
];

/** Full-width and spacing variants people type, folded before comparing. */
function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

function nameOf<T extends string>(table: ReadonlyArray<[T, string]>, value: T): string {
  return table.find(([v]) => v === value)?.[1] ?? value;
}

function valueOf<T extends string>(
  table: ReadonlyArray<[T, string]>,
  text: string,
  what: string,
  aliases: Record<string, T> = {},
): T {
  const t = fold(text);
  const hit = table.find(([v, name]) => fold(name) === t || v === t) ?? null;
  if (hit) return hit[0];
  const alias = aliases[t];
  if (alias) return alias;
  return fail(`${what}应为${table.map(([, n]) => `“${n}”`).join('、')}之一`);
}

/** A list cell: items separated by 、，,；; / or spaces. */
function splitList(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[、,;/\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×']);

function yesNo(text: string, what: string): boolean {
  const t = fold(text).toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return fail(`${what}应填“是”或“否”`);
}

function integer(text: string, what: string, min: number, max: number): number {
  const t = fold(text);
  if (!/^\d+$/.test(t)) return fail(`${what}应为${min}至${max}的整数`);
  const n = Number(t);
  if (n < min || n > max) return fail(`${what}应为${min}至${max}的整数`);
  return n;
}

function timeLimitText(limit: TimeLimit | null): string {
  if (!limit) return '';
  return `${limit.value}${limit.unit === 'workday' ? '工作日' : '自然日'}`;
}

function timeLimit(text: string, what: string): TimeLimit | null {
  const t = fold(text);
  if (t === '' || t === '无' || t === '-') return null;
  const match = /^(\d{1,4})个?(工作日|自然日|日|天)$/.exec(t);
  if (!match) return fail(`${what}应写作“20工作日”或“30自然日”，没有时限的留空`);
  const value = Number(match[1]);
  if (value < 1 || value > 3650) return fail(`${what}应为1至3650`);
  return { value, unit: match[2] === '工作日' ? 'workday' : 'day' };
}

function powerTypeText(code: PowerTypeCode): string {
  return powerTypeName(code);
}

function powerType(text: string): PowerTypeCode {
  const t = fold(text);
  const code = /^\d{1,2}$/.test(t) ? t.padStart(2, '0') : null;
  const hit = powerTypes.find(
    (p) => p.code === code || fold(p.name) === t || t === `${p.code}${p.name}`,
  );
  if (hit) return hit.code;
  return fail('事项类型应为国家事项类型的编码（如 01）或名称（如 行政许可）');
}

// ---------------------------------------------------------------- columns

/** What the 事项 sheet's columns fill in, before the department and parent are resolved. */
export type ItemFields = Omit<ItemDefinition, 'departmentId' | 'parentId' | 'materials'> & {
  departmentName: string;
  parentImplCode: string;
};

/** What an exported item row shows beyond its definition. */
export interface ItemRowContext {
  departmentName: string;
  parentImplCode: string;
  status: string;
}

export interface Column<T, C> {
  header: string;
  /** Field path of the definition this column fills, for mapping validation errors back. */
  field: string;
  width: number;
  /** Written as text even when it looks like a number (codes). */
  text?: boolean;
  /** Optional on import: when the column is missing the field gets its default. */
  optional?: boolean;
  write: (value: T, context: C) => string | number;
  read?: (cell: string, into: Record<string, unknown>) => void;
}

const str =
  (key: string) =>
  (cell: string, into: Record<string, unknown>): void => {
    into[key] = cell;
  };

export const ITEM_COLUMNS: ReadonlyArray<Column<ItemDefinition, ItemRowContext>> = [
  { header: '事项名称', field: 'name', width: 36, write: (d) => d.name, read: str('name') },
  {
    header: '实施编码',
    field: 'implCode',
    width: 34,
    text: true,
    write: (d) => d.implCode,
    read: str('implCode'),
  },
  {
    header: '基本编码',
    field: 'basicCode',
    width: 16,
    text: true,
    write: (d) => d.basicCode,
    read: str('basicCode'),
  },
  {
    header: '事项类型',
    field: 'powerType',
    width: 12,
    write: (d) => powerTypeText(d.powerType),
    read: (c, o) => (o.powerType = powerType(c)),
  },
  {
    header: '实施主体',
    field: 'departmentId',
    width: 20,
    write: (_, x) => x.departmentName,
    read: str('departmentName'),
  },
  {
    header: '父事项实施编码',
    field: 'parentId',
    width: 34,
    text: true,
    optional: true,
    write: (_, x) => x.parentImplCode,
    read: str('parentImplCode'),
  },
  {
    header: '行使层级',
    field: 'level',
    width: 12,
    write: (d) => nameOf(LEVELS, d.level),
    read: (c, o) =>
      (o.level = valueOf(LEVELS, c, '行使层级', {
        区县: 'district',
        乡镇级: 'township',
        街道级: 'township',
      })),
  },
  {
    header: '办件类型',
    field: 'handlingType',
    width: 10,
    write: (d) => nameOf(HANDLING, d.handlingType),
    read: (c, o) =>
      (o.handlingType = valueOf(HANDLING, c, '办件类型', { '1': 'immediate', '2': 'promised' })),
  },
  {
    header: '法定办结时限',
    field: 'legalTimeLimit',
    width: 14,
    write: (d) => timeLimitText(d.legalTimeLimit),
    read: (c, o) => (o.legalTimeLimit = timeLimit(c, '法定办结时限')),
  },
  {
    header: '承诺办结时限',
    field: 'promisedTimeLimit',
    width: 14,
    write: (d) => timeLimitText(d.promisedTimeLimit),
    read: (c, o) => (o.promisedTimeLimit = timeLimit(c, '承诺办结时限')),
  },
  { header: '设定依据', field: 'basis', width: 50, write: (d) => d.basis, read: str('basis') },
  {
    header: '受理条件',
    field: 'conditions',
    width: 50,
    write: (d) => d.conditions,
    read: str('conditions'),
  },
  {
    header: '办理流程',
    field: 'process',
    width: 50,
    write: (d) => d.process,
    read: str('process'),
  },
  {
    header: '办理地点',
    field: 'location',
    width: 40,
    write: (d) => d.location,
    read: str('location'),
  },
  { header: '办理时间', field: 'hours', width: 30, write: (d) => d.hours, read: str('hours') },
  {
    header: '咨询方式',
    field: 'consultation',
    width: 40,
    write: (d) => d.consultation,
    read: str('consultation'),
  },
  {
    header: '监督投诉方式',
    field: 'supervision',
    width: 40,
    write: (d) => d.supervision,
    read: str('supervision'),
  },
  {
    header: '是否收费',
    field: 'fee/charged',
    width: 10,
    write: (d) => (d.fee.charged ? '是' : '否'),
    read: (c, o) => (o.feeCharged = yesNo(c, '是否收费')),
  },
  {
    header: '收费标准',
    field: 'fee/standard',
    width: 24,
    optional: true,
    write: (d) => d.fee.standard,
    read: str('feeStandard'),
  },
  {
    header: '收费依据',
    field: 'fee/basis',
    width: 24,
    optional: true,
    write: (d) => d.fee.basis,
    read: str('feeBasis'),
  },
  {
    header: '服务对象',
    field: 'serviceObjects',
    width: 14,
    write: (d) => d.serviceObjects.map((o) => nameOf(OBJECTS, o)).join('、'),
    read: (c, o) => {
      const list = splitList(c).map((part) =>
        valueOf(OBJECTS, part, '服务对象', {
          个人: 'person',
          公民: 'person',
          法人和其他组织: 'legal',
          法人及其他组织: 'legal',
          企业: 'legal',
          单位: 'legal',
          其他组织: 'legal',
        }),
      );
      if (list.length === 0) fail('服务对象应填“自然人”“法人”或“自然人、法人”');
      o.serviceObjects = [...new Set(list)];
    },
  },
  {
    header: '到办事现场次数',
    field: 'visits',
    width: 10,
    write: (d) => d.visits,
    read: (c, o) => (o.visits = integer(c, '到办事现场次数', 0, 5)),
  },
  {
    header: '是否可在线申报',
    field: 'online',
    width: 10,
    write: (d) => (d.online ? '是' : '否'),
    read: (c, o) => (o.online = yesNo(c, '是否可在线申报')),
  },
  {
    header: '网办深度',
    field: 'onlineDepth',
    width: 10,
    write: (d) => d.onlineDepth ?? '',
    read: (c, o) => (o.onlineDepth = fold(c) === '' ? null : integer(c, '网办深度', 1, 7)),
  },
  {
    header: '阅读须知',
    field: 'notice',
    width: 40,
    optional: true,
    write: (d) => d.notice,
    read: str('notice'),
  },
  {
    header: '排序',
    field: 'sortOrder',
    width: 8,
    optional: true,
    write: (d) => d.sortOrder ?? '',
    read: (c, o) => {
      if (fold(c) !== '') o.sortOrder = integer(c, '排序', 0, 1000000);
    },
  },
  {
    header: '业务表单',
    field: 'form',
    width: 40,
    optional: true,
    write: (d) => (d.form ? JSON.stringify(d.form) : ''),
    read: (c, o) => {
      if (c.trim() === '') {
        o.form = null;
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(c);
      } catch {
        return fail('业务表单应为 JSON 文本（可从导出的工作簿复制），不需要业务表单的留空');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        fail('业务表单应为 JSON 对象');
      o.form = parsed;
    },
  },
  // Informational: what the item's state is in the hall. Import ignores it.
  { header: '状态', field: '', width: 16, optional: true, write: (_, x) => x.status },
];

/** What an exported material row shows beyond the material. */
export interface MaterialRowContext {
  implCode: string;
}

export const MATERIAL_COLUMNS: ReadonlyArray<Column<Material, MaterialRowContext>> = [
  {
    header: '实施编码',
    field: 'implCode',
    width: 34,
    text: true,
    write: (_, x) => x.implCode,
    read: str('implCode'),
  },
  { header: '材料名称', field: 'name', width: 40, write: (m) => m.name, read: str('name') },
  {
    header: '材料形式',
    field: 'media',
    width: 12,
    write: (m) => m.media.map((v) => nameOf(MEDIA, v)).join('、'),
    read: (c, o) => {
      const list = splitList(c).map((part) =>
        valueOf(MEDIA, part, '材料形式', { 电子版: 'electronic', 纸质版: 'paper' }),
      );
      if (list.length === 0) fail('材料形式应填“电子”“纸质”或“电子、纸质”');
      o.media = [...new Set(list)];
    },
  },
  {
    header: '必要性',
    field: 'necessity',
    width: 10,
    write: (m) => nameOf(NECESSITY, m.necessity),
    read: (c, o) =>
      (o.necessity = valueOf(NECESSITY, c, '必要性', { 容缺: 'deferrable', 可选: 'optional' })),
  },
  {
    header: '收取方式',
    field: 'collection',
    width: 10,
    write: (m) => nameOf(COLLECTION, m.collection),
    read: (c, o) =>
      (o.collection = valueOf(COLLECTION, c, '收取方式', { 上传: 'upload', 窗口: 'window' })),
  },
  {
    header: '文件类型',
    field: 'fileTypes',
    width: 18,
    write: (m) => m.fileTypes.join(','),
    read: (c, o) =>
      (o.fileTypes = [...new Set(splitList(c).map((t) => t.replace(/^\*?\./, '').toLowerCase()))]),
  },
  {
    header: '大小上限MB',
    field: 'maxSizeMb',
    width: 10,
    write: (m) => m.maxSizeMb,
    read: (c, o) => (o.maxSizeMb = integer(c, '大小上限MB', 1, 50)),
  },
  {
    header: '份数',
    field: 'copies',
    width: 6,
    write: (m) => m.copies,
    read: (c, o) => (o.copies = integer(c, '份数', 0, 99)),
  },
  {
    header: '备注',
    field: 'notes',
    width: 40,
    optional: true,
    write: (m) => m.notes,
    read: str('notes'),
  },
  {
    header: '空白表格',
    field: 'blankFormId',
    width: 38,
    optional: true,
    text: true,
    write: (m) => m.blankFormId ?? '',
    read: (c, o) => (o.blankFormId = c.trim() === '' ? null : c.trim()),
  },
  {
    header: '示例样表',
    field: 'sampleId',
    width: 38,
    optional: true,
    text: true,
    write: (m) => m.sampleId ?? '',
    read: (c, o) => (o.sampleId = c.trim() === '' ? null : c.trim()),
  },
  {
    header: '材料标识',
    field: 'id',
    width: 38,
    optional: true,
    text: true,
    write: (m) => m.id,
    read: (c, o) => (o.id = c.trim()),
  },
];

export interface DepartmentRow {
  code: string;
  name: string;
  sortOrder: number;
  enabled: boolean;
}

export const DEPARTMENT_COLUMNS: ReadonlyArray<Column<DepartmentRow, null>> = [
  {
    header: '部门编码',
    field: 'code',
    width: 22,
    text: true,
    write: (d) => d.code,
    read: str('code'),
  },
  { header: '部门名称', field: 'name', width: 24, write: (d) => d.name, read: str('name') },
  {
    header: '排序',
    field: 'sortOrder',
    width: 8,
    optional: true,
    write: (d) => d.sortOrder,
    read: (c, o) => (o.sortOrder = fold(c) === '' ? 0 : integer(c, '排序', 0, 1000000)),
  },
  {
    header: '状态',
    field: 'enabled',
    width: 8,
    optional: true,
    write: (d) => (d.enabled ? '启用' : '停用'),
    read: (c, o) => {
      const t = fold(c);
      if (t === '' || t === '启用') o.enabled = true;
      else if (t === '停用') o.enabled = false;
      else fail('状态应为“启用”或“停用”');
    },
  },
];

/** The column header a definition field path (`fee/standard`, `materials/2/fileTypes`) belongs to. */
export function headerOf<T, C>(columns: ReadonlyArray<Column<T, C>>, field: string): string | null {
  const exact = columns.find((c) => c.field === field);
  if (exact) return exact.header;
  const prefix = columns.find((c) => c.field !== '' && field.startsWith(`${c.field}/`));
  return prefix?.header ?? null;
}
