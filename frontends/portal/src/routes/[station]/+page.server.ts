import { optional, publicity } from '$lib/server/publicity';
import type { PageServerLoad } from './$types';

const LATEST = 5;

/**
 * The home page's 通知公告 (the latest five) and statistics, each on its own: when the publicity
 * service is away they say so in their place and the rest of the page is as ever.
 */
export const load: PageServerLoad = async ({ params }) => {
  const [notices, statistics] = await Promise.all([
    optional(publicity().latestNotices(params.station, LATEST)),
    optional(publicity().statistics(params.station)),
  ]);
  return { notices, statistics };
};
