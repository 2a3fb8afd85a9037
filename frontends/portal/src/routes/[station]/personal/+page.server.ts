import { loadServiceHall } from '$lib/server/browse';
import type { PageServerLoad } from './$types';

/** 个人办事: the items whose 服务对象 includes 自然人. */
export const load: PageServerLoad = ({ params, url }) =>
  loadServiceHall(params.station, url, 'person');
