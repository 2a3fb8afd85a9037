import { addCalendarDays, dueAfter, isWorkday, shanghaiDay } from '@hall/platform/calendar';
import type { LettersConfig } from '../config';
import type { LetterKind, LetterState } from './labels';

/** When the reply to a letter of `kind` received at `receivedAt` is due. */
export function replyDueAt(config: LettersConfig, kind: LetterKind, receivedAt: Date): Date {
  const value = {
    consultation: config.LETTERS_REPLY_WORKDAYS_CONSULTATION,
    complaint: config.LETTERS_REPLY_WORKDAYS_COMPLAINT,
    suggestion: config.LETTERS_REPLY_WORKDAYS_SUGGESTION,
  }[kind];
  return dueAfter(receivedAt, { value, unit: 'workday' });
}

/** Waiting for a reply (or an out-of-scope explanation): the due time applies. */
export function awaitingReply(state: LetterState): boolean {
  return state === 'received' || state === 'assigned';
}

export function isOverdue(row: { state: LetterState; dueAt: Date }, now: Date): boolean {
  return awaitingReply(row.state) && now > row.dueAt;
}

/** Working days in (from, to], both `YYYY-MM-DD`, from ≤ to. */
function workdaysAfter(from: string, to: string): number {
  let n = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1))
    if (isWorkday(day)) n++;
  return n;
}

/**
 * Working days left to reply: 0 on the due day, negative once overdue (working days since the
 * due day), null when the letter is answered.
 */
export function remainingWorkdays(
  row: { state: LetterState; dueAt: Date },
  now: Date,
): number | null {
  if (!awaitingReply(row.state)) return null;
  const today = shanghaiDay(now);
  const dueDay = shanghaiDay(row.dueAt);
  return dueDay >= today ? workdaysAfter(today, dueDay) : -workdaysAfter(dueDay, today);
}
