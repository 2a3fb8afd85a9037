/**
 * Who edited and published versions: catalog records account ids. A station admin may read the
 * station's staff from identity, so they see names, and an id that is none of the station's
 * staff is a platform operator's or the initial data's. An editor sees their own name and, for
 * others, the end of the id (identity shows editors no staff list).
 */
import { callContext, identity } from '$lib/server/services';

type Event = Parameters<typeof callContext>[0] & { locals: App.Locals };

export async function staffNames(
  event: Event,
  station: string,
): Promise<(id: string | null) => string> {
  const user = event.locals.user;
  const names = new Map<string, string>();
  let complete = false;
  if (user?.roles.includes('station_admin')) {
    try {
      for (const s of await identity().listStaff(station, callContext(event)))
        names.set(s.id, s.name);
      complete = true;
    } catch {
      // identity unreachable: the ids' ends still tell people apart.
    }
  }
  if (user) names.set(user.id, `${user.name}（本人）`);
  return (id) => {
    if (!id) return '—';
    const known = names.get(id);
    if (known) return known;
    const tail = `编号尾号 ${id.slice(-8)}`;
    return complete ? `平台运维或初始数据（${tail}）` : `其他工作人员（${tail}）`;
  };
}
