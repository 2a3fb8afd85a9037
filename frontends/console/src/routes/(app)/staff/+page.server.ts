import { requireStationAdmin } from '$lib/server/guards';
import { loadStaff, staffRow } from '$lib/server/staff';
import type { PageServerLoad } from './$types';

/** 工作人员管理: the staff of the signed-in admin's station (from the token, never the URL). */
export const load: PageServerLoad = async (event) => {
  const { user, station } = requireStationAdmin(event);
  const staff = await loadStaff(event, station);
  return { staff: staff.map(staffRow), self: user.id };
};
