/**
 * The catalog's codes in words, for the console's pages (client and server): power types,
 * 办件类型, units, 服务对象, materials' options, item states and the business-form widgets.
 */
import { WIDGET_NAMES, WIDGETS, type Widget } from '@hall/platform/forms';

export interface Option {
  value: string;
  label: string;
}

/** The 11 national power types (事项类型). */
export const powerTypes: readonly Option[] = [
  { value: '01', label: '行政许可' },
  { value: '02', label: '行政处罚' },
  { value: '03', label: '行政强制' },
  { value: '04', label: '行政征收' },
  { value: '05', label: '行政给付' },
  { value: '06', label: '行政检查' },
  { value: '07', label: '行政确认' },
  { value: '08', label: '行政奖励' },
  { value: '09', label: '行政裁决' },
  { value: '10', label: '其他行政权力' },
  { value: '20', label: '公共服务' },
];

export const levels: readonly Option[] = [
  { value: 'municipal', label: '市级' },
  { value: 'district', label: '区县级' },
  { value: 'township', label: '乡镇（街道）级' },
];

export const handlingTypes: readonly Option[] = [
  { value: 'immediate', label: '即办件' },
  { value: 'promised', label: '承诺件' },
];

export const timeUnits: readonly Option[] = [
  { value: 'workday', label: '工作日' },
  { value: 'day', label: '自然日' },
];

export const serviceObjects: ReadonlyArray<Option & { hint: string }> = [
  { value: 'person', label: '自然人', hint: '列入“个人办事”' },
  { value: 'legal', label: '法人', hint: '列入“单位办事”' },
];

export const onlineDepths: readonly Option[] = [1, 2, 3, 4, 5, 6, 7].map((n) => ({
  value: String(n),
  label: `${n}级`,
}));

export const media: readonly Option[] = [
  { value: 'electronic', label: '电子' },
  { value: 'paper', label: '纸质' },
];

export const necessities: ReadonlyArray<Option & { hint: string }> = [
  { value: 'required', label: '必要', hint: '必须提交才能申报' },
  { value: 'deferrable', label: '容缺后补', hint: '网上预受理后可到窗口补交' },
  { value: 'optional', label: '非必要', hint: '按实际情况提交' },
];

export const collections: readonly Option[] = [
  { value: 'upload', label: '本地上传' },
  { value: 'window', label: '窗口提交' },
];

export const itemStatuses: readonly Option[] = [
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '已发布' },
  { value: 'withdrawn', label: '已下架' },
  { value: 'changed', label: '有未发布修改' },
];

export const versionStates: Record<string, string> = {
  draft: '草稿',
  published: '当前发布',
  superseded: '历史版本',
};

/** The business form's widgets (names as @hall/platform/forms gives them), with hints. */
const widgetHints: Record<Widget, string> = {
  text: '可设最少、最多字数和格式',
  textarea: '可设最少、最多字数',
  date: '',
  select: '需填写选项',
  radio: '需填写选项',
  checkbox: '勾选表示“是”',
  number: '可设最小值、最大值',
  'id-number': '按居民身份证号码规则校验',
  phone: '11位手机号码',
  region: '从重庆市的区县中选择',
};
export const widgets: ReadonlyArray<Option & { hint: string }> = WIDGETS.map((w) => ({
  value: w,
  label: WIDGET_NAMES[w],
  hint: widgetHints[w],
}));

export const labelOf = (options: readonly Option[], value: string | null | undefined): string =>
  options.find((o) => o.value === value)?.label ?? value ?? '—';
