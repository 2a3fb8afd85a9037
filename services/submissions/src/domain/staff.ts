import { HallError, type Executor } from '@hall/platform';
import { maskCreditCode, maskIdCardNumber, maskMobile } from '@hall/platform/validation';
import { and, asc, count, eq, gte, ilike, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { applications } from '../db/schema';
import { ownedFiles } from '../nats/materials';
import { applicationNotFound, editConflict, stateConflict } from './access';
import { dueAfter, endOfDay } from '@hall/platform/calendar';
import type { ActionContext, SubmissionsDeps } from './deps';
import {
  audit,
  emitCompleted,
  emitFilesAttached,
  emitStateChanged,
  type ApplicationRow,
  type SubmissionsAuditEvent,
} from './events';
import { FieldErrors } from './fields';
import type { ItemSnapshot } from './items';
import { STATE_LABELS } from './labels';
import { actingRole, stepOf, type StaffAction, type StaffActor } from './machine';
import {
  BASIC_KEYS,
  type ApplicationResult,
  type ApplicationState,
  type FileSnapshot,
  type Licence,
  type Outcome,
  type StoredFees,
  type SupplementRequest,
} from './model';
import { openBasic } from './personal';
import { recordTransition } from './transitions';
import { applicationView, isOverdue, viewContext } from './view';
import type { ApplicationView, WorkItemView } from './view-schemas';

/** The staff member's department restriction, as a condition (none for the whole station). */
function departmentScope(actor: StaffActor): SQL | undefined {
  return actor.department ? eq(applications.departmentId, actor.department) : undefined;
}

/**
 * A submitted application of the staff member's station (and department, when their token
 * carries one). Drafts are the applicant's alone: they answer 404 like anything not visible.
 */
export async function staffRow(
  tx: Executor,
  actor: StaffActor,
  id: string,
): Promise<ApplicationRow> {
  const [row] = await tx
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.station, actor.station),
        eq(applications.id, id),
        ne(applications.state, 'draft'),
        departmentScope(actor),
      ),
    );
  if (!row) throw applicationNotFound();
  return row;
}

export const queues = ['prereview', 'accept', 'supplement', 'complete', 'finished', 'all'] as const;
export type Queue = (typeof queues)[number];

const QUEUE_STATES: Record<Exclude<Queue, 'all'>, ApplicationState[]> = {
  prereview: ['submitted'],
  accept: ['prereviewed'],
  supplement: ['supplement'],
  complete: ['accepted'],
  finished: ['not_accepted', 'rejected', 'completed'],
};

export interface WorklistQuery {
  queue: Queue;
  q?: string | undefined;
  serial?: string | undefined;
  applicant?: string | undefined;
  item?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  overdue?: boolean | undefined;
  page: number;
  pageSize: number;
}

function likePattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** 待办: the station's submitted applications, overdue first, then by due time. */
export async function worklist(
  tx: Executor,
  deps: SubmissionsDeps,
  actor: StaffActor,
  query: WorklistQuery,
): Promise<{
  items: WorkItemView[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<Queue, number>;
  overdueCount: number;
}> {
  const now = deps.now();
  const overdueSql = sql`(${applications.currentDueAt} is not null and ${applications.currentDueAt} < ${now.toISOString()}::timestamptz)`;
  const base: Array<SQL | undefined> = [
    eq(applications.station, actor.station),
    ne(applications.state, 'draft'),
    departmentScope(actor),
  ];
  if (query.q) {
    const q = likePattern(query.q);
    base.push(
      or(
        ilike(applications.serial, q),
        ilike(applications.applicantName, q),
        ilike(applications.itemName, q),
      ),
    );
  }
  if (query.serial) base.push(eq(applications.serial, query.serial.trim()));
  if (query.applicant) base.push(ilike(applications.applicantName, likePattern(query.applicant)));
  if (query.item) base.push(eq(applications.itemId, query.item));
  if (query.from)
    base.push(gte(applications.submittedAt, new Date(`${query.from}T00:00:00+08:00`)));
  if (query.to) base.push(lte(applications.submittedAt, endOfDay(query.to)));
  if (query.overdue !== undefined) base.push(query.overdue ? overdueSql : sql`not ${overdueSql}`);
  const inQueue =
    query.queue === 'all' ? undefined : inArray(applications.state, QUEUE_STATES[query.queue]);
  const where = and(...base, inQueue);

  const filterCount = (states: ApplicationState[]) =>
    sql<number>`(count(*) filter (where ${inArray(applications.state, states)}))::int`;
  const [rows, [counts], [totals]] = await Promise.all([
    tx
      .select()
      .from(applications)
      .where(where)
      .orderBy(
        sql`${overdueSql} desc`,
        sql`${applications.currentDueAt} asc nulls last`,
        asc(applications.submittedAt),
        asc(applications.id),
      )
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    tx
      .select({
        all: sql<number>`count(*)::int`,
        prereview: filterCount(QUEUE_STATES.prereview),
        accept: filterCount(QUEUE_STATES.accept),
        supplement: filterCount(QUEUE_STATES.supplement),
        complete: filterCount(QUEUE_STATES.complete),
        finished: filterCount(QUEUE_STATES.finished),
      })
      .from(applications)
      .where(and(...base)),
    tx
      .select({
        total: count(),
        overdue: sql<number>`(count(*) filter (where ${overdueSql}))::int`,
      })
      .from(applications)
      .where(where),
  ]);
  return {
    items: rows.map((row) => {
      const basic = openBasic(deps.cipher, row.basic);
      return {
        id: row.id,
        serial: row.serial ?? '',
        itemId: row.itemId,
        itemName: row.itemName,
        departmentId: row.departmentId,
        departmentName: row.departmentName,
        applicantKind: row.applicantKind,
        applicantName: row.applicantName,
        idNumberMasked:
          row.applicantKind === 'unit'
            ? maskCreditCode(basic.idNumber)
            : maskIdCardNumber(basic.idNumber),
        mobileMasked: maskMobile(basic.mobile),
        state: row.state,
        stateLabel: STATE_LABELS[row.state],
        submittedAt: row.submittedAt?.toISOString() ?? null,
        currentDueAt: row.currentDueAt?.toISOString() ?? null,
        overdue: isOverdue(row, now),
        revision: row.revision,
      };
    }),
    total: totals?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    counts: {
      prereview: counts?.prereview ?? 0,
      accept: counts?.accept ?? 0,
      supplement: counts?.supplement ?? 0,
      complete: counts?.complete ?? 0,
      finished: counts?.finished ?? 0,
      all: counts?.all ?? 0,
    },
    overdueCount: totals?.overdue ?? 0,
  };
}

/** The detail with full personal data for staff of the station; the view itself is audited. */
export async function staffApplication(
  deps: SubmissionsDeps,
  ctx: ActionContext,
  actor: StaffActor,
  id: string,
): Promise<ApplicationView> {
  const view = await deps.database.withStation(actor.station, async (tx) => {
    const row = await staffRow(tx, actor, id);
    await audit(
      tx,
      ctx,
      'submissions.application.viewed',
      { kind: 'application', id },
      {
        serial: row.serial,
        state: row.state,
      },
    );
    return applicationView(tx, viewContext(deps, ctx.now), row, { kind: 'staff', actor });
  });
  deps.afterCommit();
  return view;
}

export interface ActionBody {
  opinion?: string | undefined;
  reason?: string | undefined;
  supplement?: { materials: string[]; fields: string[]; note: string } | undefined;
  outcome?: Outcome | undefined;
  resultFileIds?: string[] | undefined;
  licence?: Licence | undefined;
  fees?: { items: Array<{ name: string; amount: number }>; paid: boolean } | undefined;
}

const AUDIT_EVENTS: Record<StaffAction, SubmissionsAuditEvent> = {
  prereview: 'submissions.application.prereviewed',
  request_supplement: 'submissions.application.supplement_requested',
  accept: 'submissions.application.accepted',
  not_accept: 'submissions.application.not_accepted',
  reject: 'submissions.application.rejected',
  complete: 'submissions.application.completed',
};

/** Which body fields each action takes; others are refused rather than silently ignored. */
const ACTION_FIELDS: Record<StaffAction, Array<keyof ActionBody>> = {
  prereview: ['opinion'],
  request_supplement: ['opinion', 'supplement'],
  accept: ['opinion'],
  not_accept: ['opinion', 'reason'],
  reject: ['opinion', 'reason'],
  complete: ['opinion', 'outcome', 'resultFileIds', 'licence', 'fees'],
};

function toFen(amount: number): number | null {
  const fen = Math.round(amount * 100);
  return Math.abs(fen - amount * 100) < 1e-6 && fen >= 0 ? fen : null;
}

function checkBody(
  action: StaffAction,
  body: ActionBody,
  row: ApplicationRow,
  item: ItemSnapshot,
): { fees: StoredFees | null } {
  const errors = new FieldErrors();
  for (const key of Object.keys(body) as Array<keyof ActionBody>)
    if (body[key] !== undefined && !ACTION_FIELDS[action].includes(key))
      errors.add(key, 'action.field_not_applicable', '此操作不需要填写这一项');
  if ((action === 'not_accept' || action === 'reject') && !body.reason?.trim())
    errors.add(
      'reason',
      'reason.required',
      action === 'reject' ? '请填写驳回理由' : '请填写不予受理的理由',
    );
  if (action === 'request_supplement') {
    const s = body.supplement;
    if (!s) errors.add('supplement', 'supplement.required', '请选择需要补齐补正的材料或信息');
    else {
      if (s.materials.length === 0 && s.fields.length === 0)
        errors.add('supplement', 'supplement.empty', '请至少选择一项需要补齐补正的材料或信息');
      s.materials.forEach((id, i) => {
        const spec = item.materials.find((m) => m.id === id);
        if (!spec)
          errors.add(
            `supplement/materials/${i}`,
            'supplement.unknown_material',
            '该事项没有这项材料',
          );
        else if (spec.collection === 'window')
          errors.add(
            `supplement/materials/${i}`,
            'supplement.window_material',
            `“${spec.name}”为窗口提交材料，不能要求在线补正`,
          );
      });
      s.fields.forEach((path, i) => {
        const [part, key] = path.split('/');
        const known =
          (part === 'basic' &&
            (BASIC_KEYS as readonly string[]).includes(key ?? '') &&
            (key !== 'legalRepresentative' || row.applicantKind === 'unit')) ||
          (part === 'answers' && !!item.form && Object.hasOwn(item.form.properties, key ?? ''));
        if (!known || path.split('/').length !== 2)
          errors.add(`supplement/fields/${i}`, 'supplement.unknown_field', '没有这一项申报信息');
      });
      if (!s.note.trim())
        errors.add('supplement/note', 'supplement.note_required', '请填写补齐补正的说明');
    }
  }
  let fees: StoredFees | null = null;
  if (action === 'complete') {
    if (!body.outcome) errors.add('outcome', 'outcome.required', '请选择办理结果');
    const licence = body.licence;
    if (licence?.validTo && licence.validTo < licence.validFrom)
      errors.add('licence/validTo', 'licence.valid_to', '有效期截止日期不能早于起始日期');
    if (body.fees) {
      const items: StoredFees['items'] = [];
      body.fees.items.forEach((fee, i) => {
        const fen = toFen(fee.amount);
        if (fen === null)
          errors.add(`fees/items/${i}/amount`, 'fee.amount', '金额应为不小于0的数，最多两位小数');
        else items.push({ name: fee.name.trim(), amountFen: fen });
      });
      fees = { items, paid: body.fees.paid };
    }
  }
  if (errors.any) throw HallError.validation(errors.list);
  return { fees };
}

/**
 * A staff decision on an application. Checked against the state machine, the staff member's
 * roles and the revision they decided on; the update then applies only if the application is
 * still in that state at that revision, so of two concurrent decisions exactly one wins. The
 * change, its transition, its events and its audit record commit together.
 */
export async function takeAction(
  deps: SubmissionsDeps,
  ctx: ActionContext,
  actor: StaffActor,
  id: string,
  action: StaffAction,
  revision: number,
  body: ActionBody,
): Promise<ApplicationView> {
  const { row, item, role, step, fees } = await deps.database.withStation(
    actor.station,
    async (tx) => {
      const row = await staffRow(tx, actor, id);
      const step = stepOf(action, row.state);
      if (!step) throw stateConflict();
      const role = actingRole(actor, step);
      if (!role) throw new HallError(403, 'forbidden_action', '您的岗位不能进行此操作');
      if (row.revision !== revision) throw editConflict();
      const item = await deps.itemVersions.load(tx, row.station, row.itemId, row.itemVersion);
      return { row, item, role, step, ...checkBody(action, body, row, item) };
    },
  );
  let resultFiles: FileSnapshot[] = [];
  if (action === 'complete' && body.resultFileIds?.length) {
    const found = await ownedFiles(deps.bus, { kind: 'staff', id: actor.id }, body.resultFileIds);
    resultFiles = [...new Set(body.resultFileIds)].map((fileId) => found.get(fileId)!);
  }

  const now = ctx.now;
  const changes: Partial<typeof applications.$inferInsert> = {};
  const details: Record<string, unknown> = {};
  switch (action) {
    case 'prereview':
      break;
    case 'request_supplement': {
      const s = body.supplement!;
      const byId = new Map(row.materials.map((p) => [p.materialId, p]));
      const request: SupplementRequest = {
        materials: [...new Set(s.materials)],
        fields: [...new Set(s.fields)],
        note: s.note.trim(),
        requestedAt: now.toISOString(),
        filesAtRequest: Object.fromEntries(
          s.materials.map((m) => [m, byId.get(m)?.files.map((f) => f.id) ?? []]),
        ),
        resubmittedAt: null,
      };
      changes.supplement = request;
      changes.currentDueAt = null;
      details.supplement = {
        materials: request.materials,
        fields: request.fields,
        note: request.note,
      };
      break;
    }
    case 'accept': {
      const limit = item.promisedTimeLimit ?? item.legalTimeLimit;
      changes.acceptedAt = now;
      changes.dueAt = limit ? dueAfter(now, limit) : null;
      changes.currentDueAt = changes.dueAt;
      break;
    }
    case 'not_accept':
    case 'reject':
      details.reason = body.reason!.trim();
      changes.currentDueAt = null;
      break;
    case 'complete': {
      const result: ApplicationResult = {
        files: resultFiles,
        licence: body.licence
          ? {
              name: body.licence.name.trim(),
              number: body.licence.number.trim(),
              issuer: body.licence.issuer.trim(),
              validFrom: body.licence.validFrom,
              validTo: body.licence.validTo ?? null,
            }
          : null,
        fees,
      };
      changes.outcome = body.outcome!;
      changes.result = result;
      changes.completedAt = now;
      changes.currentDueAt = null;
      details.outcome = body.outcome!;
      break;
    }
  }

  const view = await deps.database.withStation(actor.station, async (tx) => {
    const [updated] = await tx
      .update(applications)
      .set({
        ...changes,
        state: step.to,
        revision: sql`${applications.revision} + 1`,
        updatedAt: now,
      })
      .where(
        and(
          eq(applications.station, actor.station),
          eq(applications.id, id),
          eq(applications.state, row.state),
          eq(applications.revision, revision),
        ),
      )
      .returning();
    if (!updated) throw editConflict();
    await recordTransition(tx, {
      station: actor.station,
      applicationId: id,
      fromState: row.state,
      toState: step.to,
      action,
      actorKind: 'staff',
      actorId: actor.id,
      actorRole: role,
      opinion: body.opinion?.trim() || null,
      details,
      at: now,
    });
    await emitStateChanged(tx, deps.namespace, updated, row.state, action, now);
    if (action === 'complete') {
      await emitCompleted(tx, deps.namespace, updated);
      await emitFilesAttached(
        tx,
        deps.namespace,
        updated,
        { kind: 'staff', id: actor.id },
        resultFiles.map((f) => f.id),
      );
    }
    await audit(
      tx,
      ctx,
      AUDIT_EVENTS[action],
      { kind: 'application', id },
      {
        serial: updated.serial,
        from: row.state,
        to: step.to,
        role,
        ...(action === 'complete' ? { outcome: body.outcome! } : {}),
      },
    );
    return applicationView(tx, viewContext(deps, now), updated, { kind: 'staff', actor });
  });
  deps.afterCommit();
  return view;
}
