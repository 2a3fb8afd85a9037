import { municipality } from '$lib/stations';
import type { LayoutServerLoad } from './$types';

/** The frame of every page: its station (the municipality's on a 404), who is signed in, 大字. */
export const load: LayoutServerLoad = ({ locals, url }) => {
  // Reading the path makes this load run again on every navigation, e.g. to another station.
  void url.pathname;
  const station = locals.station ?? municipality;
  return {
    station: { key: station.key, name: station.name },
    user: locals.user ? { kind: locals.user.kind, name: locals.user.name } : null,
    elder: locals.elder,
  };
};
