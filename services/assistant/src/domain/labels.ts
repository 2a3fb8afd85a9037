import type { IndexedMaterial, TimeLimit } from '../db/schema';

/** The 11 national power types (事项类型), by code. */
const POWER_TYPES: Readonly<Record<string, string>> = {
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

export const powerTypeLabel = (code: string) => POWER_TYPES[code] ?? code;

const NECESSITY: Record<IndexedMaterial['necessity'], string> = {
  required: '必要',
  deferrable: '容缺后补',
  optional: '非必要',
};

const COLLECTION: Record<IndexedMaterial['collection'], string> = {
  upload: '本地上传',
  window: '窗口提交',
};

/** One line of a materials list: “1. 居民身份证（必要，本地上传）”. */
export const materialLine = (m: IndexedMaterial, index: number) =>
  `${index + 1}. ${m.name}（${NECESSITY[m.necessity]}，${COLLECTION[m.collection]}）`;

/** “5个工作日”, “60天”. */
export const timeLimitText = (limit: TimeLimit) =>
  `${limit.value}${limit.unit === 'workday' ? '个工作日' : '天'}`;

/** A text ending as a sentence: “。” added unless it ends with punctuation already. */
export const sentence = (text: string) => (/[。！？.!?]$/.test(text) ? text : `${text}。`);
