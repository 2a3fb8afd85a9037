import { loadServiceHall } from '$lib/server/browse';
import type { PageServerLoad } from './$types';

/** 单位办事: the items whose 服务对象 includes 法人. */
export const load: PageServerLoad = ({ params, url }) =>
  loadServiceHall(params.station, url, 'legal');
