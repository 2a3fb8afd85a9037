import type { Executor } from '@hall/platform';
import { and, asc, eq } from 'drizzle-orm';
import { applications, evaluations, transitions } from '../db/schema';
import type { SubmissionsDeps } from './deps';
import type { ApplicationRow } from './events';
import type { ItemSnapshot, ItemVersions } from './items';
import {
  ACTION_LABELS,
  EVALUATION_LEVEL_LABELS,
  ID_TYPES,
  OUTCOME_LABELS,
  PROVISION_LABELS,
  ROLE_LABELS,
  STATE_LABELS,
} from './labels';
import { availableActions, type StaffActor } from './machine';
import type {
  ApplicationResult,
  ApplicationState,
  FileSnapshot,
  Outcome,
  StoredFees,
  StoredProvision,
} from './model';
import { openAnswers, openBasic } from './personal';
import type { PersonalDataCipher } from '@hall/platform';
import { findStation } from './stations';
import type { ApplicationView, EvaluationView } from './view-schemas';

/** Who looks at an application: its applicant, or staff of the handling station. */
export type Viewer = { kind: 'applicant' } | { kind: 'staff'; actor: StaffActor };

export interface ViewContext {
  cipher: PersonalDataCipher;
  itemVersions: ItemVersions;
  now: Date;
}

/** What showing an application needs of the service, at `now`. */
export function viewContext(
  deps: Pick<SubmissionsDeps, 'cipher' | 'itemVersions' | 'now'>,
  now: Date = deps.now(),
): ViewContext {
  return { cipher: deps.cipher, itemVersions: deps.itemVersions, now };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function isOverdue(row: ApplicationRow, now: Date): boolean {
  return row.currentDueAt !== null && row.currentDueAt.getTime() < now.getTime();
}

/** The applicant's buttons in 我的办件 and on the detail page. */
export function applicantActions(
  state: ApplicationState,
  options: { evaluated: boolean; reapplied: boolean },
): string[] {
  switch (state) {
    case 'draft':
      return ['edit', 'delete', 'submit'];
    case 'supplement':
      return ['supplement', 'print'];
    case 'rejected':
      return options.reapplied ? ['print'] : ['reapply', 'print'];
    case 'completed':
      return options.evaluated ? ['print'] : ['evaluate', 'print'];
    default:
      return ['print'];
  }
}

function itemView(item: ItemSnapshot): ApplicationView['item'] {
  return {
    id: item.id,
    version: item.version,
    name: item.name,
    implCode: item.implCode,
    powerType: item.powerType,
    handlingType: item.handlingType,
    departmentId: item.departmentId,
    departmentName: item.departmentName,
    serviceObjects: item.serviceObjects,
    online: item.online,
    onlineDepth: item.onlineDepth,
    legalTimeLimit: item.legalTimeLimit,
    promisedTimeLimit: item.promisedTimeLimit,
    notice: item.notice,
    form: item.form as unknown as Record<string, unknown> | null,
    materials: item.materials,
  };
}

function feesView(fees: StoredFees | null): ApplicationView['result']['fees'] {
  if (!fees) return null;
  const totalFen = fees.items.reduce((sum, i) => sum + i.amountFen, 0);
  return {
    items: fees.items.map((i) => ({ name: i.name, amount: i.amountFen / 100 })),
    total: totalFen / 100,
    paid: fees.paid,
  };
}

/** Per material of the version (in its order), what the applicant provides. */
function provisionsView(
  item: ItemSnapshot,
  stored: StoredProvision[],
): ApplicationView['materials'] {
  const byId = new Map(stored.map((p) => [p.materialId, p]));
  return item.materials.map((m) => {
    const p = byId.get(m.id);
    return {
      materialId: m.id,
      name: m.name,
      necessity: m.necessity,
      collection: m.collection,
      provision: p?.provision ?? null,
      provisionLabel: p ? PROVISION_LABELS[p.provision] : null,
      files: p?.files ?? [],
    };
  });
}

function evaluationView(row: typeof evaluations.$inferSelect | undefined): EvaluationView | null {
  if (!row) return null;
  return {
    level: row.level,
    levelLabel: EVALUATION_LEVEL_LABELS[row.level] ?? '',
    indicators: {
      overall: row.overall,
      efficiency: row.efficiency,
      guideAccuracy: row.guideAccuracy,
      convenience: row.convenience,
      usability: row.usability,
    },
    comment: row.comment,
    anonymous: row.anonymous,
    at: row.at.toISOString(),
  };
}

/** The whole application as its applicant or the handling staff see it (personal data in full). */
export async function applicationView(
  tx: Executor,
  ctx: ViewContext,
  row: ApplicationRow,
  viewer: Viewer,
): Promise<ApplicationView> {
  const [item, station, steps, [evaluation], [reapplication]] = await Promise.all([
    ctx.itemVersions.load(tx, row.station, row.itemId, row.itemVersion),
    findStation(tx, row.station),
    tx
      .select()
      .from(transitions)
      .where(and(eq(transitions.station, row.station), eq(transitions.applicationId, row.id)))
      .orderBy(asc(transitions.at), asc(transitions.id)),
    tx
      .select()
      .from(evaluations)
      .where(and(eq(evaluations.station, row.station), eq(evaluations.applicationId, row.id))),
    tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.station, row.station), eq(applications.reapplicationOf, row.id))),
  ]);
  const basic = openBasic(ctx.cipher, row.basic);
  const idType = ID_TYPES[row.applicantKind];
  const result: ApplicationResult = row.result ?? { files: [], licence: null, fees: null };
  const supplement = row.supplement;
  const view: ApplicationView = {
    id: row.id,
    station: row.station,
    stationName: station?.name ?? row.station,
    serial: row.serial,
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    step: row.step,
    revision: row.revision,
    applicantKind: row.applicantKind,
    item: itemView(item),
    basic: {
      name: basic.name ?? null,
      idType: idType.code,
      idTypeLabel: idType.label,
      idNumber: basic.idNumber ?? null,
      legalRepresentative: basic.legalRepresentative ?? null,
      contactName: basic.contactName ?? null,
      mobile: basic.mobile ?? null,
      address: basic.address ?? null,
      postcode: basic.postcode ?? null,
      remarks: basic.remarks ?? null,
    },
    answers: openAnswers(ctx.cipher, row.answers),
    materials: provisionsView(item, row.materials),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: iso(row.submittedAt),
    prereviewDueAt: iso(row.prereviewDueAt),
    acceptedAt: iso(row.acceptedAt),
    dueAt: iso(row.dueAt),
    completedAt: iso(row.completedAt),
    currentDueAt: iso(row.currentDueAt),
    overdue: isOverdue(row, ctx.now),
    outcome: row.outcome,
    outcomeLabel: row.outcome ? OUTCOME_LABELS[row.outcome as Outcome] : null,
    result: {
      files: result.files as FileSnapshot[],
      licence: result.licence,
      fees: feesView(result.fees),
    },
    supplement: supplement
      ? {
          materials: supplement.materials,
          fields: supplement.fields,
          note: supplement.note,
          requestedAt: supplement.requestedAt,
          resubmittedAt: supplement.resubmittedAt,
        }
      : null,
    reapplicationOf: row.reapplicationOf,
    reappliedBy: reapplication?.id ?? null,
    timeline: steps.map((s) => ({
      at: s.at.toISOString(),
      action: s.action,
      actionLabel: ACTION_LABELS[s.action] ?? s.action,
      from: s.fromState,
      to: s.toState,
      stateLabel: STATE_LABELS[s.toState as ApplicationState] ?? s.toState,
      opinion: s.opinion,
      actor: {
        kind: s.actorKind === 'staff' ? 'staff' : 'applicant',
        roleLabel:
          s.actorKind === 'staff'
            ? (ROLE_LABELS[s.actorRole as keyof typeof ROLE_LABELS] ?? '工作人员')
            : null,
        ...(viewer.kind === 'staff' && s.actorId ? { id: s.actorId } : {}),
      },
      details: s.details,
    })),
    evaluation: evaluationView(evaluation),
    actions:
      viewer.kind === 'applicant'
        ? applicantActions(row.state, {
            evaluated: evaluation !== undefined,
            reapplied: reapplication !== undefined,
          })
        : ['print'],
  };
  if (viewer.kind === 'staff') view.availableActions = availableActions(viewer.actor, row.state);
  return view;
}
