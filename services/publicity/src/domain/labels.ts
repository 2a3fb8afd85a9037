import type { AnnouncementState, PublicationState } from '../db/schema';

export const PUBLICATION_LABELS: Record<PublicationState, string> = {
  draft: '草稿',
  published: '已发布',
};

/** 办理状态 as the applicant sees it in 我的办件 (the submissions service's labels). */
export const STATE_LABELS: Record<AnnouncementState, string> = {
  submitted: '待预审',
  prereviewed: '待受理',
  supplement: '补齐补正',
  accepted: '已受理',
  not_accepted: '不予受理',
  rejected: '已驳回',
  completed: '办结',
};

export const OUTCOME_LABELS = { approved: '准予许可', not_approved: '不予许可' } as const;

/** 公示期 as the public reads it. */
export const PERIOD_LABELS = {
  upcoming: '未开始',
  open: '公示中',
  ended: '公示期满',
} as const;
export type PeriodState = keyof typeof PERIOD_LABELS;
