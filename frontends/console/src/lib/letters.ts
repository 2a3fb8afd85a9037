/**
 * The words of the 信件 pages: kinds, states, the actions staff take and the standard wording
 * of 不予受理. The letters service sends each letter's own labels (`kindLabel`, `stateLabel`);
 * these are for the filters and the action pages.
 */
import type { LetterDeskAction } from '@hall/web/server';

export interface Option {
  value: string;
  label: string;
}

export const kindOptions: readonly Option[] = [
  { value: 'consultation', label: '咨询' },
  { value: 'complaint', label: '投诉' },
  { value: 'suggestion', label: '建议' },
];

export const stateOptions: readonly Option[] = [
  { value: 'received', label: '已受理' },
  { value: 'assigned', label: '已转办' },
  { value: 'replied', label: '已答复' },
  { value: 'closed', label: '已办结' },
  { value: 'out_of_scope', label: '不予受理' },
];

export interface LetterActionSpec {
  action: LetterDeskAction;
  /** The button and the page title. */
  label: string;
  /** What happens, in a sentence, above the form. */
  meaning: string;
  /** The success message's words: 已转办 … */
  done: string;
}

/** The actions in the order a letter's handling goes; a letter offers those the service allows. */
export const letterActions: readonly LetterActionSpec[] = [
  {
    action: 'assign',
    label: '转办',
    done: '已转办',
    meaning: '将信件转交本站点的一个部门办理，答复期限不变。',
  },
  {
    action: 'reply',
    label: '答复',
    done: '已答复',
    meaning: '答复后，来信人可凭受理编码和手机号码查看答复内容，并进行评价。',
  },
  {
    action: 'out-of-scope',
    label: '不予受理',
    done: '已标记为不予受理',
    meaning: '不属于网上咨询投诉受理范围的事项，以说明代替答复；来信人可看到此说明。',
  },
  {
    action: 'follow-up',
    label: '跟进记录',
    done: '已添加跟进记录',
    meaning: '记录投诉答复后的跟进情况（核实、整改、回访），来信人可看到跟进记录。',
  },
  {
    action: 'close',
    label: '办结',
    done: '已办结',
    meaning: '投诉跟进完毕后办结，办结后不能再添加跟进记录。',
  },
];

export const isLetterAction = (value: string): value is LetterDeskAction =>
  letterActions.some((a) => a.action === value);

export const letterAction = (action: LetterDeskAction): LetterActionSpec =>
  letterActions.find((a) => a.action === action)!;

/** The wording 不予受理 starts from (staff adapt it to the letter). */
export const OUT_OF_SCOPE_TEXT =
  '诉讼、仲裁、信访等事项不属于网上咨询投诉受理范围，请依法通过相应途径办理';

export const CONFLICT_MESSAGE = '该信件已被他人处理，请刷新后重试';

/** A file size in words: 1.2 MB, 35 KB. */
export { sizeText } from './applications';
