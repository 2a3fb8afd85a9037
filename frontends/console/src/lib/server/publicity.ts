/**
 * What the 信息发布, 统计 and 站点个性化 pages share on the server: who may open them, the
 * publicity service's staff client (`@hall/web/server`'s PublicityDeskClient, with the signed-in
 * staff member's token and the token's station), uploads, and the problems every editor meets
 * (someone else saved first; the service's generic schema messages).
 */
import { ProblemError, type FieldError } from '@hall/web';
import type { CallContext, DeskAttachment, PublicityDeskClient } from '@hall/web/server';
import { error, redirect } from '@sveltejs/kit';
import { publishes } from '$lib/nav';
import { consoleFormFailure, pageProblem } from './forms';
import { requireUser } from './guards';
import { consoleFilePath, isUuid, type KeptFile } from '$lib/publicity';
import { callContext, consoleServices } from './services';

type Event = Parameters<typeof callContext>[0] & { url: URL; locals: App.Locals };

/**
 * An editor or station admin of the station in their token: the station these pages act on,
 * never taken from the URL or a form. Others (clerks, letters staff, operators) get 403.
 */
export function requirePublisher(event: Event): { user: ConsoleUser; station: string } {
  const user = requireUser(event);
  if (user.kind !== 'staff' || !user.station || !publishes(user.roles)) {
    error(403, '此页面仅限信息发布人员和站点管理员使用');
  }
  return { user, station: user.station };
}

/** Any staff member of a station (办件统计); operators have no station and get 403. */
export function requireStationStaff(event: Event): { user: ConsoleUser; station: string } {
  const user = requireUser(event);
  if (user.kind !== 'staff' || !user.station) error(403, '此页面仅限站点工作人员使用');
  return { user, station: user.station };
}

export const publicityDesk = (): PublicityDeskClient => consoleServices().publicityDesk;

/** A load's calls to the publicity service; a problem becomes the error page (401 → 登录). */
export async function loadFromPublicity<T>(
  event: Event,
  run: (api: PublicityDeskClient, ctx: CallContext) => Promise<T>,
): Promise<T> {
  try {
    return await run(publicityDesk(), callContext(event));
  } catch (err) {
    pageProblem(err, event.url.pathname + event.url.search);
  }
}

/** A path id that cannot name anything is a page that is not there (not a bad request). */
export function requireId(id: string): string {
  if (!isUuid(id)) error(404, '您访问的页面不存在');
  return id;
}

/** What a stale save says; what was typed stays on the page. */
export const CONFLICT_MESSAGE = '保存失败：内容已被他人修改，请刷新后重试';

/** A one-button action (发布, 置顶 …) on a stale page: the page reloads with the latest. */
export const ACTION_CONFLICT_MESSAGE =
  '操作未完成：内容已被他人修改，请刷新后重试（页面已显示最新内容）';

/** A 409 `edit_conflict`: someone changed it since the page was loaded. */
export const isEditConflict = (err: unknown): boolean =>
  err instanceof ProblemError && err.status === 409 && err.code === 'edit_conflict';

/** The revision a form was rendered from (hidden field `revision`); null when missing. */
export function postedRevision(data: FormData, name = 'revision'): number | null {
  const raw = data.get(name);
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

/** The file chosen in a file input, or null when none was. */
export function chosenFile(data: FormData, name: string): File | null {
  const file = data.get(name);
  return file instanceof File && file.size > 0 && file.name ? file : null;
}

/**
 * An upload refused by the service as the field error of its file input: the service's field
 * message (type, size, content) or its title.
 */
export function uploadRefusal(err: unknown, field: string): { field: string; message: string } {
  if (!(err instanceof ProblemError)) throw err;
  if (err.status === 401) redirect(303, '/login?notice=expired');
  if (err.status >= 500) return { field, message: '上传失败：服务暂时不可用，请稍后再试' };
  const message = err.problem.errors?.[0]?.message ?? err.problem.detail ?? err.problem.title;
  return { field, message };
}

/**
 * A publicity problem as a form failure: the service's field paths mapped onto the form's
 * fields, its generic messages for a blank or malformed value (`schema.*` but a length) replaced
 * by what the form asks for, then the console's usual mapping (401 → 登录).
 */
export function publicityFormFailure<V>(
  err: unknown,
  values: V,
  formFields: readonly string[],
  next: string,
  options: { fieldOf?: Record<string, string>; messages?: Record<string, string> } = {},
) {
  if (err instanceof ProblemError && err.problem.errors?.length) {
    const errors: FieldError[] = err.problem.errors.map((e) => {
      const field = options.fieldOf?.[e.field] ?? e.field;
      const ours = options.messages?.[field];
      const generic = e.code.startsWith('schema.') && e.code !== 'schema.maxLength';
      return { ...e, field, message: generic && ours ? ours : e.message };
    });
    err = new ProblemError({ ...err.problem, errors });
  }
  return consoleFormFailure(err, values, formFields, next);
}

/**
 * A stored (sanitised) notice body as staff preview it: its images point at the portal's path,
 * which the console does not serve, so they are shown through the console's own file route.
 */
export function previewBody(body: string, station: string): string {
  const prefix = `src="/${station}/publicity/files/`;
  return body.replace(
    new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([0-9a-fA-F-]{36})"`, 'g'),
    (_, id: string) => `src="${consoleFilePath(id, true)}"`,
  );
}

export function decodeFiles(data: FormData, name: string): KeptFile[] {
  const files: KeptFile[] = [];
  for (const raw of data.getAll(name)) {
    if (typeof raw !== 'string') continue;
    const [id = '', size = '', ...rest] = raw.split('|');
    if (!isUuid(id) || files.some((f) => f.id === id)) continue;
    files.push({ id, size: Number(size) || 0, fileName: rest.join('|') || '文件' });
  }
  return files;
}

export const keptFile = (a: DeskAttachment): KeptFile => ({
  id: a.id,
  fileName: a.fileName,
  size: a.size,
});
