/**
 * What the 信息发布, 统计 and 站点个性化 pages share on the server: who may open them, the
 * publicity service's staff client (`@hall/web/server`'s PublicityDeskClient, with the signed-in
 * staff member's token and the token's station), uploads, and the problems every editor meets
 * (someone else saved first; the service's generic schema messages).
 */
import { ProblemError, type FieldError } from '@hall/web';
import type {
  CallContext,
  DeskAttachment,
  DeskListQuery,
  PublicityDeskClient,
} from '@hall/web/server';
import { error, fail, redirect, type Cookies } from '@sveltejs/kit';
import { publishes } from '$lib/nav';
import { consoleFormFailure, pageProblem, setFlash } from './forms';
import { requireUser } from './guards';
import { consoleFilePath, isUuid, type KeptFile } from '$lib/publicity';
import { callContext, consoleServices } from './services';

type Event = Parameters<typeof callContext>[0] & { url: URL; locals: App.Locals };

/** A form post to one of these pages. */
export type PostEvent = Event & { request: Request; cookies: Cookies };

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

const PAGE_SIZE = 20;

export const statusOptions = [
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '已发布' },
];

/** A list page's GET form (a status and a keyword, so it can be bookmarked) and its page. */
export interface ListQuery {
  status: '' | 'draft' | 'published';
  q: string;
  page: number;
}

export function readListQuery(url: URL): ListQuery {
  const params = url.searchParams;
  const rawStatus = params.get('status') ?? '';
  return {
    status: rawStatus === 'draft' || rawStatus === 'published' ? rawStatus : '',
    q: (params.get('q') ?? '').trim().slice(0, 50),
    page: Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '', 10) || 1)),
  };
}

/** The query a list page asks the service, 20 a page. */
export const deskListQuery = ({ status, q, page }: ListQuery): DeskListQuery => ({
  status: status || undefined,
  q,
  page,
  pageSize: PAGE_SIZE,
});

/** What a list page shows besides its rows: the filter as read, the counts and paging links. */
export function listPaging(
  path: string,
  { status, q }: ListQuery,
  list: { total: number; page: number; pageSize: number },
) {
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const href = (p: number) => {
    const query = new URLSearchParams();
    if (status) query.set('status', status);
    if (q) query.set('q', q);
    if (p > 1) query.set('page', String(p));
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  return {
    filter: { status, q },
    filtered: Boolean(status || q),
    statusOptions,
    total: list.total,
    page: list.page,
    pages,
    prevHref: list.page > 1 ? href(list.page - 1) : null,
    nextHref: list.page < pages ? href(list.page + 1) : null,
  };
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

/** The revision a save is based on: 用我的内容覆盖保存 sends the one the conflict reported. */
export const savedRevision = (data: FormData): number | null =>
  postedRevision(data, 'overwrite') ?? postedRevision(data);

/**
 * A one-button post (发布, 撤回, 置顶, 删除 …) on the revision the page showed, for the path's id.
 * Done: the flash and the page `next` names; refused: the message (a stale page's tells the page to
 * reload, see reloadOnRefusal).
 */
export async function actOnRevision(
  event: PostEvent & { params: { id: string } },
  run: (
    api: PublicityDeskClient,
    station: string,
    id: string,
    revision: number,
    ctx: CallContext,
  ) => Promise<unknown>,
  done: { flash: string; next: (id: string) => string },
) {
  const { station } = requirePublisher(event);
  const id = requireId(event.params.id);
  const revision = postedRevision(await event.request.formData());
  try {
    await run(publicityDesk(), station, id, revision ?? 0, callContext(event));
  } catch (err) {
    if (isEditConflict(err)) return fail(409, { message: ACTION_CONFLICT_MESSAGE });
    const { status, data } = consoleFormFailure(err, {}, [], event.url.pathname);
    return fail(status, { message: data.message });
  }
  setFlash(event, done.flash);
  redirect(303, done.next(id));
}

/** Why an editor's save was refused, for the form to come back with. */
export interface SaveRefusal {
  status: number;
  message: string;
  fields: Record<string, string>;
  /** On a stale save: the latest revision, to save over it on purpose. */
  conflict: number | null;
}

/**
 * An editor's save: the saved thing, or the refusal — a stale one with the latest revision
 * (`latestRevision` answers it; a new thing has none and cannot be stale), any other as
 * publicityFormFailure maps it.
 */
export async function saveOrRefusal<S, V>(
  event: Event,
  save: () => Promise<S>,
  latestRevision: (() => Promise<number>) | null,
  form: {
    values: V;
    fields: readonly string[];
    fieldOf?: Record<string, string>;
    messages?: Record<string, string>;
  },
): Promise<{ saved: S } | { refusal: SaveRefusal }> {
  try {
    return { saved: await save() };
  } catch (err) {
    if (latestRevision && isEditConflict(err)) {
      const latest = await latestRevision().catch(() => null);
      return { refusal: { status: 409, message: CONFLICT_MESSAGE, fields: {}, conflict: latest } };
    }
    const { status, data } = publicityFormFailure(
      err,
      form.values,
      form.fields,
      event.url.pathname,
      form,
    );
    return { refusal: { status, message: data.message, fields: data.fields, conflict: null } };
  }
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
