import { HallError, type Executor } from '@hall/platform';
import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { applications, evaluations, followUps } from '../db/schema';
import { stateConflict, withOwnApplication, type Applicant } from './access';
import type { ActionContext, SubmissionsDeps } from './deps';
import { audit, emitEvaluated } from './events';
import { EVALUATION_LEVEL_LABELS } from './labels';
import type { StaffActor } from './machine';
import type { EvaluationView, FollowUpView } from './view-schemas';

/** Levels at or below this are 差评 and open a follow-up for the station. */
export const POOR_LEVEL = 2;

export interface EvaluationInput {
  level: number;
  indicators: {
    overall: number;
    efficiency: number;
    guideAccuracy: number;
    convenience: number;
    usability: number;
  };
  comment?: string | undefined;
  anonymous: boolean;
}

/** 好差评: one evaluation of a completed application, by its applicant. */
export async function evaluate(
  deps: SubmissionsDeps,
  applicant: Applicant,
  id: string,
  input: EvaluationInput,
): Promise<EvaluationView> {
  // Locked: two evaluations sent at once find each other instead of both inserting.
  const view = await withOwnApplication(
    deps.database,
    applicant,
    id,
    { forUpdate: true },
    async (tx, row) => {
      const { station } = row;
      if (row.state !== 'completed') throw stateConflict('办结后才能评价');
      const [existing] = await tx
        .select({ at: evaluations.at })
        .from(evaluations)
        .where(and(eq(evaluations.station, station), eq(evaluations.applicationId, id)));
      if (existing) throw HallError.conflict('already_evaluated', '该办件已经评价过了');
      const at = deps.now();
      const comment = input.comment?.trim() || null;
      await tx.insert(evaluations).values({
        applicationId: id,
        station,
        level: input.level,
        ...input.indicators,
        comment,
        anonymous: input.anonymous,
        at,
      });
      if (input.level <= POOR_LEVEL)
        await tx.insert(followUps).values({
          id: uuidv7(),
          station,
          applicationId: id,
          departmentId: row.departmentId,
          level: input.level,
          state: 'open',
          createdAt: at,
        });
      await emitEvaluated(tx, deps.namespace, row, { ...input, at });
      return {
        level: input.level,
        levelLabel: EVALUATION_LEVEL_LABELS[input.level] ?? '',
        indicators: input.indicators,
        comment,
        anonymous: input.anonymous,
        at: at.toISOString(),
      };
    },
  );
  deps.afterCommit();
  return view;
}

function followUpScope(actor: StaffActor): SQL[] {
  return [
    eq(followUps.station, actor.station),
    ...(actor.department ? [eq(followUps.departmentId, actor.department)] : []),
  ];
}

const followUpColumns = {
  id: followUps.id,
  applicationId: followUps.applicationId,
  serial: applications.serial,
  itemName: applications.itemName,
  level: followUps.level,
  comment: evaluations.comment,
  state: followUps.state,
  response: followUps.response,
  respondedAt: followUps.respondedAt,
  createdAt: followUps.createdAt,
};

type FollowUpRow = {
  [K in keyof typeof followUpColumns]: (typeof followUpColumns)[K]['_']['data'] | null;
};

function followUpView(r: FollowUpRow): FollowUpView {
  return {
    id: r.id!,
    applicationId: r.applicationId!,
    serial: r.serial,
    itemName: r.itemName ?? '',
    level: r.level!,
    levelLabel: EVALUATION_LEVEL_LABELS[r.level!] ?? '',
    comment: r.comment,
    state: r.state!,
    response: r.response,
    respondedAt: r.respondedAt?.toISOString() ?? null,
    createdAt: r.createdAt!.toISOString(),
  };
}

function followUpQuery(tx: Executor) {
  return tx
    .select(followUpColumns)
    .from(followUps)
    .innerJoin(applications, eq(applications.id, followUps.applicationId))
    .innerJoin(evaluations, eq(evaluations.applicationId, followUps.applicationId));
}

/** 差评 follow-ups of the station (and department), open ones first, oldest first. */
export async function listFollowUps(
  tx: Executor,
  actor: StaffActor,
  query: { state?: 'open' | 'responded' | undefined; page: number; pageSize: number },
): Promise<{ items: FollowUpView[]; total: number; page: number; pageSize: number }> {
  const where = and(
    ...followUpScope(actor),
    ...(query.state ? [eq(followUps.state, query.state)] : []),
  );
  const [rows, [total]] = await Promise.all([
    followUpQuery(tx)
      .where(where)
      .orderBy(sql`${followUps.state} = 'open' desc`, asc(followUps.createdAt), asc(followUps.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    tx.select({ n: count() }).from(followUps).where(where),
  ]);
  return { items: rows.map(followUpView), total: total?.n ?? 0, ...query };
}

/** The station's recorded response to a 差评; once. */
export async function respondFollowUp(
  deps: SubmissionsDeps,
  ctx: ActionContext,
  actor: StaffActor,
  id: string,
  response: string,
): Promise<FollowUpView> {
  const view = await deps.database.withStation(actor.station, async (tx) => {
    const [updated] = await tx
      .update(followUps)
      .set({
        state: 'responded',
        response: response.trim(),
        respondedBy: actor.id,
        respondedAt: ctx.now,
      })
      .where(and(eq(followUps.id, id), eq(followUps.state, 'open'), ...followUpScope(actor)))
      .returning({ id: followUps.id, applicationId: followUps.applicationId });
    if (!updated) {
      const [exists] = await tx
        .select({ id: followUps.id })
        .from(followUps)
        .where(and(eq(followUps.id, id), ...followUpScope(actor)));
      if (!exists) throw new HallError(404, 'not_found', '回访任务不存在');
      throw stateConflict('该差评已经回复过了');
    }
    await audit(
      tx,
      ctx,
      'submissions.follow_up.responded',
      { kind: 'follow_up', id },
      {
        applicationId: updated.applicationId,
      },
    );
    const [row] = await followUpQuery(tx).where(eq(followUps.id, id));
    return followUpView(row!);
  });
  deps.afterCommit();
  return view;
}
