import type { StaffRole } from '@hall/platform';
import type { ApplicationState, Outcome, Provision } from './model';

/** The states as the applicant sees them (the manual's 办理状态). */
export const STATE_LABELS: Record<ApplicationState, string> = {
  draft: '暂存',
  submitted: '待预审',
  prereviewed: '待受理',
  supplement: '补齐补正',
  accepted: '已受理',
  not_accepted: '不予受理',
  rejected: '已驳回',
  completed: '办结',
};

export const ACTION_LABELS: Record<string, string> = {
  submit: '提交申请',
  resubmit: '补齐补正后提交',
  prereview: '预审通过',
  request_supplement: '要求补齐补正',
  accept: '受理',
  not_accept: '不予受理',
  reject: '驳回',
  complete: '办结',
};

export const PROVISION_LABELS: Record<Provision, string> = {
  upload: '已上传',
  window: '窗口提交',
  deferred: '容缺后补',
  none: '未提供',
};

export const NECESSITY_LABELS = {
  required: '必要',
  deferrable: '容缺后补',
  optional: '非必要',
} as const;

export const OUTCOME_LABELS: Record<Outcome, string> = {
  approved: '准予许可',
  not_approved: '不予许可',
};

export const ID_TYPES = {
  person: { code: '111', label: '居民身份证' },
  unit: { code: '001', label: '统一社会信用代码' },
} as const;

export const EVALUATION_LEVEL_LABELS: Record<number, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

export const ROLE_LABELS: Partial<Record<StaffRole, string>> = {
  clerk: '受理人员',
  approver: '审批人员',
  station_admin: '站点管理员',
};
