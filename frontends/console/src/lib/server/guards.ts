/**
 * Who may open which console page. identity checks every call again (roles and the station in
 * the token), so these guards decide what the console shows, not what is allowed: a crafted
 * request that passes them still meets identity's checks.
 */
import { error, redirect } from '@sveltejs/kit';

interface GuardEvent {
  locals: App.Locals;
  url: URL;
}

export function requireUser(event: GuardEvent): ConsoleUser {
  const user = event.locals.user;
  if (!user)
    redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
  return user;
}

/**
 * A station admin of the station in their token: the station these pages act on. It never comes
 * from the URL or a form field.
 */
export function requireStationAdmin(event: GuardEvent): { user: ConsoleUser; station: string } {
  const user = requireUser(event);
  if (user.kind !== 'staff' || !user.station || !user.roles.includes('station_admin')) {
    error(403, '此页面仅限站点管理员使用');
  }
  return { user, station: user.station };
}

export function requireOperator(event: GuardEvent): ConsoleUser {
  const user = requireUser(event);
  if (user.kind !== 'operator') error(403, '此页面仅限平台运维人员使用');
  return user;
}

/** The audit log: a station admin reads their station's, an operator every station's. */
export function requireAuditReader(event: GuardEvent): {
  user: ConsoleUser;
  scope: { station: string } | { all: true };
} {
  const user = requireUser(event);
  if (user.kind === 'operator') return { user, scope: { all: true } };
  const { station } = requireStationAdmin(event);
  return { user, scope: { station } };
}
