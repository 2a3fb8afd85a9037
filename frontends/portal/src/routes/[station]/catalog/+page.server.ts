import { loadCatalog } from '$lib/server/browse';
import type { PageServerLoad } from './$types';

/** 权力清单 (manual 6.2): every item of the station, 按部门 / 按类别, filtered and paged. */
export const load: PageServerLoad = ({ params, url }) => loadCatalog(params.station, url);
