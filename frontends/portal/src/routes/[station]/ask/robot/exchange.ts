import type { AskAnswer } from '@hall/web/server';

/** One question and what the robot said (or why it could not answer). */
export interface Exchange {
  question: string;
  answer: AskAnswer | null;
  error: string | null;
}

/** The example questions offered as buttons (manual 4.4). */
export const examples: readonly string[] = [
  '交通运输事项有哪些',
  '教师资格认定需要什么材料',
  '道路货物运输经营许可在哪里办理',
  '住房公积金提取多久能办好',
  '我的办件进度',
];
