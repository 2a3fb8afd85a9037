import {
  HallError,
  type Actor,
  type Executor,
  type FieldError,
  type StaffRole,
} from '@hall/platform';
import { and, asc, count, eq, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { letters, letterSteps } from '../db/schema';
import { resolveDepartment, type DepartmentRef } from './departments';
import type { ActionContext, LettersDeps } from './deps';
import { awaitingReply } from './due';
import {
  audit,
  emitAssigned,
  emitClosed,
  emitReplied,
  type LetterRow,
  type LettersAuditEvent,
} from './events';
import type { LetterKind, LetterState } from './labels';
import { letterStepsOf, staffLetterSummary, staffLetterView } from './view';
import type { Page, StaffLetterSummary, StaffLetterView } from './view-schemas';

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** Roles that work the letters desk. */
export const DESK_ROLES: StaffRole[] = ['letters', 'station_admin'];

export const letterActions = ['assign', 'reply', 'out-of-scope', 'follow-up', 'close'] as const;
export type LetterAction = (typeof letterActions)[number];

export function letterNotFound(): HallError {
  return new HallError(404, 'not_found', '信件不存在');
}

/** The staff member's department restriction, as a condition (none for the whole station). */
function departmentScope(actor: StaffActor): SQL | undefined {
  return actor.department ? eq(letters.departmentId, actor.department) : undefined;
}

/** A letter of the staff member's station (and department, when their token carries one). */
async function staffRow(
  tx: Executor,
  actor: StaffActor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<LetterRow> {
  const query = tx
    .select()
    .from(letters)
    .where(and(eq(letters.station, actor.station), eq(letters.id, id), departmentScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw letterNotFound();
  return row;
}

/** Whether the letter's state (and kind) lets the action happen now, whoever asks. */
function stateAllows(action: LetterAction, row: { kind: LetterKind; state: LetterState }): boolean {
  switch (action) {
    case 'assign':
    case 'reply':
    case 'out-of-scope':
      return awaitingReply(row.state);
    case 'follow-up':
    case 'close':
      return row.kind === 'complaint' && row.state === 'replied';
  }
}

/** Handing letters to departments is for staff of the whole station. */
function actorMay(action: LetterAction, actor: StaffActor): boolean {
  return action !== 'assign' || actor.department === null;
}

/** What this staff member may do with the letter now. */
export function allowedActions(actor: StaffActor, row: LetterRow): LetterAction[] {
  return letterActions.filter((a) => stateAllows(a, row) && actorMay(a, actor));
}

function revisionConflict(): HallError {
  return HallError.conflict('revision_conflict', '该信件已被他人处理或修改，请刷新后重试');
}

function checkAction(
  action: LetterAction,
  actor: StaffActor,
  row: LetterRow,
  revision: number,
): void {
  if (row.revision !== revision) throw revisionConflict();
  if (!stateAllows(action, row))
    throw new HallError(422, 'transition_not_allowed', '信件当前的状态不允许此操作，请刷新后重试');
  if (!actorMay(action, actor))
    throw new HallError(403, 'forbidden_action', '只有不限部门的信件办理人员可以转办');
}

export interface StaffLetterQuery {
  state?: LetterState | undefined;
  kind?: LetterKind | undefined;
  departmentId?: string | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * 信件办理 queue: letters waiting for an answer first, earliest due first; answered ones after,
 * by due date too. `q` matches the 受理编码 (from its start) or the subject.
 */
export async function letterQueue(
  tx: Executor,
  actor: StaffActor,
  query: StaffLetterQuery,
  now: Date,
): Promise<Page<StaffLetterSummary>> {
  const open = inArray(letters.state, ['received', 'assigned']);
  const overdue = sql`(${open} and ${letters.dueAt} < ${now.toISOString()}::timestamptz)`;
  const conditions: Array<SQL | undefined> = [
    eq(letters.station, actor.station),
    departmentScope(actor),
  ];
  if (query.state) conditions.push(eq(letters.state, query.state));
  if (query.kind) conditions.push(eq(letters.kind, query.kind));
  if (query.departmentId) conditions.push(eq(letters.departmentId, query.departmentId));
  if (query.overdue !== undefined) conditions.push(query.overdue ? overdue : sql`not ${overdue}`);
  const q = query.q?.trim();
  if (q)
    conditions.push(
      or(like(letters.code, `${escapeLike(q)}%`), ilike(letters.subject, `%${escapeLike(q)}%`)),
    );
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    tx
      .select()
      .from(letters)
      .where(where)
      .orderBy(sql`${open} desc`, asc(letters.dueAt), asc(letters.receivedAt), asc(letters.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    tx.select({ n: count() }).from(letters).where(where),
  ]);
  return {
    items: rows.map((row) => staffLetterSummary(row, now)),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function viewOf(
  tx: Executor,
  deps: LettersDeps,
  actor: StaffActor,
  row: LetterRow,
  now: Date,
): Promise<StaffLetterView> {
  const steps = await letterStepsOf(tx, row);
  return staffLetterView(row, steps, deps.cipher, now, allowedActions(actor, row));
}

/** A letter for the desk; every view is audited. */
export async function staffLetter(
  deps: LettersDeps,
  ctx: ActionContext,
  actor: StaffActor,
  id: string,
): Promise<StaffLetterView> {
  const view = await deps.database.withStation(actor.station, async (tx) => {
    const row = await staffRow(tx, actor, id);
    await audit(tx, ctx, 'letters.letter.viewed', { kind: 'letter', id }, { code: row.code });
    return viewOf(tx, deps, actor, row, ctx.now);
  });
  deps.afterCommit();
  return view;
}

/** The writer's contact name and mobile number in full, for calling back; audited. */
export async function revealContact(
  deps: LettersDeps,
  ctx: ActionContext,
  actor: StaffActor,
  id: string,
): Promise<{ contactName: string; mobile: string }> {
  const contact = await deps.database.withStation(actor.station, async (tx) => {
    const row = await staffRow(tx, actor, id);
    await audit(
      tx,
      ctx,
      'letters.letter.contact_revealed',
      { kind: 'letter', id },
      {
        code: row.code,
      },
    );
    return { contactName: deps.cipher.open(row.contactName), mobile: deps.cipher.open(row.mobile) };
  });
  deps.afterCommit();
  return contact;
}

export interface ActionBody {
  departmentId?: string | undefined;
  note?: string | undefined;
  text?: string | undefined;
  explanation?: string | undefined;
}

/** Each action's fields: required ones with their length limits, optional ones. */
const ACTION_FIELDS: Record<
  LetterAction,
  {
    required: Partial<Record<keyof ActionBody, [number, string]>>;
    optional: Array<keyof ActionBody>;
  }
> = {
  assign: { required: { departmentId: [1, '请选择转办的部门'] }, optional: ['note'] },
  reply: { required: { text: [2, '答复内容应为2至5000个字'] }, optional: [] },
  'out-of-scope': { required: { explanation: [2, '请说明不予受理的理由'] }, optional: [] },
  'follow-up': { required: { note: [1, '请填写跟进情况'] }, optional: [] },
  close: { required: { note: [1, '请填写办结说明'] }, optional: [] },
};

/** The action's fields, trimmed, or every problem with them at once. */
function checkBody(action: LetterAction, body: ActionBody): ActionBody {
  const spec = ACTION_FIELDS[action];
  const errors: FieldError[] = [];
  const checked: ActionBody = {};
  for (const key of Object.keys(body) as Array<keyof ActionBody>) {
    if (body[key] === undefined) continue;
    if (!(key in spec.required) && !spec.optional.includes(key))
      errors.push({
        field: key,
        code: 'action.field_not_applicable',
        message: '此操作不需要填写这一项',
      });
  }
  for (const [key, [min, message]] of Object.entries(spec.required) as Array<
    [keyof ActionBody, [number, string]]
  >) {
    const value = body[key]?.trim() ?? '';
    if (value.length < min) errors.push({ field: key, code: `action.${key}_required`, message });
    else checked[key] = value;
  }
  for (const key of spec.optional) checked[key] = body[key]?.trim() || undefined;
  if (errors.length > 0) throw HallError.validation(errors);
  return checked;
}

const AUDIT_EVENTS: Record<LetterAction, LettersAuditEvent> = {
  assign: 'letters.letter.assigned',
  reply: 'letters.letter.replied',
  'out-of-scope': 'letters.letter.out_of_scope',
  'follow-up': 'letters.letter.follow_up',
  close: 'letters.letter.closed',
};

const STEP_ACTIONS: Record<LetterAction, string> = {
  assign: 'assigned',
  reply: 'replied',
  'out-of-scope': 'out_of_scope',
  'follow-up': 'follow_up',
  close: 'closed',
};

/**
 * A staff action on a letter, taken on the revision the staff member saw (`If-Match`). The
 * checks run again on the locked row in the transaction that writes, so of two concurrent
 * actions on one revision exactly one wins and the other is a 409. The change, its timeline
 * step, its event and its audit record commit together.
 */
export async function takeAction(
  deps: LettersDeps,
  ctx: ActionContext,
  actor: StaffActor,
  id: string,
  action: LetterAction,
  revision: number,
  body: ActionBody,
): Promise<StaffLetterView> {
  const input = checkBody(action, body);
  await deps.database.withStation(actor.station, async (tx) =>
    checkAction(action, actor, await staffRow(tx, actor, id), revision),
  );
  const department: DepartmentRef | null =
    action === 'assign' ? await resolveDepartment(deps, actor.station, input.departmentId!) : null;

  const view = await deps.database.withStation(actor.station, async (tx) => {
    const row = await staffRow(tx, actor, id, { forUpdate: true });
    checkAction(action, actor, row, revision);
    const now = ctx.now;
    const changes: Partial<typeof letters.$inferInsert> = {};
    let note: string | null = null;
    switch (action) {
      case 'assign':
        changes.state = 'assigned';
        changes.departmentId = department!.id;
        changes.departmentName = department!.name;
        note = input.note ?? null;
        break;
      case 'reply':
        changes.state = 'replied';
        changes.replyText = input.text!;
        changes.replyDepartmentName = row.departmentName;
        changes.repliedBy = actor.id;
        changes.repliedAt = now;
        changes.replyOnTime = now <= row.dueAt;
        break;
      case 'out-of-scope':
        changes.state = 'out_of_scope';
        changes.outOfScopeExplanation = input.explanation!;
        changes.outOfScopeAt = now;
        break;
      case 'follow-up':
        note = input.note!;
        break;
      case 'close':
        changes.state = 'closed';
        changes.closedAt = now;
        note = input.note!;
        break;
    }
    const [updated] = await tx
      .update(letters)
      .set({ ...changes, revision: sql`${letters.revision} + 1`, updatedAt: now })
      .where(and(eq(letters.station, actor.station), eq(letters.id, id)))
      .returning();
    await tx.insert(letterSteps).values({
      id: uuidv7(),
      station: actor.station,
      letterId: id,
      action: STEP_ACTIONS[action],
      actorKind: 'staff',
      actorId: actor.id,
      note,
      at: now,
    });
    if (action === 'assign') await emitAssigned(tx, deps.namespace, updated!, now);
    if (action === 'reply' || action === 'out-of-scope')
      await emitReplied(tx, deps.namespace, updated!);
    if (action === 'close') await emitClosed(tx, deps.namespace, updated!);
    await audit(
      tx,
      ctx,
      AUDIT_EVENTS[action],
      { kind: 'letter', id },
      {
        code: row.code,
        from: row.state,
        to: updated!.state,
        ...(department ? { departmentId: department.id } : {}),
        ...(action === 'reply' ? { onTime: updated!.replyOnTime } : {}),
      },
    );
    return viewOf(tx, deps, actor, updated!, now);
  });
  deps.afterCommit();
  return view;
}
