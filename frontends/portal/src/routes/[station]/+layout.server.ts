import { error } from '@sveltejs/kit';
import { frameProfile } from '$lib/server/publicity';
import type { LayoutServerLoad } from './$types';

/**
 * Every station page: an unknown or disabled station is a 404 in the frame, never a crash. The
 * station's 站点个性化 (name, banner, contact footer) dresses the frame; without the publicity
 * service the frame keeps the registry's name.
 */
export const load: LayoutServerLoad = async ({ locals, params }) => {
  if (!locals.stations) error(503, '暂时无法获取站点信息，请稍后再试');
  if (!locals.station || locals.station.key !== params.station) {
    error(404, `站点“${params.station}”不存在或已停用，请通过【站点切换】选择站点`);
  }
  return { profile: await frameProfile(params.station) };
};
