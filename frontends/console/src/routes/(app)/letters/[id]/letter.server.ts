/**
 * One letter as the 信件 pages show it: its head (code, kind, subject, state, the reply's due
 * date in working days) and the detail in words, times in 北京时间, the contact masked.
 */
import type { StaffLetterView } from '@hall/web/server';
import { letterActions } from '$lib/letters';
import { sizeText } from '$lib/applications';
import { dueStatus } from '$lib/server/applications';
import { shanghaiDateTime } from '$lib/time';

const when = (iso: string | null | undefined): string | null =>
  iso ? shanghaiDateTime(iso) : null;

/** States in which the letter waits for no answer any more: no time runs. */
const answered = new Set(['replied', 'closed', 'out_of_scope']);

/** What every 信件 page shows at its top. */
export function letterHead(letter: StaffLetterView, now = new Date()) {
  return {
    id: letter.id,
    code: letter.code,
    subject: letter.subject,
    kindLabel: letter.kindLabel,
    state: letter.state,
    stateLabel: letter.stateLabel,
    revision: letter.revision,
    departmentName: letter.departmentName ?? '未指定部门',
    received: shanghaiDateTime(letter.receivedAt),
    overdue: letter.overdue,
    due: shanghaiDateTime(letter.dueAt),
    dueStatus: answered.has(letter.state) ? null : dueStatus(letter.dueAt, letter.overdue, now),
  };
}
export type LetterHead = ReturnType<typeof letterHead>;

/** The state a step leaves the letter in, for the timeline (follow-ups keep the state). */
const stateAfter: Record<string, string> = {
  received: '已受理',
  assigned: '已转办',
  replied: '已答复',
  out_of_scope: '不予受理',
  closed: '已办结',
};

/** Whether 发布为常见问题 applies: the writer agreed to publication and the letter is answered. */
export const faqPublishable = (letter: StaffLetterView): boolean =>
  letter.publicConsent && letter.reply !== null && ['replied', 'closed'].includes(letter.state);

/** The whole detail for the letter's page. */
export function letterDetail(letter: StaffLetterView, user: ConsoleUser, now = new Date()) {
  let state = '已受理';
  return {
    head: letterHead(letter, now),
    actions: letterActions
      .filter((spec) => letter.allowedActions.includes(spec.action))
      .map((spec) => ({ label: spec.label, href: `/letters/${letter.id}/${spec.action}` })),
    faqHref: faqPublishable(letter) ? `/letters/${letter.id}/faq` : null,
    isComplaint: letter.kind === 'complaint',
    content: letter.content,
    relatedSerial: letter.relatedSerial,
    staffName: letter.staffName,
    publicConsent: letter.publicConsent,
    writerKind:
      letter.writerKind === 'person'
        ? '个人用户（已登录）'
        : letter.writerKind === 'unit'
          ? '单位用户（已登录）'
          : '未登录用户',
    contactNameMasked: letter.contactNameMasked,
    mobileMasked: letter.mobileMasked,
    attachments: letter.attachments.map((a) => ({
      id: a.fileId,
      name: a.name,
      size: sizeText(a.size),
      href: `/letters/${letter.id}/files/${a.fileId}`,
    })),
    reply: letter.reply
      ? {
          text: letter.reply.text,
          departmentName: letter.reply.departmentName ?? '—',
          at: shanghaiDateTime(letter.reply.repliedAt),
        }
      : null,
    outOfScope: letter.outOfScope
      ? { explanation: letter.outOfScope.explanation, at: shanghaiDateTime(letter.outOfScope.at) }
      : null,
    followUps: letter.followUps.map((f) => ({ note: f.note, at: shanghaiDateTime(f.at) })),
    closed: when(letter.closedAt),
    rating: letter.rating
      ? {
          label: letter.rating.ratingLabel,
          bad: letter.rating.rating === 'dissatisfied',
          comment: letter.rating.comment,
          at: shanghaiDateTime(letter.rating.at),
        }
      : null,
    timeline: letter.timeline.map((step) => {
      state = stateAfter[step.action] ?? state;
      return {
        at: step.at,
        actionLabel: step.label,
        stateLabel: state,
        opinion: step.note ?? null,
        actor:
          step.actor?.kind === 'staff'
            ? `工作人员${step.actor.id === user.id ? '（本人）' : ''}`
            : '来信人',
      };
    }),
  };
}
