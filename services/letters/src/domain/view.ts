import type { Executor } from '@hall/platform';
import { maskMobile, maskName } from '@hall/platform/validation';
import { and, asc, eq } from 'drizzle-orm';
import { letterSteps } from '../db/schema';
import { isOverdue, remainingWorkdays } from './due';
import type { LetterRow } from './events';
import { KIND_LABELS, RATING_LABELS, STATE_LABELS, STEP_LABELS } from './labels';
import type { PersonalDataCipher } from '@hall/platform';
import type {
  LetterPublicView,
  LetterSummary,
  StaffLetterSummary,
  StaffLetterView,
} from './view-schemas';

export type StepRow = typeof letterSteps.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function letterSummary(row: LetterRow): LetterSummary {
  return {
    id: row.id,
    station: row.station,
    code: row.code,
    kind: row.kind,
    kindLabel: KIND_LABELS[row.kind],
    subject: row.subject,
    departmentName: row.departmentName,
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    receivedAt: row.receivedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    repliedAt: iso(row.repliedAt ?? row.outOfScopeAt),
  };
}

export function staffLetterSummary(row: LetterRow, now: Date): StaffLetterSummary {
  return {
    ...letterSummary(row),
    overdue: isOverdue(row, now),
    departmentId: row.departmentId,
    remainingWorkdays: remainingWorkdays(row, now),
  };
}

/** The timeline of a letter, oldest first. */
export function letterStepsOf(tx: Executor, row: LetterRow): Promise<StepRow[]> {
  return tx
    .select()
    .from(letterSteps)
    .where(and(eq(letterSteps.station, row.station), eq(letterSteps.letterId, row.id)))
    .orderBy(asc(letterSteps.at), asc(letterSteps.id));
}

/** A letter as its writer sees it: contact details masked, no staff identities. */
export function letterPublicView(
  row: LetterRow,
  steps: StepRow[],
  cipher: PersonalDataCipher,
): LetterPublicView {
  return {
    ...letterSummary(row),
    content: row.content,
    relatedSerial: row.relatedSerial,
    staffName: row.staffName,
    contactNameMasked: maskName(cipher.open(row.contactName)),
    mobileMasked: maskMobile(cipher.open(row.mobile)),
    publicConsent: row.publicConsent,
    attachments: row.attachments,
    reply:
      row.replyText !== null && row.repliedAt
        ? {
            text: row.replyText,
            departmentName: row.replyDepartmentName,
            repliedAt: row.repliedAt.toISOString(),
          }
        : null,
    outOfScope:
      row.outOfScopeExplanation !== null && row.outOfScopeAt
        ? { explanation: row.outOfScopeExplanation, at: row.outOfScopeAt.toISOString() }
        : null,
    followUps: steps
      .filter((s) => s.action === 'follow_up')
      .map((s) => ({ note: s.note ?? '', at: s.at.toISOString() })),
    closedAt: iso(row.closedAt),
    rating:
      row.rating && row.ratedAt
        ? {
            rating: row.rating,
            ratingLabel: RATING_LABELS[row.rating],
            comment: row.ratingComment,
            at: row.ratedAt.toISOString(),
          }
        : null,
    timeline: steps.map((s) => ({
      action: s.action,
      label: STEP_LABELS[s.action] ?? s.action,
      at: s.at.toISOString(),
    })),
  };
}

/** A letter as staff of its station see it: still masked (revealing is a separate, audited act). */
export function staffLetterView(
  row: LetterRow,
  steps: StepRow[],
  cipher: PersonalDataCipher,
  now: Date,
  allowedActions: string[],
): StaffLetterView {
  return {
    ...letterPublicView(row, steps, cipher),
    ...staffLetterSummary(row, now),
    revision: row.revision,
    writerKind: row.writerKind ?? 'anonymous',
    timeline: steps.map((s) => ({
      action: s.action,
      label: STEP_LABELS[s.action] ?? s.action,
      at: s.at.toISOString(),
      actor: { kind: s.actorKind, id: s.actorId },
      note: s.note,
    })),
    allowedActions,
  };
}
