import { loadTextAction, takeTextAction } from '../text-action.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadTextAction(event, 'out-of-scope');
export const actions: Actions = {
  default: (event) => takeTextAction(event, 'out-of-scope', 'explanation'),
};
