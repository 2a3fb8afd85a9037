/**
 * How the catalog's codes read on the portal's pages (the national element names and values the
 * guide shows). Shared by the server loads and the components; no service call.
 */
import type {
  Collection,
  HandlingType,
  ItemLevel,
  MaterialMedia,
  Necessity,
  ServiceObject,
  TimeLimit,
} from '@hall/web/server';

/** Fallback names of the 11 national power types, for when a list does not carry them. */
export const powerTypeNames: Readonly<Record<string, string>> = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
};

export const powerTypeCodes = Object.keys(powerTypeNames);

export const handlingTypeNames: Readonly<Record<HandlingType, string>> = {
  immediate: '即办件',
  promised: '承诺件',
};

export const levelNames: Readonly<Record<ItemLevel, string>> = {
  municipal: '市级',
  district: '区县级',
  township: '乡镇（街道）级',
};

export const serviceObjectNames: Readonly<Record<ServiceObject, string>> = {
  person: '自然人',
  legal: '法人',
};

export const mediaNames: Readonly<Record<MaterialMedia, string>> = {
  electronic: '电子',
  paper: '纸质',
};

export const collectionNames: Readonly<Record<Collection, string>> = {
  upload: '本地上传',
  window: '窗口提交',
};

/**
 * 必要性, with a symbol so it never rests on colour alone; `meaning` is the legend's sentence
 * (manual 2.1: 必要 must be provided to submit, 容缺后补 may follow at the window, 非必要 optional).
 */
export const necessities: Readonly<
  Record<Necessity, { name: string; symbol: string; meaning: string }>
> = {
  required: { name: '必要', symbol: '●', meaning: '必须提交才能申报' },
  deferrable: { name: '容缺后补', symbol: '◐', meaning: '可在网上预受理后到窗口补交' },
  optional: { name: '非必要', symbol: '○', meaning: '根据实际情况选择提交' },
};

/** 网办深度 1–7 (null when the item is not handled online). */
export function onlineDepthText(depth: number | null | undefined): string {
  return depth ? `${depth}级` : '无';
}

/** `{ value: 20, unit: 'workday' }` → `20个工作日`; null → `无`. */
export function timeLimitText(limit: TimeLimit | null | undefined): string {
  if (!limit) return '无';
  return limit.unit === 'workday' ? `${limit.value}个工作日` : `${limit.value}个自然日`;
}

/** ['person', 'legal'] → `自然人、法人`. */
export function serviceObjectsText(objects: readonly ServiceObject[]): string {
  return objects.map((o) => serviceObjectNames[o]).join('、');
}

/** 到办事现场次数: 0 → `0次（无需到现场）`. */
export function visitsText(visits: number): string {
  return visits === 0 ? '0次（无需到现场）' : `${visits}次`;
}
