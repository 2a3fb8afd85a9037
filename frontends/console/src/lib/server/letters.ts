/**
 * What the 信件 pages share on the server: who may open them, the letters service's staff client
 * (`@hall/web/server`'s LettersDeskClient, with the signed-in staff member's token and the
 * token's station), the station's departments, and the one problem every action page meets
 * (someone else acted first).
 */
import { ProblemError } from '@hall/web';
import type { CallContext, LettersDeskClient, StaffLetterView } from '@hall/web/server';
import { error } from '@sveltejs/kit';
import { handlesLetters } from '$lib/nav';
import { pageProblem } from './forms';
import { requireUser } from './guards';
import { callContext, consoleServices } from './services';

type Event = Parameters<typeof callContext>[0] & { url: URL; locals: App.Locals };

/**
 * A letters staff member or station admin of the station in their token: the station these pages
 * act on, never taken from the URL or a form. Others (clerks, editors, operators) get 403.
 */
export function requireLettersStaff(event: Event): { user: ConsoleUser; station: string } {
  const user = requireUser(event);
  if (user.kind !== 'staff' || !user.station || !handlesLetters(user.roles)) {
    error(403, '此页面仅限信件办理人员和站点管理员使用');
  }
  return { user, station: user.station };
}

export const lettersDesk = (): LettersDeskClient => consoleServices().lettersDesk;

/** A load's calls to the letters service; a problem becomes the error page (401 → 登录). */
export async function loadFromLetters<T>(
  event: Event,
  run: (api: LettersDeskClient, ctx: CallContext) => Promise<T>,
): Promise<T> {
  try {
    return await run(lettersDesk(), callContext(event));
  } catch (err) {
    pageProblem(err, event.url.pathname + event.url.search);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that cannot name anything is a page that is not there (not a bad request). */
export function requireId(id: string): string {
  if (!UUID.test(id)) error(404, '您访问的页面不存在');
  return id;
}

/** The letter of the page (404 for another station's, another department's or an unknown id). */
export const loadLetter = (
  event: Event & { params: { id: string } },
  station: string,
): Promise<StaffLetterView> =>
  loadFromLetters(event, (api, ctx) => api.letter(station, requireId(event.params.id), ctx));

/** A stale revision: someone else acted on the letter since the page was rendered. */
export const isRevisionConflict = (err: unknown): boolean =>
  err instanceof ProblemError && err.status === 409 && err.code === 'revision_conflict';

/**
 * The station's enabled departments in order (the catalog's public list), for the 部门 filter
 * and 转办. Without the catalog the filter is left out rather than failing the queue.
 */
export async function stationDepartments(
  station: string,
): Promise<Array<{ value: string; label: string }>> {
  const departments = await consoleServices().catalog.departments(station);
  return departments.map((d) => ({ value: d.id, label: d.name }));
}
