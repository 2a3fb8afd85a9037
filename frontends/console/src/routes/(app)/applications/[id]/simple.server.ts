/**
 * The decisions that take words only: 预审通过 and 受理 (an optional 办理意见), 不予受理 and 驳回 (a
 * required reason, and an optional opinion).
 */
import type { ActionInput, StaffAction } from '@hall/web/server';
import { decide, loadForAction, text } from './action.server';

type Event = Parameters<typeof loadForAction>[0];

export interface SimpleValues {
  opinion: string;
  reason: string;
}

export async function loadSimple(event: Event, action: StaffAction) {
  const { head } = await loadForAction(event, action);
  return { head };
}

export async function decideSimple(event: Event, action: StaffAction, withReason: boolean) {
  const data = await event.request.formData();
  const values: SimpleValues = { opinion: text(data, 'opinion'), reason: text(data, 'reason') };
  const input: ActionInput = {};
  if (values.opinion) input.opinion = values.opinion;
  // Sent even when empty: submissions says the reason is required, in its words.
  if (withReason) input.reason = values.reason;
  return decide(event, action, data, {
    values,
    input,
    formFields: withReason ? ['reason', 'opinion'] : ['opinion'],
  });
}
