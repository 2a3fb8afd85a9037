import type { letterKinds, letterStates, ratings } from '../db/schema';

export type LetterKind = (typeof letterKinds)[number];
export type LetterState = (typeof letterStates)[number];
export type Rating = (typeof ratings)[number];

/** The manual's names of the three kinds of letter. */
export const KIND_LABELS: Record<LetterKind, string> = {
  consultation: '咨询',
  complaint: '投诉',
  suggestion: '建议',
};

export const STATE_LABELS: Record<LetterState, string> = {
  received: '已受理',
  assigned: '已转办',
  replied: '已答复',
  closed: '已办结',
  out_of_scope: '不予受理',
};

export const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

/** Timeline steps: the writer's submission and rating, and each staff action. */
export const STEP_LABELS: Record<string, string> = {
  received: '已受理',
  assigned: '已转办',
  replied: '已答复',
  out_of_scope: '不予受理',
  follow_up: '跟进记录',
  closed: '已办结',
  rated: '已评价',
};
