/** 发布 / 下架 / 放弃草稿: the load and the action their confirmation pages share. */
import { error, fail, redirect, type Cookies } from '@sveltejs/kit';
import {
  catalogAdmin,
  requireCatalogEditor,
  type AdminItem,
  type CatalogAdminClient,
} from '$lib/server/catalog';
import { setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import { actionFailure, itemHead, loadItem, postedRevision } from './item.server';

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  params: { id: string };
  request: Request;
  cookies: Cookies;
};

export interface ItemAction {
  verb: string;
  /** Whether the item is in a state the action applies to. */
  applies: (item: AdminItem) => boolean;
  /** Why not, when it does not. */
  refusal: string;
  run: (
    api: CatalogAdminClient,
    station: string,
    id: string,
    revision: number,
    ctx: ReturnType<typeof callContext>,
  ) => Promise<unknown>;
}

export async function loadForAction(event: Event, action: ItemAction) {
  const { station } = requireCatalogEditor(event);
  const item = await loadItem(event, station);
  if (!action.applies(item)) error(409, action.refusal);
  return { item: itemHead(item), draft: item.draft !== null };
}

export async function runAction(event: Event, action: ItemAction) {
  const { station } = requireCatalogEditor(event);
  const id = event.params.id;
  const revision = postedRevision(await event.request.formData());
  if (Number.isNaN(revision)) return fail(400, { message: '请求无效，请重试' });
  let name = '';
  try {
    const api = catalogAdmin();
    const ctx = callContext(event);
    const item = await api.item(station, id, ctx);
    name = (item.draft ?? item.published)?.definition.name ?? item.name;
    await action.run(api, station, id, revision, ctx);
  } catch (err) {
    return actionFailure(err, event.url.pathname);
  }
  setFlash(event, `操作成功：已${action.verb}“${name}”`);
  redirect(303, `/catalog/items/${id}`);
}
