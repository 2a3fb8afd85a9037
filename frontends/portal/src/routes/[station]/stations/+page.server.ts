import { ProblemError, safeReturnPath } from '@hall/web';
import { catalog } from '$lib/server/catalog';
import type { PageServerLoad } from './$types';

/**
 * 【站点切换】: the current station's departments (部门站点, manual 7.1) and every enabled
 * station (7.2); `from` is the section to open in the chosen station. Without the catalog the
 * stations are still listed, with a word about the departments.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const from = safeReturnPath(url.searchParams.get('from'), '');
  let departments: Array<{ id: string; name: string }> | null;
  try {
    departments = (await catalog().departments(params.station)).map(({ id, name }) => ({
      id,
      name,
    }));
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    departments = null;
  }
  return {
    from: from === '/' ? '' : from,
    departments,
    stations: (locals.stations ?? []).map(({ key, name, kind }) => ({ key, name, kind })),
  };
};
