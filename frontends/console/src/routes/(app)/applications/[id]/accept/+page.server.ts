import { decideSimple, loadSimple } from '../simple.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadSimple(event, 'accept');
export const actions: Actions = { default: (event) => decideSimple(event, 'accept', false) };
