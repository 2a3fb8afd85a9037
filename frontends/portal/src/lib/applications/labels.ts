/**
 * 在线申报 (manual 2.1, 3.3–3.6) as the pages show it: the steps, the 基本信息 fields of a person
 * and of a unit, the states of 我的办件, how a material is provided, and 星级测评's levels and
 * indicators. No service call: shared by the server loads and the components.
 */
import type {
  ApplicantKind,
  ApplicationState,
  BasicKey,
  DraftStep,
  EvaluationIndicators,
  ProvisionKind,
} from '@hall/web/server';

/** The steps of the flow; 业务表单 only when the item has one. */
export type FlowStep = DraftStep | 'submit';

export interface StepInfo {
  step: FlowStep;
  label: string;
}

export function flowSteps(hasForm: boolean): StepInfo[] {
  return [
    { step: 'notice', label: '阅读须知' },
    { step: 'basic', label: '基本信息' },
    ...(hasForm ? [{ step: 'form' as const, label: '业务表单' }] : []),
    { step: 'materials', label: '材料上传' },
    { step: 'submit', label: '申报告知单' },
  ];
}

/** The step after `step` (the form step skipped when there is none). */
export function nextStep(step: DraftStep, hasForm: boolean): DraftStep | 'submit' {
  const steps = flowSteps(hasForm).map((s) => s.step);
  return steps[steps.indexOf(step) + 1] ?? 'submit';
}

export function previousStep(step: DraftStep, hasForm: boolean): DraftStep {
  const steps = flowSteps(hasForm).map((s) => s.step);
  return (steps[Math.max(0, steps.indexOf(step) - 1)] as DraftStep | undefined) ?? 'notice';
}

export interface BasicField {
  key: BasicKey;
  label: string;
  required: boolean;
  hint?: string;
  type?: 'text' | 'tel';
  autocomplete?: 'name' | 'organization' | 'tel' | 'street-address' | 'postal-code' | 'off';
  inputmode?: 'numeric' | 'tel';
  maxlength: number;
  multiline?: boolean;
}

/** 基本信息 of a person (申请人) — 证件类型 is fixed: 居民身份证. */
const personFields: BasicField[] = [
  { key: 'name', label: '申请人', required: true, autocomplete: 'name', maxlength: 30 },
  {
    key: 'idNumber',
    label: '证件号码',
    required: true,
    hint: '18位居民身份证号码',
    autocomplete: 'off',
    maxlength: 18,
  },
  {
    key: 'mobile',
    label: '手机号码',
    required: true,
    type: 'tel',
    autocomplete: 'tel',
    inputmode: 'tel',
    maxlength: 11,
  },
  { key: 'contactName', label: '联系人', required: true, autocomplete: 'name', maxlength: 30 },
  {
    key: 'address',
    label: '联系地址',
    required: true,
    autocomplete: 'street-address',
    maxlength: 200,
  },
  {
    key: 'postcode',
    label: '邮政编码',
    required: false,
    autocomplete: 'postal-code',
    inputmode: 'numeric',
    maxlength: 6,
  },
  { key: 'remarks', label: '备注', required: false, maxlength: 500, multiline: true },
];

/** 基本信息 of a unit (申请单位) — 证件类型 is fixed: 统一社会信用代码. */
const unitFields: BasicField[] = [
  { key: 'name', label: '申请单位', required: true, autocomplete: 'organization', maxlength: 60 },
  {
    key: 'idNumber',
    label: '统一社会信用代码',
    required: true,
    hint: '18位，见营业执照',
    autocomplete: 'off',
    maxlength: 18,
  },
  { key: 'legalRepresentative', label: '法定代表人', required: true, maxlength: 30 },
  { key: 'contactName', label: '联系人', required: true, autocomplete: 'name', maxlength: 30 },
  {
    key: 'mobile',
    label: '手机号码',
    required: true,
    type: 'tel',
    autocomplete: 'tel',
    inputmode: 'tel',
    maxlength: 11,
  },
  {
    key: 'address',
    label: '联系地址',
    required: true,
    autocomplete: 'street-address',
    maxlength: 200,
  },
  {
    key: 'postcode',
    label: '邮政编码',
    required: false,
    autocomplete: 'postal-code',
    inputmode: 'numeric',
    maxlength: 6,
  },
  { key: 'remarks', label: '备注', required: false, maxlength: 500, multiline: true },
];

export function basicFields(kind: ApplicantKind): BasicField[] {
  return kind === 'unit' ? unitFields : personFields;
}

export const idTypeLabels: Readonly<Record<ApplicantKind, string>> = {
  person: '居民身份证',
  unit: '统一社会信用代码',
};

/** The states 我的办件 filters on, in the order an application goes through them. */
export const stateOptions: ReadonlyArray<{ state: ApplicationState; label: string }> = [
  { state: 'draft', label: '暂存' },
  { state: 'submitted', label: '待预审' },
  { state: 'prereviewed', label: '待受理' },
  { state: 'supplement', label: '补齐补正' },
  { state: 'accepted', label: '已受理' },
  { state: 'not_accepted', label: '不予受理' },
  { state: 'rejected', label: '已驳回' },
  { state: 'completed', label: '办结' },
];

export const provisionLabels: Readonly<Record<ProvisionKind, string>> = {
  upload: '已上传',
  window: '窗口提交',
  deferred: '窗口后补',
  none: '不提交',
};

/** 星级测评: five levels, best first (一事一评). */
export const evaluationLevels: ReadonlyArray<{ level: number; label: string }> = [
  { level: 5, label: '非常满意' },
  { level: 4, label: '满意' },
  { level: 3, label: '基本满意' },
  { level: 2, label: '不满意' },
  { level: 1, label: '非常不满意' },
];

export const indicatorLabels: Readonly<Record<keyof EvaluationIndicators, string>> = {
  overall: '整体满意度',
  efficiency: '办事效率',
  guideAccuracy: '办事指南精确度',
  convenience: '办事便捷度',
  usability: '平台操作性',
};

/** `12345` bytes → `12.1 KB`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `?state=draft&page=2`: a link's query from the values given (empty ones left out). */
export function queryHref(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== '' && value !== null && value !== undefined) params.set(key, String(value));
  }
  return `?${params}`;
}

/** The input name a material's errors are shown at (its file input's id is `f-<name>`). */
export const materialField = (materialId: string): string => `material-${materialId}`;

const dateTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-12-04T12:18:05Z` → `2026-12-04 20:18` (北京时间). */
export function timeText(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = Object.fromEntries(dateTime.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026-12-04T12:18:05Z` → `2026-12-04`. */
export const dateText = (iso: string | null | undefined): string =>
  iso ? timeText(iso).slice(0, 10) : '—';
