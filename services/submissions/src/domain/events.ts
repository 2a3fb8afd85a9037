import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { enqueueAudit, enqueueEvent, type AuditDetails, type Executor } from '@hall/platform';
import { maskName, maskUnitName } from '@hall/platform/validation';
import {
  ApplicantType,
  ApplicationCompletedSchema,
  ApplicationEvaluatedSchema,
  ApplicationState as ApplicationStateEnum,
  ApplicationStateChangedSchema,
  ApplicationSubmittedSchema,
  FilesAttachedSchema,
  Outcome as OutcomeEnum,
  type ApplicationRef,
} from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ApplicationRefSchema } from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import type { applications } from '../db/schema';
import type { ActionContext } from './deps';
import type { ApplicationState, Outcome } from './model';

export type ApplicationRow = typeof applications.$inferSelect;

const DOMAIN = 'submissions';

const STATE_ENUM: Record<Exclude<ApplicationState, 'draft'>, ApplicationStateEnum> = {
  submitted: ApplicationStateEnum.SUBMITTED,
  prereviewed: ApplicationStateEnum.PREREVIEWED,
  supplement: ApplicationStateEnum.SUPPLEMENT,
  accepted: ApplicationStateEnum.ACCEPTED,
  not_accepted: ApplicationStateEnum.NOT_ACCEPTED,
  rejected: ApplicationStateEnum.REJECTED,
  completed: ApplicationStateEnum.COMPLETED,
};

function stateEnum(state: ApplicationState): ApplicationStateEnum {
  return state === 'draft' ? ApplicationStateEnum.UNSPECIFIED : STATE_ENUM[state];
}

/** The application as public read models may show it: the applicant masked (张*, 重庆某某有限公司). */
export function applicationRef(row: ApplicationRow): MessageInitShape<typeof ApplicationRefSchema> {
  const name = row.applicantName ?? '';
  return {
    applicationId: row.id,
    station: row.station,
    serial: row.serial ?? '',
    itemId: row.itemId,
    itemVersion: row.itemVersion,
    itemName: row.itemName,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    applicantType: row.applicantKind === 'unit' ? ApplicantType.UNIT : ApplicantType.PERSON,
    applicantMasked: row.applicantKind === 'unit' ? maskUnitName(name) : maskName(name),
  } satisfies Partial<ApplicationRef>;
}

const ts = (d: Date | null | undefined) => (d ? timestampFromDate(d) : undefined);

export async function emitSubmitted(
  tx: Executor,
  namespace: string,
  row: ApplicationRow,
  resubmission: boolean,
): Promise<void> {
  await enqueueEvent(tx, namespace, {
    station: row.station,
    domain: DOMAIN,
    event: 'application_submitted',
    schema: ApplicationSubmittedSchema,
    message: {
      application: applicationRef(row),
      submittedAt: ts(row.submittedAt),
      resubmission,
      ...(row.reapplicationOf ? { reapplicationOf: row.reapplicationOf } : {}),
    },
  });
}

export async function emitStateChanged(
  tx: Executor,
  namespace: string,
  row: ApplicationRow,
  from: ApplicationState,
  action: string,
  at: Date,
): Promise<void> {
  await enqueueEvent(tx, namespace, {
    station: row.station,
    domain: DOMAIN,
    event: 'application_state_changed',
    schema: ApplicationStateChangedSchema,
    message: {
      application: applicationRef(row),
      from: stateEnum(from),
      to: stateEnum(row.state),
      action,
      changedAt: timestampFromDate(at),
      ...(row.acceptedAt ? { acceptedAt: ts(row.acceptedAt) } : {}),
      ...(row.dueAt ? { dueAt: ts(row.dueAt) } : {}),
    },
  });
}

export async function emitCompleted(
  tx: Executor,
  namespace: string,
  row: ApplicationRow,
): Promise<void> {
  const completedAt = row.completedAt ?? new Date();
  await enqueueEvent(tx, namespace, {
    station: row.station,
    domain: DOMAIN,
    event: 'application_completed',
    schema: ApplicationCompletedSchema,
    message: {
      application: applicationRef(row),
      outcome:
        (row.outcome as Outcome) === 'approved' ? OutcomeEnum.APPROVED : OutcomeEnum.NOT_APPROVED,
      completedAt: timestampFromDate(completedAt),
      ...(row.acceptedAt ? { acceptedAt: ts(row.acceptedAt) } : {}),
      ...(row.dueAt ? { dueAt: ts(row.dueAt) } : {}),
      onTime: !row.dueAt || completedAt <= row.dueAt,
    },
  });
}

export async function emitEvaluated(
  tx: Executor,
  namespace: string,
  row: ApplicationRow,
  evaluation: {
    level: number;
    indicators: {
      overall: number;
      efficiency: number;
      guideAccuracy: number;
      convenience: number;
      usability: number;
    };
    anonymous: boolean;
    at: Date;
  },
): Promise<void> {
  const application = applicationRef(row);
  await enqueueEvent(tx, namespace, {
    station: row.station,
    domain: DOMAIN,
    event: 'application_evaluated',
    schema: ApplicationEvaluatedSchema,
    message: {
      // 匿名评价: not even the masked name goes to public read models.
      application: evaluation.anonymous ? { ...application, applicantMasked: '' } : application,
      level: evaluation.level,
      indicators: evaluation.indicators,
      evaluatedAt: timestampFromDate(evaluation.at),
      anonymous: evaluation.anonymous,
    },
  });
}

/** Files the application now uses, so materials grants the applicant and the station access. */
export async function emitFilesAttached(
  tx: Executor,
  namespace: string,
  row: ApplicationRow,
  owner: { kind: string; id: string },
  fileIds: string[],
): Promise<void> {
  if (fileIds.length === 0) return;
  await enqueueEvent(tx, namespace, {
    station: row.station,
    domain: DOMAIN,
    event: 'files_attached',
    schema: FilesAttachedSchema,
    message: {
      applicationId: row.id,
      station: row.station,
      ownerKind: owner.kind,
      ownerId: owner.id,
      applicantKind: row.applicantKind,
      applicantId: row.applicantId,
      fileIds: [...new Set(fileIds)],
    },
  });
}

/** Staff actions on applications, as named in the audit log. */
export type SubmissionsAuditEvent =
  | 'submissions.application.viewed'
  | 'submissions.application.prereviewed'
  | 'submissions.application.supplement_requested'
  | 'submissions.application.accepted'
  | 'submissions.application.not_accepted'
  | 'submissions.application.rejected'
  | 'submissions.application.completed'
  | 'submissions.follow_up.responded';

/** Audit a staff action in its transaction: codes and ids only, never personal data. */
export async function audit(
  tx: Executor,
  ctx: ActionContext,
  event: SubmissionsAuditEvent,
  target: { kind: string; id: string },
  details: AuditDetails = {},
): Promise<void> {
  await enqueueAudit(tx, ctx.namespace, {
    domain: DOMAIN,
    station: ctx.station,
    actor: ctx.actor,
    event,
    target,
    ip: ctx.ip,
    outcome: 'success',
    details,
    at: ctx.now,
  });
}
