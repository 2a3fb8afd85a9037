import { timestampDate } from '@bufbuild/protobuf/wkt';
import { decodeEvent, type BusEvent, type Executor } from '@hall/platform';
import { weightedVector, words } from '@hall/platform/search';
import { maskName, maskUnitName } from '@hall/platform/validation';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import {
  ApplicantType,
  ApplicationCompletedSchema,
  ApplicationEvaluatedSchema,
  ApplicationState,
  ApplicationStateChangedSchema,
  ApplicationSubmittedSchema,
  Outcome,
  type ApplicationRef,
} from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import { sql } from 'drizzle-orm';
import type { AnnouncementState } from '../db/schema';
import { shanghaiDay } from './dates';

// 办件公告 is a fold of submissions' events into one row per application. The fold is a join:
// the state and the reference fields come from the newest state event (by the time it occurred,
// then its position in the stream), each dated fact (first submission, 受理, 办结, 评价) is
// written once, so the same events give the same row in any order and any number of times.
// That is what lets a late, repeated or replayed event change nothing it should not, and a
// rebuild from the stream equal the live model.

/** An application as 办件公告 keeps it. */
export interface Announcement {
  applicationId: string;
  station: string;
  serial: string;
  itemId: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  applicantType: 'person' | 'unit';
  applicantMasked: string;
  state: AnnouncementState | null;
  submittedAt: Date | null;
  acceptedAt: Date | null;
  completedAt: Date | null;
  outcome: 'approved' | 'not_approved' | null;
  onTime: boolean | null;
  evaluationLevel: number | null;
  evaluatedAt: Date | null;
  /** The state event the state and reference fields come from; null until one is seen. */
  versionAt: Date | null;
  versionSeq: number | null;
}

const STATES: Partial<Record<ApplicationState, AnnouncementState>> = {
  [ApplicationState.SUBMITTED]: 'submitted',
  [ApplicationState.PREREVIEWED]: 'prereviewed',
  [ApplicationState.SUPPLEMENT]: 'supplement',
  [ApplicationState.ACCEPTED]: 'accepted',
  [ApplicationState.NOT_ACCEPTED]: 'not_accepted',
  [ApplicationState.REJECTED]: 'rejected',
  [ApplicationState.COMPLETED]: 'completed',
};

const date = (t: Timestamp | undefined): Date | null => (t ? timestampDate(t) : null);

/**
 * The masked applicant as shown publicly. Producers send it masked already; masking again is
 * idempotent (张* stays 张*, 重庆某某有限公司 stays) and keeps a full name out of the hall's
 * public pages even if a producer ever sent one.
 */
export function publicApplicant(type: ApplicantType, masked: string): string {
  return type === ApplicantType.UNIT ? maskUnitName(masked) : maskName(masked);
}

function fromRef(ref: ApplicationRef): Announcement {
  return {
    applicationId: ref.applicationId.toLowerCase(),
    station: ref.station,
    serial: ref.serial,
    itemId: ref.itemId.toLowerCase(),
    itemName: ref.itemName,
    departmentId: ref.departmentId.toLowerCase(),
    departmentName: ref.departmentName,
    applicantType: ref.applicantType === ApplicantType.UNIT ? 'unit' : 'person',
    applicantMasked: publicApplicant(ref.applicantType, ref.applicantMasked),
    state: null,
    submittedAt: null,
    acceptedAt: null,
    completedAt: null,
    outcome: null,
    onTime: null,
    evaluationLevel: null,
    evaluatedAt: null,
    versionAt: null,
    versionSeq: null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What one submissions event says about its application, as a partial row; null for events
 * 办件公告 does not read (FilesAttached, audit records) or that name no application.
 */
export function announcementOf(event: BusEvent): Announcement | null {
  const version = { versionAt: event.occurredAt, versionSeq: event.streamSequence };
  let row: Announcement;
  switch (event.type) {
    case ApplicationSubmittedSchema.typeName: {
      const m = decodeEvent(event, ApplicationSubmittedSchema);
      if (!m.application) return null;
      row = {
        ...fromRef(m.application),
        ...version,
        state: 'submitted',
        // 重新申报 is a new application; a resubmission after 补齐补正 keeps the first date.
        submittedAt: m.resubmission ? null : date(m.submittedAt),
      };
      break;
    }
    case ApplicationStateChangedSchema.typeName: {
      const m = decodeEvent(event, ApplicationStateChangedSchema);
      const state = STATES[m.to];
      if (!m.application || !state) return null;
      row = { ...fromRef(m.application), ...version, state, acceptedAt: date(m.acceptedAt) };
      break;
    }
    case ApplicationCompletedSchema.typeName: {
      const m = decodeEvent(event, ApplicationCompletedSchema);
      if (!m.application) return null;
      row = {
        ...fromRef(m.application),
        ...version,
        state: 'completed',
        acceptedAt: date(m.acceptedAt),
        completedAt: date(m.completedAt) ?? event.occurredAt,
        outcome: m.outcome === Outcome.NOT_APPROVED ? 'not_approved' : 'approved',
        onTime: m.onTime,
      };
      break;
    }
    case ApplicationEvaluatedSchema.typeName: {
      const m = decodeEvent(event, ApplicationEvaluatedSchema);
      if (!m.application || m.level < 1 || m.level > 5) return null;
      // Not a state event: it fills a row nothing else has told of yet, and never overrides
      // the reference fields (an anonymous evaluation carries no applicant at all).
      row = {
        ...fromRef(m.application),
        evaluationLevel: m.level,
        evaluatedAt: date(m.evaluatedAt) ?? event.occurredAt,
      };
      break;
    }
    default:
      return null;
  }
  return UUID.test(row.applicationId) && UUID.test(row.itemId) && UUID.test(row.departmentId)
    ? row
    : null;
}

/** -1, 0, 1: which version is newer; a row no state event has told is older than any. */
function compareVersions(a: Announcement, b: Announcement): number {
  if (a.versionAt === null || b.versionAt === null)
    return a.versionAt === null ? (b.versionAt === null ? 0 : -1) : 1;
  const byTime = a.versionAt.getTime() - b.versionAt.getTime();
  if (byTime !== 0) return Math.sign(byTime);
  return Math.sign((a.versionSeq ?? 0) - (b.versionSeq ?? 0));
}

/**
 * Join two partial rows of one application: state, reference fields and version from the newer,
 * each dated fact from the first that has it (`current`'s, then `incoming`'s).
 */
export function mergeAnnouncement(
  current: Announcement | null,
  incoming: Announcement,
): Announcement {
  if (!current) return incoming;
  const newer = compareVersions(incoming, current) > 0 ? incoming : current;
  const completion = current.completedAt ? current : incoming;
  const evaluation = current.evaluatedAt ? current : incoming;
  return {
    ...newer,
    applicationId: current.applicationId,
    station: current.station,
    submittedAt: current.submittedAt ?? incoming.submittedAt,
    acceptedAt: current.acceptedAt ?? incoming.acceptedAt,
    completedAt: completion.completedAt,
    outcome: completion.outcome,
    onTime: completion.onTime,
    evaluationLevel: evaluation.evaluationLevel,
    evaluatedAt: evaluation.evaluatedAt,
  };
}

const time = (d: Date | null) => d?.getTime() ?? null;

export function sameAnnouncement(a: Announcement, b: Announcement): boolean {
  return (
    a.serial === b.serial &&
    a.itemId === b.itemId &&
    a.itemName === b.itemName &&
    a.departmentId === b.departmentId &&
    a.departmentName === b.departmentName &&
    a.applicantType === b.applicantType &&
    a.applicantMasked === b.applicantMasked &&
    a.state === b.state &&
    time(a.submittedAt) === time(b.submittedAt) &&
    time(a.acceptedAt) === time(b.acceptedAt) &&
    time(a.completedAt) === time(b.completedAt) &&
    a.outcome === b.outcome &&
    a.onTime === b.onTime &&
    a.evaluationLevel === b.evaluationLevel &&
    time(a.evaluatedAt) === time(b.evaluatedAt) &&
    time(a.versionAt) === time(b.versionAt) &&
    a.versionSeq === b.versionSeq
  );
}

/** One day's statistics of a station, as counts to add. */
export interface StatisticsDelta {
  station: string;
  day: string;
  received: number;
  completed: number;
  completedOnTime: number;
  evaluations: number;
  evaluationLevelSum: number;
  satisfied: number;
}

/**
 * The counts a change of row adds: a fact counts on its Asia/Shanghai day when the row first
 * has it, so the daily statistics stay an aggregate of the rows however often events arrive.
 */
export function statisticsDeltas(
  before: Announcement | null,
  after: Announcement,
): StatisticsDelta[] {
  const deltas = new Map<string, StatisticsDelta>();
  const on = (at: Date) => {
    const day = shanghaiDay(at);
    let d = deltas.get(day);
    if (!d) {
      d = {
        station: after.station,
        day,
        received: 0,
        completed: 0,
        completedOnTime: 0,
        evaluations: 0,
        evaluationLevelSum: 0,
        satisfied: 0,
      };
      deltas.set(day, d);
    }
    return d;
  };
  if (!before?.submittedAt && after.submittedAt) on(after.submittedAt).received += 1;
  if (!before?.completedAt && after.completedAt) {
    const d = on(after.completedAt);
    d.completed += 1;
    if (after.onTime) d.completedOnTime += 1;
  }
  if (!before?.evaluatedAt && after.evaluatedAt && after.evaluationLevel) {
    const d = on(after.evaluatedAt);
    d.evaluations += 1;
    d.evaluationLevelSum += after.evaluationLevel;
    if (after.evaluationLevel >= 4) d.satisfied += 1;
  }
  return [...deltas.values()];
}

/** The search words of an item: its name's (ADR 7). */
export function itemSearch(itemName: string): string {
  return weightedVector([[words(itemName), 'A']]);
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Write rows as they are (inserted, or replacing the stored ones) in one statement; the caller
 * has merged them. The rows travel as one JSON parameter, typed by the record definition.
 */
export async function writeAnnouncements(tx: Executor, rows: Announcement[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      application_id: r.applicationId,
      station: r.station,
      serial: r.serial,
      item_id: r.itemId,
      item_name: r.itemName,
      department_id: r.departmentId,
      department_name: r.departmentName,
      applicant_type: r.applicantType,
      applicant_masked: r.applicantMasked,
      state: r.state,
      submitted_at: iso(r.submittedAt),
      accepted_at: iso(r.acceptedAt),
      completed_at: iso(r.completedAt),
      outcome: r.outcome,
      on_time: r.onTime,
      evaluation_level: r.evaluationLevel,
      evaluated_at: iso(r.evaluatedAt),
      version_at: iso(r.versionAt),
      version_seq: r.versionSeq,
    })),
  );
  await tx.execute(sql`
    insert into announcements (${ANNOUNCEMENT_COLUMNS})
    select ${ANNOUNCEMENT_COLUMNS} from jsonb_to_recordset(${json}::jsonb) as r(${ANNOUNCEMENT_RECORD})
    on conflict (application_id) do update set
      station = excluded.station, serial = excluded.serial, item_id = excluded.item_id,
      item_name = excluded.item_name, department_id = excluded.department_id,
      department_name = excluded.department_name, applicant_type = excluded.applicant_type,
      applicant_masked = excluded.applicant_masked, state = excluded.state,
      submitted_at = excluded.submitted_at, accepted_at = excluded.accepted_at,
      completed_at = excluded.completed_at, outcome = excluded.outcome, on_time = excluded.on_time,
      evaluation_level = excluded.evaluation_level, evaluated_at = excluded.evaluated_at,
      version_at = excluded.version_at, version_seq = excluded.version_seq`);
}

const ANNOUNCEMENT_COLUMNS = sql.raw(
  `application_id, station, serial, item_id, item_name, department_id, department_name,
   applicant_type, applicant_masked, state, submitted_at, accepted_at, completed_at, outcome,
   on_time, evaluation_level, evaluated_at, version_at, version_seq`,
);

const ANNOUNCEMENT_RECORD = sql.raw(
  `application_id uuid, station text, serial text, item_id uuid, item_name text,
   department_id uuid, department_name text, applicant_type text, applicant_masked text,
   state text, submitted_at timestamptz, accepted_at timestamptz, completed_at timestamptz,
   outcome text, on_time boolean, evaluation_level smallint, evaluated_at timestamptz,
   version_at timestamptz, version_seq bigint`,
);
