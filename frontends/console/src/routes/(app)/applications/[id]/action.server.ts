/**
 * The decision pages (预审通过, 受理, 补齐补正, 不予受理, 驳回, 办结): each is a page of its own with
 * a form that works without JavaScript and carries the revision the staff member decided on.
 * What they share: the load (the application, and whether this staff member may take the
 * decision now) and the post (submissions decides; a decision someone else took meanwhile is
 * a 409 that shows the application's current state, with nothing changed).
 */
import { ProblemError, type Problem } from '@hall/web';
import type { ActionInput, StaffAction, StaffApplication } from '@hall/web/server';
import { error, fail, redirect, type ActionFailure, type Cookies } from '@sveltejs/kit';
import { actionSpec } from '$lib/applications';
import { isConflict, loadApplication, requireCaseworker, worklist } from '$lib/server/applications';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import { shanghaiDateTime } from '$lib/time';
import { applicationHead } from './application.server';

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  params: { id: string };
  request: Request;
  cookies: Cookies;
};

export const CONFLICT_MESSAGE = '该办件已被他人处理，请刷新';

/**
 * The application a decision page is about, when this staff member may take `action` on it
 * now: a decision the state allows but their roles do not is 403; one the state does not allow
 * (any more) is 409, on an error page that says the current state.
 */
export async function loadForAction(
  event: Event,
  action: StaffAction,
): Promise<{ app: StaffApplication; head: ReturnType<typeof applicationHead> }> {
  const { station } = requireCaseworker(event);
  const app = await loadApplication(event, station);
  const spec = actionSpec(action);
  if (!app.availableActions.includes(action)) {
    if (spec.from.includes(app.state)) error(403, `您的岗位不能对办件进行“${spec.label}”`);
    error(409, `该办件当前为“${app.stateLabel}”，不能进行“${spec.label}”`);
  }
  return { app, head: applicationHead(app) };
}

/** The revision a form was rendered from (hidden field `revision`); NaN when missing. */
export function postedRevision(data: FormData): number {
  const raw = data.get('revision');
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
}

/** What a refused decision returns to its page: the form as typed, the messages, and on a conflict the current state. */
export interface DecisionFailure<V> {
  values: V;
  message: string;
  fields: Record<string, string>;
  /** Set on a 409: the application as it is now. */
  current?: { stateLabel: string; revision: number; last: string | null };
}

/**
 * Takes the decision. `input` is what the form gave (built by the page; `fields` maps the
 * service's field paths onto the form's inputs); success goes back to the application with a
 * one-time message.
 */
export async function decide<V>(
  event: Event,
  action: StaffAction,
  data: FormData,
  form: {
    values: V;
    input: ActionInput;
    /** Messages the page found itself (e.g. an amount that is not a number): not sent. */
    errors?: Record<string, string>;
    /** The form's input names, and how the service's field paths map onto them. */
    formFields: readonly string[];
    fieldOf?: (path: string) => string;
  },
): Promise<ActionFailure<DecisionFailure<V>>> {
  const { station } = requireCaseworker(event);
  const id = event.params.id;
  const spec = actionSpec(action);
  const revision = postedRevision(data);
  if (Number.isNaN(revision))
    return fail(400, { values: form.values, message: '请求无效，请刷新后重试', fields: {} });
  if (form.errors && Object.keys(form.errors).length)
    return fail(400, {
      values: form.values,
      message: '请检查填写的内容',
      fields: form.errors,
    });
  const api = worklist();
  const ctx = callContext(event);
  let serial = '';
  try {
    serial = (await api.act(station, id, action, revision, form.input, ctx)).serial ?? '';
  } catch (err) {
    if (isConflict(err)) {
      const now = await api.application(station, id, ctx).catch(() => null);
      const last = now?.timeline.at(-1);
      return fail(409, {
        values: form.values,
        message: CONFLICT_MESSAGE,
        fields: {},
        ...(now
          ? {
              current: {
                stateLabel: now.stateLabel,
                revision: now.revision,
                last: last ? `${shanghaiDateTime(last.at)} ${last.actionLabel}` : null,
              },
            }
          : {}),
      });
    }
    const mapped = mapFields(err, form.fieldOf);
    const failure = consoleFormFailure(mapped, form.values, form.formFields, event.url.pathname);
    return failure as ActionFailure<DecisionFailure<V>>;
  }
  setFlash(event, `操作成功：已${spec.label}（申办流水号 ${serial}）`);
  redirect(303, `/applications/${id}`);
}

/** A problem with its field paths renamed to the form's inputs. */
function mapFields(err: unknown, fieldOf?: (path: string) => string): unknown {
  if (!(err instanceof ProblemError) || !fieldOf || !err.problem.errors?.length) return err;
  const problem: Problem = {
    ...err.problem,
    errors: err.problem.errors.map((e) => ({ ...e, field: fieldOf(e.field) })),
  };
  return new ProblemError(problem);
}

/** A text field of the posted form, trimmed. */
export function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
