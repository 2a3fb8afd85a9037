import { staffRoleLabels } from '@hall/platform/auth';
import { takeFlash } from '$lib/server/forms';
import type { LayoutServerLoad } from './$types';

/** The frame of every page: who is signed in, their station and roles, 大字, a success message. */
export const load: LayoutServerLoad = (event) => {
  const { locals, url } = event;
  // Reading the URL makes this load run on every navigation, so a success message shows once,
  // on the page it was meant for.
  void url.pathname;
  void url.search;
  const user = locals.user;
  return {
    user: user
      ? {
          kind: user.kind,
          name: user.name,
          roles: user.roles.map((r) => staffRoleLabels[r]),
          roleKeys: [...user.roles],
        }
      : null,
    station: locals.station,
    elder: locals.elder,
    flash: takeFlash(event),
  };
};
