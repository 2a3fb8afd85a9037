import { loadForAction, runAction, type ItemAction } from '../../item-actions.server';
import type { Actions, PageServerLoad } from './$types';

const discard: ItemAction = {
  verb: '放弃草稿',
  applies: (item) => item.draft !== null && item.publishedVersion !== null,
  refusal: '该事项没有可放弃的草稿',
  run: (api, station, id, revision, ctx) => api.discardDraft(station, id, revision, ctx),
};

export const load: PageServerLoad = (event) => loadForAction(event, discard);
export const actions: Actions = { default: (event) => runAction(event, discard) };
