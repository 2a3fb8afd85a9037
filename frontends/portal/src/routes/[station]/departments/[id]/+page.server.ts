import { loadDepartmentSite } from '$lib/server/browse';
import type { PageServerLoad } from './$types';

/** 部门站点 (manual 7.1): a department's items, by 行政权力类型. */
export const load: PageServerLoad = ({ params, url }) =>
  loadDepartmentSite(params.station, params.id, url);
