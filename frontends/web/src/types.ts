/** What identity's HTTP API sends and receives, as the front ends use it. */
import type { StaffRole } from '@hall/platform/auth';

export type { StaffRole };

export type StationKind =
  'municipality' | 'district' | 'county' | 'autonomous-county' | 'special-zone';

export interface Station {
  key: string;
  name: string;
  kind: StationKind;
  divisionCode: string | null;
  parent: string | null;
  enabled: boolean;
  sortOrder: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Seconds until the session ends if unused. */
  refreshExpiresIn: number;
}

export interface SignedIn extends TokenPair {
  account: { id: string; kind: string; name: string; station: string | null; roles: string[] };
}

export interface PersonRegistration {
  username: string;
  password: string;
  realName: string;
  idNumber: string;
  mobile: string;
}

export interface UnitRegistration {
  username: string;
  password: string;
  unitName: string;
  creditCode: string;
  legalRepName: string;
  legalRepIdNumber: string;
  operatorName: string;
  operatorMobile: string;
}

interface ProfileCommon {
  id: string;
  username: string;
  mobile: string;
  mobileMasked: string;
  email: string | null;
  address: string | null;
  hasSecurityQuestions: boolean;
  createdAt: string;
}

export interface PersonProfile extends ProfileCommon {
  kind: 'person';
  realName: string;
  idNumber: string;
  idNumberMasked: string;
}

export interface UnitProfile extends ProfileCommon {
  kind: 'unit';
  operatorName: string;
  unitName: string;
  creditCode: string;
  creditCodeMasked: string;
  legalRepName: string;
  legalRepIdNumber: string;
  legalRepIdNumberMasked: string;
}

/** 个人信息 as identity shows it to its owner: full values and their masked forms. */
export type Profile = PersonProfile | UnitProfile;

/** 资料设置: the fields the owner may change (the unit ones for units only). */
export interface ProfileUpdate {
  mobile?: string;
  email?: string | null;
  address?: string | null;
  operatorName?: string;
  legalRepName?: string;
  legalRepIdNumber?: string;
}

// The staff side: station staff, stations and the audit log (the console).

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
