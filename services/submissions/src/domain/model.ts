import type { applicationStates } from '../db/schema';

/** Shapes stored in the applications table and shared by the domain functions. */

export type ApplicantKind = 'person' | 'unit';
export type ApplicationState = (typeof applicationStates)[number];
export type Step = 'notice' | 'basic' | 'form' | 'materials';
export type Provision = 'upload' | 'window' | 'deferred' | 'none';
export type Outcome = 'approved' | 'not_approved';

/** A stored file as the materials service described it when it was attached. */
export interface FileSnapshot {
  id: string;
  name: string;
  extension: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: string | null;
}

/** What the applicant provides for one material of the item version. */
export interface StoredProvision {
  materialId: string;
  provision: Provision;
  /** Only for `upload`. */
  files: FileSnapshot[];
}

/** 基本信息 keys, in the order of the form. */
export const BASIC_KEYS = [
  'name',
  'idNumber',
  'legalRepresentative',
  'contactName',
  'mobile',
  'address',
  'postcode',
  'remarks',
] as const;
export type BasicKey = (typeof BASIC_KEYS)[number];

/** 基本信息 in plain text (what the applicant and the handling staff see). */
export type Basic = Partial<Record<BasicKey, string>>;

/** 基本信息 as stored: `idNumber` and `mobile` sealed. */
export type StoredBasic = Partial<Record<BasicKey, string>>;

/** Keys of 基本信息 that are personal data and stored sealed. */
export const SEALED_BASIC_KEYS: readonly BasicKey[] = ['idNumber', 'mobile'];

/** 补齐补正: what staff asked for, and what the applicant had then. */
export interface SupplementRequest {
  /** Material ids. */
  materials: string[];
  /** `basic/<key>` or `answers/<key>`. */
  fields: string[];
  note: string;
  requestedAt: string;
  /** File ids each requested material had when asked: a resubmission must bring a new one. */
  filesAtRequest: Record<string, string[]>;
  resubmittedAt: string | null;
}

/** 证照信息. */
export interface Licence {
  name: string;
  number: string;
  issuer: string;
  validFrom: string;
  validTo: string | null;
}

/** 缴费信息 as stored: amounts in 分, so sums are exact. */
export interface StoredFees {
  items: Array<{ name: string; amountFen: number }>;
  paid: boolean;
}

export interface ApplicationResult {
  files: FileSnapshot[];
  licence: Licence | null;
  fees: StoredFees | null;
}
