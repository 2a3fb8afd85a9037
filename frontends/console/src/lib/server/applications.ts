/**
 * What the 办件 pages share on the server: who may open them, the staff client of submissions
 * and materials (`@hall/web/server`'s WorklistClient, with the signed-in staff member's token and
 * the token's station), and time limits in words (剩余 / 超期 working days).
 */
import { ProblemError } from '@hall/web';
import type { CallContext, StaffApplication, WorklistClient } from '@hall/web/server';
import { error } from '@sveltejs/kit';
import { addCalendarDays, isWorkday, shanghaiDay } from '@hall/platform/calendar';
import { handlesApplications } from '$lib/nav';
import { pageProblem } from './forms';
import { requireUser } from './guards';
import { callContext, consoleServices } from './services';

type Event = Parameters<typeof callContext>[0] & { url: URL; locals: App.Locals };

/**
 * A clerk, approver or station admin of the station in their token: the station these pages
 * act on, never taken from the URL or a form. Others (editors, operators) get 403.
 */
export function requireCaseworker(event: Event): { user: ConsoleUser; station: string } {
  const user = requireUser(event);
  if (user.kind !== 'staff' || !user.station || !handlesApplications(user.roles)) {
    error(403, '此页面仅限受理人员、审批人员和站点管理员使用');
  }
  return { user, station: user.station };
}

export const worklist = (): WorklistClient => consoleServices().worklist;

/** A load's calls to submissions/materials; a problem becomes the error page (401 → 登录). */
export async function loadFromWorklist<T>(
  event: Event,
  run: (api: WorklistClient, ctx: CallContext) => Promise<T>,
): Promise<T> {
  try {
    return await run(worklist(), callContext(event));
  } catch (err) {
    pageProblem(err, event.url.pathname + event.url.search);
  }
}

/** The application of the page (404 for another station's, a draft, or an unknown id). */
export const loadApplication = (
  event: Event & { params: { id: string } },
  station: string,
): Promise<StaffApplication> =>
  loadFromWorklist(event, (api, ctx) => api.application(station, event.params.id, ctx));

/** A stale revision or a state someone else changed: the decision was not taken. */
export const isConflict = (err: unknown): boolean =>
  err instanceof ProblemError &&
  err.status === 409 &&
  (err.code === 'edit_conflict' || err.code === 'state_conflict');

export interface DueStatus {
  /** 剩余 3 个工作日, 今日到期, 超期 2 个工作日. */
  text: string;
  overdue: boolean;
}

/** Working days after `from` up to and including `to` (both Shanghai days, from < to). */
function workdaysBetween(from: string, to: string): number {
  let n = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1))
    if (isWorkday(day)) n++;
  return n;
}

/**
 * A due time in words, counted in 工作日 with the same calendar submissions counts time limits
 * with. `overdue` is the service's verdict (its clock decides); the days are counted to today.
 */
export function dueStatus(
  dueAt: string | null,
  overdue: boolean,
  now = new Date(),
): DueStatus | null {
  if (!dueAt) return null;
  const due = shanghaiDay(new Date(dueAt));
  const today = shanghaiDay(now);
  if (overdue) {
    const late = due < today ? workdaysBetween(due, today) : 0;
    return { text: late > 0 ? `超期 ${late} 个工作日` : '已超期', overdue: true };
  }
  if (due <= today) return { text: '今日到期', overdue: false };
  return { text: `剩余 ${workdaysBetween(today, due)} 个工作日`, overdue: false };
}
