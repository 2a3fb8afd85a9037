import { decideSimple, loadSimple } from '../simple.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadSimple(event, 'not_accept');
export const actions: Actions = { default: (event) => decideSimple(event, 'not_accept', true) };
