import { loadForAction, runAction, type ItemAction } from '../../item-actions.server';
import type { Actions, PageServerLoad } from './$types';

const withdraw: ItemAction = {
  verb: '下架',
  applies: (item) => item.status === 'published',
  refusal: '该事项未发布，无需下架',
  run: (api, station, id, revision, ctx) => api.withdraw(station, id, revision, ctx),
};

export const load: PageServerLoad = (event) => loadForAction(event, withdraw);
export const actions: Actions = { default: (event) => runAction(event, withdraw) };
