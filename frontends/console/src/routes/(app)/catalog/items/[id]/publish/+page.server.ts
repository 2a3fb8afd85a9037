import { loadForAction, runAction, type ItemAction } from '../../item-actions.server';
import type { Actions, PageServerLoad } from './$types';

const publish: ItemAction = {
  verb: '发布',
  applies: (item) => item.draft !== null,
  refusal: '该事项没有未发布的草稿',
  run: (api, station, id, revision, ctx) => api.publish(station, id, revision, ctx),
};

export const load: PageServerLoad = (event) => loadForAction(event, publish);
export const actions: Actions = { default: (event) => runAction(event, publish) };
