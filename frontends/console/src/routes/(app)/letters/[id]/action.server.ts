/**
 * The action pages of a letter (转办, 答复, 不予受理, 跟进记录, 办结): each a page of its own with a
 * form that works without JavaScript and carries the revision the staff member acted on. What
 * they share: the load (the letter, and whether this staff member may take the action now) and
 * the post (the letters service decides; an action someone else took meanwhile is a 409 that
 * shows the letter's current state, with nothing changed and what was typed kept).
 */
import { ProblemError } from '@hall/web';
import type { LetterActionInput, LetterDeskAction, StaffLetterView } from '@hall/web/server';
import { error, fail, redirect, type ActionFailure, type Cookies } from '@sveltejs/kit';
import { CONFLICT_MESSAGE, letterAction } from '$lib/letters';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import {
  isRevisionConflict,
  lettersDesk,
  loadLetter,
  requireId,
  requireLettersStaff,
} from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import { shanghaiDateTime } from '$lib/time';
import { letterHead, type LetterHead } from './letter.server';

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  params: { id: string };
  request: Request;
  cookies: Cookies;
};

/** The states each action applies to (services/letters' state machine). */
const actionStates: Record<LetterDeskAction, readonly string[]> = {
  assign: ['received', 'assigned'],
  reply: ['received', 'assigned'],
  'out-of-scope': ['received', 'assigned'],
  'follow-up': ['replied'],
  close: ['replied'],
};

/** The letter as an action page shows it: its head and what was written. */
export function letterForAction(letter: StaffLetterView) {
  return {
    head: letterHead(letter),
    content: letter.content,
    reply: letter.reply?.text ?? null,
  };
}

/**
 * The letter an action page is about, when this staff member may take `action` on it now: an
 * action its state allows but not to them (转办 by a department's staff) is 403; one its state
 * does not allow (any more) is 409, on an error page that says the current state.
 */
export async function loadForAction(
  event: Event,
  action: LetterDeskAction,
): Promise<{ letter: StaffLetterView } & ReturnType<typeof letterForAction>> {
  const { station } = requireLettersStaff(event);
  const letter = await loadLetter(event, station);
  const spec = letterAction(action);
  if (!letter.allowedActions.includes(action)) {
    const kindAllows =
      action === 'follow-up' || action === 'close' ? letter.kind === 'complaint' : true;
    if (kindAllows && actionStates[action].includes(letter.state))
      error(403, `您不能对该信件进行“${spec.label}”`);
    error(409, `该信件当前为“${letter.stateLabel}”，不能进行“${spec.label}”`);
  }
  return { letter, ...letterForAction(letter) };
}

/** The revision a form was rendered from (hidden field `revision`); NaN when missing. */
function postedRevision(data: FormData): number {
  const raw = data.get('revision');
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
}

/** A text field of the posted form, trimmed. */
export function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** What a refused action returns to its page: the form as typed, the messages, and on a conflict the current state. */
export interface LetterActionFailure<V> {
  values: V;
  message: string;
  fields: Record<string, string>;
  /** Set on a 409: the letter as it is now. */
  current?: { stateLabel: string; last: string | null };
}

/**
 * Takes the action with what the form gave; success goes back to the letter with a one-time
 * message.
 */
export async function act<V>(
  event: Event,
  action: LetterDeskAction,
  data: FormData,
  form: { values: V; input: LetterActionInput; formFields: readonly string[] },
): Promise<ActionFailure<LetterActionFailure<V>>> {
  const { station } = requireLettersStaff(event);
  const id = requireId(event.params.id);
  const spec = letterAction(action);
  const revision = postedRevision(data);
  if (Number.isNaN(revision))
    return fail(400, { values: form.values, message: '请求无效，请刷新后重试', fields: {} });
  const api = lettersDesk();
  const ctx = callContext(event);
  let code = '';
  try {
    code = (await api.act(station, id, action, revision, form.input, ctx)).code;
  } catch (err) {
    const stale =
      isRevisionConflict(err) ||
      (err instanceof ProblemError && err.code === 'transition_not_allowed');
    if (stale) {
      const now = await api.letter(station, id, ctx).catch(() => null);
      const last = now?.timeline.at(-1);
      return fail(409, {
        values: form.values,
        message: CONFLICT_MESSAGE,
        fields: {},
        ...(now
          ? {
              current: {
                stateLabel: now.stateLabel,
                last: last ? `${shanghaiDateTime(last.at)} ${last.label}` : null,
              },
            }
          : {}),
      });
    }
    return consoleFormFailure(
      err,
      form.values,
      form.formFields,
      event.url.pathname,
    ) as ActionFailure<LetterActionFailure<V>>;
  }
  setFlash(event, `操作成功：${spec.done}（受理编码 ${code}）`);
  redirect(303, `/letters/${id}`);
}

export type { LetterHead };
