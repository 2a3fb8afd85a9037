/**
 * Station staff as the console's pages need them. The station is always the signed-in station
 * admin's (from their token) or, for operators, the one they picked: never a form field.
 */
import { staffRoleLabels, staffRoles, type StaffRole } from '@hall/platform/auth';
import { ProblemError } from '@hall/web';
import { formText } from '@hall/web/server';
import { error } from '@sveltejs/kit';
import { shanghaiDate } from '$lib/time';
import type { StaffMember } from '@hall/web';
import { pageProblem } from './forms';
import { callContext, identity } from './services';

/** The roles a station admin hands out; only operators appoint station admins. */
export const grantableRoles: ReadonlyArray<{ value: StaffRole; label: string }> = staffRoles
  .filter((r) => r !== 'station_admin')
  .map((r) => ({ value: r, label: staffRoleLabels[r] }));

export interface StaffRow {
  id: string;
  username: string;
  name: string;
  mobileMasked: string;
  departmentId: string;
  roles: string;
  roleKeys: StaffRole[];
  enabled: boolean;
  createdAt: string;
  /** A station admin's account is managed by operators (or, in part, by its owner). */
  isAdmin: boolean;
}

export const rolesText = (roles: readonly StaffRole[]): string =>
  roles.map((r) => staffRoleLabels[r] ?? r).join('、') || '未分配角色';

export function staffRow(member: StaffMember): StaffRow {
  return {
    id: member.id,
    username: member.username,
    name: member.name,
    mobileMasked: member.mobileMasked ?? '—',
    departmentId: member.departmentId ?? '—',
    roles: rolesText(member.roles),
    roleKeys: member.roles,
    enabled: member.enabled,
    createdAt: shanghaiDate(member.createdAt),
    isAdmin: member.roles.includes('station_admin'),
  };
}

type Event = Parameters<typeof callContext>[0] & { url: URL };

export async function loadStaff(event: Event, station: string): Promise<StaffMember[]> {
  try {
    return await identity().listStaff(station, callContext(event));
  } catch (err) {
    pageProblem(err, event.url.pathname + event.url.search);
  }
}

/** One staff member of `station` (identity has no single-member read: the list is short). */
export async function loadMember(event: Event, station: string, id: string): Promise<StaffMember> {
  const member = (await loadStaff(event, station)).find((m) => m.id === id);
  if (!member) error(404, '该工作人员不存在');
  return member;
}

/** The roles ticked on a form, unknown values dropped. */
export function checkedRoles(data: FormData): StaffRole[] {
  const known = staffRoles as readonly string[];
  return data
    .getAll('roles')
    .filter((r): r is StaffRole => typeof r === 'string' && known.includes(r));
}

/** `departmentId`: blank means none. */
export function departmentOf(data: FormData): string | null {
  return formText(data, 'departmentId').trim() || null;
}

export const isProblem = (err: unknown, status: number): boolean =>
  err instanceof ProblemError && err.status === status;
