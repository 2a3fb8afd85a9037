import type { Station } from '@hall/web';
import { auditEvents, auditRows, parseAuditFilter, type AuditFilterForm } from '$lib/server/audit';
import { pageProblem } from '$lib/server/forms';
import { requireAuditReader } from '$lib/server/guards';
import { callContext, identity } from '$lib/server/services';
import { groupStations } from '$lib/stations';
import type { StaffMember } from '@hall/web';
import type { PageServerLoad } from './$types';

/** The filters as a query string (paging links keep them). */
function filterQuery(form: AuditFilterForm, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...form, ...extra }))
    if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * 审计日志. A station admin reads their own station's log: the station is the token's, and a
 * `station` in the URL is ignored. An operator reads every station's, optionally narrowed to one.
 */
export const load: PageServerLoad = async (event) => {
  const { user, scope } = requireAuditReader(event);
  const operator = 'all' in scope;
  const filter = parseAuditFilter(event.url.searchParams);
  if (!operator) {
    filter.form.station = '';
    delete filter.query.station;
    delete filter.errors.station;
  }
  const ctx = callContext(event);
  const here = event.url.pathname + event.url.search;
  const api = identity();

  let stations: Station[] = [];
  let staff: StaffMember[] = [];
  let page;
  try {
    [page, stations, staff] = await Promise.all([
      'all' in scope
        ? api.allAudit(filter.query, ctx)
        : api.stationAudit(scope.station, filter.query, ctx),
      operator ? api.allStations(ctx) : Promise.resolve([]),
      // Names for the ids in the log: the station's staff.
      operator
        ? filter.query.station
          ? api.listStaff(filter.query.station, ctx).catch(() => [])
          : Promise.resolve([])
        : api.listStaff(scope.station, ctx),
    ]);
  } catch (err) {
    pageProblem(err, here);
  }

  const people = new Map<string, string>(staff.map((s) => [s.id, `${s.name}（${s.username}）`]));
  people.set(user.id, `${user.name}（本人）`);
  if (user.kind === 'operator') people.set(user.id, `${user.name}（本人，平台运维）`);
  const stationNames = new Map<string, string>(stations.map((s) => [s.key, s.name]));
  if (event.locals.station) stationNames.set(event.locals.station.key, event.locals.station.name);

  return {
    operator,
    filter: filter.form,
    errors: filter.errors,
    page: filter.page,
    rows: auditRows(page.entries, { people, stations: stationNames }),
    nextHref: page.nextBefore
      ? filterQuery(filter.form, { before: page.nextBefore, page: String(filter.page + 1) })
      : null,
    firstHref: filter.before ? filterQuery(filter.form) : null,
    eventOptions: auditEvents,
    stationGroups: groupStations(stations).map((g) => ({
      label: g.label,
      options: g.stations.map((s) => ({
        value: s.key,
        label: s.enabled ? s.name : `${s.name}（已停用）`,
      })),
    })),
    filtered: Object.values(filter.form).some(Boolean),
  };
};
