/**
 * 我要问 and 信件答复 (manual 4.1–4.3, 5.2) as the pages word them: the three kinds of letter,
 * the fields of their forms, the rating choices, and a letter's steps as 办理进度. No service
 * call: shared by the server loads and the components.
 */
import type { LetterKind, LetterPublicView, LetterRating } from '@hall/web/server';

export interface KindInfo {
  kind: LetterKind;
  /** The entry's label: 我要咨询, 我要投诉, 建议意见. */
  title: string;
  /** The path below `/{station}/ask`. */
  path: string;
  /** The one line under the entry (manual 4.1–4.3). */
  description: string;
  /** The department field's label. */
  departmentLabel: string;
  /** Said above the department grid (consultations, suggestions). */
  choose: string;
}

export const kinds: Readonly<Record<LetterKind, KindInfo>> = {
  consultation: {
    kind: 'consultation',
    title: '我要咨询',
    path: '/consultation',
    description: '办事过程中有关法规、政策和程序等问题的咨询，由您选择的部门答复',
    departmentLabel: '咨询部门',
    choose: '请选择要咨询的部门',
  },
  complaint: {
    kind: 'complaint',
    title: '我要投诉',
    path: '/complaint',
    description: '对有关单位人员办事效率、工作态度等方面的投诉',
    departmentLabel: '投诉对象',
    choose: '请选择投诉对象',
  },
  suggestion: {
    kind: 'suggestion',
    title: '建议意见',
    path: '/suggestion',
    description: '对办事过程中有关法规、政策和程序等方面的建议',
    departmentLabel: '建议部门',
    choose: '请选择要建议的部门',
  },
};

/** The fields of the letter forms, by the service's names (its field errors use them). */
export const LETTER_FIELDS = [
  'departmentId',
  'subject',
  'content',
  'relatedSerial',
  'staffName',
  'contactName',
  'mobile',
  'publicConsent',
  'fileIds',
] as const;

/** The error summary's link texts. */
export const letterFieldLabels: Readonly<Record<string, string>> = {
  departmentId: '部门',
  subject: '主题',
  content: '内容',
  relatedSerial: '关联申办流水号',
  staffName: '被投诉人员',
  contactName: '联系人',
  mobile: '手机号码',
  publicConsent: '同意公开',
  fileIds: '附件',
};

/** The service's limits, said on the form. */
export const SUBJECT_MAX = 100;
export const CONTENT_MAX = 3000;
export const MAX_ATTACHMENTS = 5;

export const ratingOptions: ReadonlyArray<{ rating: LetterRating; label: string }> = [
  { rating: 'satisfied', label: '满意' },
  { rating: 'basically_satisfied', label: '基本满意' },
  { rating: 'dissatisfied', label: '不满意' },
];

/** The state a step leaves the letter in; steps that change nothing keep the one before. */
const stateAfter: Readonly<Record<string, string>> = {
  received: '已受理',
  assigned: '已转办',
  replied: '已答复',
  out_of_scope: '不予受理',
  closed: '已办结',
};

/** A letter's steps as the `Timeline` of @hall/web/components shows them (oldest first). */
export function letterTimeline(
  letter: Pick<LetterPublicView, 'timeline' | 'stateLabel'>,
): Array<{ at: string; actionLabel: string; stateLabel: string }> {
  let state = '';
  return letter.timeline.map((step) => {
    state = stateAfter[step.action.replaceAll('-', '_')] ?? (state || letter.stateLabel);
    return { at: step.at, actionLabel: step.label, stateLabel: state };
  });
}
