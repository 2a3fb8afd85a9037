import { safeReturnPath } from '@hall/web';
import type { PageServerLoad } from './$types';

/** 【站点切换】: every enabled station; `from` is the section to open in the chosen one. */
export const load: PageServerLoad = ({ locals, url }) => {
  const from = safeReturnPath(url.searchParams.get('from'), '');
  return {
    from: from === '/' ? '' : from,
    stations: (locals.stations ?? []).map(({ key, name, kind }) => ({ key, name, kind })),
  };
};
