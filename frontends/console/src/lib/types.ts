/**
 * What identity's staff, station and audit endpoints send and receive, as the console uses them
 * (the citizen-side types are in @hall/web).
 */
import type { StaffRole } from '@hall/platform/auth';

export type { StaffRole };

/** A staff account as identity shows it to a station admin or an operator. */
export interface StaffMember {
  id: string;
  station: string | null;
  username: string;
  name: string;
  /** e.g. 138****5678; the full number is never sent to the console. */
  mobileMasked: string | null;
  departmentId: string | null;
  roles: StaffRole[];
  enabled: boolean;
  createdAt: string;
}

export interface NewStaff {
  username: string;
  password: string;
  name: string;
  mobile?: string;
  departmentId?: string | null;
  roles: StaffRole[];
}

export interface StaffPatch {
  name?: string;
  departmentId?: string | null;
  roles?: StaffRole[];
  enabled?: boolean;
}

export interface NewStation {
  key: string;
  name: string;
  kind: string;
  divisionCode?: string | null;
}

export interface StationPatch {
  name?: string;
  enabled?: boolean;
}

export type AuditOutcome = 'success' | 'failure';

export interface AuditEntry {
  id: string;
  at: string;
  station: string | null;
  event: string;
  outcome: string;
  actorKind: string | null;
  actorId: string | null;
  actorName: string | null;
  targetKind: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

export interface AuditQuery {
  event?: string;
  outcome?: AuditOutcome;
  actorId?: string;
  /** ISO date-times. */
  from?: string;
  to?: string;
  before?: string;
  limit?: number;
}
