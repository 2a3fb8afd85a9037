/**
 * The words of the 办件 pages: queues, decisions, how materials are provided. The states' own
 * labels come from submissions with every application (`stateLabel`), so they are not repeated
 * here.
 */
import type { ApplicationState, Queue, StaffAction } from '@hall/web/server';

export interface QueueTab {
  value: Queue;
  label: string;
}

/** The worklist's tabs, in the order work flows. */
export const queueTabs: readonly QueueTab[] = [
  { value: 'prereview', label: '待预审' },
  { value: 'accept', label: '待受理' },
  { value: 'supplement', label: '补正中' },
  { value: 'complete', label: '待办结' },
  { value: 'all', label: '全部' },
];

export const isQueue = (value: string): value is Queue => queueTabs.some((q) => q.value === value);

export interface ActionSpec {
  action: StaffAction;
  /** The button and the page title: 预审通过, 受理 … */
  label: string;
  /** The console path segment under `/applications/{id}/`. */
  slug: string;
  /** The states it applies to (services/submissions' state machine). */
  from: readonly ApplicationState[];
  /** Ends the application or sends it away from the station: a confirmation is asked for. */
  destructive: boolean;
}

export const actionSpecs: readonly ActionSpec[] = [
  {
    action: 'prereview',
    label: '预审通过',
    slug: 'prereview',
    from: ['submitted'],
    destructive: false,
  },
  { action: 'accept', label: '受理', slug: 'accept', from: ['prereviewed'], destructive: false },
  {
    action: 'request_supplement',
    label: '补齐补正',
    slug: 'supplement',
    from: ['submitted', 'prereviewed'],
    destructive: false,
  },
  {
    action: 'not_accept',
    label: '不予受理',
    slug: 'not-accept',
    from: ['submitted', 'prereviewed'],
    destructive: true,
  },
  {
    action: 'reject',
    label: '驳回',
    slug: 'reject',
    from: ['submitted', 'prereviewed', 'accepted'],
    destructive: true,
  },
  { action: 'complete', label: '办结', slug: 'complete', from: ['accepted'], destructive: true },
];

export const actionSpec = (action: StaffAction): ActionSpec =>
  actionSpecs.find((a) => a.action === action)!;

export const necessityLabels: Record<string, string> = {
  required: '必要',
  deferrable: '容缺后补',
  optional: '非必要',
};

export const collectionLabels: Record<string, string> = {
  upload: '本地上传',
  window: '窗口提交',
};

/** 基本信息 in the order the applicant filled it in. */
export const basicLabels: ReadonlyArray<{ key: string; person: string; unit: string }> = [
  { key: 'name', person: '申请人', unit: '申请单位' },
  { key: 'idTypeLabel', person: '证件类型', unit: '证件类型' },
  { key: 'idNumber', person: '证件号码', unit: '统一社会信用代码' },
  { key: 'legalRepresentative', person: '', unit: '法定代表人' },
  { key: 'contactName', person: '联系人', unit: '联系人' },
  { key: 'mobile', person: '手机号码', unit: '手机号码' },
  { key: 'address', person: '联系地址', unit: '联系地址' },
  { key: 'postcode', person: '邮政编码', unit: '邮政编码' },
  { key: 'remarks', person: '备注', unit: '备注' },
];

export const indicatorLabels: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'overall', label: '整体满意度' },
  { key: 'efficiency', label: '办事效率' },
  { key: 'guideAccuracy', label: '办事指南精确度' },
  { key: 'convenience', label: '办事便捷度' },
  { key: 'usability', label: '平台操作性' },
];

/** A file size in words: 1.2 MB, 35 KB. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

/** Files the browser can show itself: images and PDFs get a preview, others a download. */
export const previewable = (mediaType: string): boolean =>
  mediaType === 'application/pdf' || mediaType === 'image/png' || mediaType === 'image/jpeg';
