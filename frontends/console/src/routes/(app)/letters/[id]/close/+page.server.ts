import { loadTextAction, takeTextAction } from '../text-action.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadTextAction(event, 'close');
export const actions: Actions = { default: (event) => takeTextAction(event, 'close', 'note') };
