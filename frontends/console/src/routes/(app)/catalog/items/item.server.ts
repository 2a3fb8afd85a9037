/** One item as the editor's pages load it, and what they share about it. */
import { ProblemError } from '@hall/web';
import { fail } from '@sveltejs/kit';
import { catalogFormFailure } from '$lib/server/catalog';
import {
  loadFromCatalog,
  type AdminItem,
  type Department,
  type ItemDefinition,
} from '$lib/server/catalog';
import type { callContext } from '$lib/server/services';

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  params: { id: string };
};

export const loadItem = (event: Event, station: string): Promise<AdminItem> =>
  loadFromCatalog(event, (api, ctx) => api.item(station, event.params.id, ctx));

/** What the editor works on: the draft, or the published version a save turns into a draft. */
export function working(item: AdminItem): ItemDefinition {
  const current = item.draft ?? item.published;
  // catalog keeps a definition for every item: an item with neither is a broken answer.
  if (!current) throw new Error(`catalog item ${item.id} has no definition`);
  return current.definition;
}

/** The head of every item page: name, status and versions, for the title and the summary. */
export function itemHead(item: AdminItem, departments: readonly Department[] = []) {
  const def = working(item);
  return {
    id: item.id,
    name: def.name,
    implCode: def.implCode,
    status: item.status,
    revision: item.revision,
    publishedVersion: item.publishedVersion,
    draftVersion: item.draftVersion,
    hasDraft: item.draft !== null,
    department: departments.find((d) => d.id === def.departmentId)?.name ?? null,
  };
}
export type ItemHead = ReturnType<typeof itemHead>;

/** The revision a form was rendered from (hidden field `revision`); NaN when missing. */
export function postedRevision(data: FormData): number {
  const raw = data.get('revision');
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
}

export const CONFLICT_MESSAGE =
  '保存失败：该事项已被他人修改。您填写的内容仍保留在页面上，请核对最新内容后再保存。';

/** A 409 from catalog: someone changed the item since the page was loaded. */
export const isConflict = (err: unknown): boolean =>
  err instanceof ProblemError && err.status === 409 && err.code === 'edit_conflict';

/**
 * A failure of a one-button action (上移, 删除, 发布 …) as the page's message: a conflict says
 * the page now shows the latest state; 401 goes to 登录; anything else is catalog's title.
 */
export function actionFailure(err: unknown, next: string) {
  if (isConflict(err)) {
    return fail(409, { message: '该事项已被他人修改，页面已显示最新内容，请核对后重试' });
  }
  const { status, data } = catalogFormFailure(err, {}, [], next);
  return fail(status, { message: data.message });
}
