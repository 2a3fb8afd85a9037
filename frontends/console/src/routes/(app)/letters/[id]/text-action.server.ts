/**
 * The actions that take words only: 答复 (`text`), 不予受理 (`explanation`), 跟进记录 and 办结
 * (`note`). The field is sent as typed (trimmed), even empty: the letters service says what is
 * missing, in its words, next to the field.
 */
import type { LetterDeskAction } from '@hall/web/server';
import { act, loadForAction, text } from './action.server';

type Event = Parameters<typeof loadForAction>[0];

export type TextField = 'text' | 'explanation' | 'note';

export async function loadTextAction(event: Event, action: LetterDeskAction) {
  const { head, content, reply } = await loadForAction(event, action);
  return { head, content, reply };
}

export async function takeTextAction(event: Event, action: LetterDeskAction, field: TextField) {
  const data = await event.request.formData();
  const value = text(data, field);
  return act(event, action, data, {
    values: { [field]: value } as Record<TextField, string>,
    input: { [field]: value },
    formFields: [field],
  });
}
