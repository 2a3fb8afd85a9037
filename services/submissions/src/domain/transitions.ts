import { Statement, type Executor } from '@hall/platform';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { transitions } from '../db/schema';

/** One step of an application's timeline (办理进度): who moved it, from where to where, when. */
export interface Transition {
  station: string;
  applicationId: string;
  fromState: string | null;
  toState: string;
  action: string;
  actorKind: string;
  actorId: string | null;
  /** The staff role the action was taken in. */
  actorRole?: string | null;
  opinion?: string | null;
  details?: Record<string, unknown>;
  at: Date;
}

const insertTransition = new Statement((executor) =>
  executor.insert(transitions).values({
    id: sql.placeholder('id'),
    station: sql.placeholder('station'),
    applicationId: sql.placeholder('applicationId'),
    fromState: sql.placeholder('fromState'),
    toState: sql.placeholder('toState'),
    action: sql.placeholder('action'),
    actorKind: sql.placeholder('actorKind'),
    actorId: sql.placeholder('actorId'),
    actorRole: sql.placeholder('actorRole'),
    opinion: sql.placeholder('opinion'),
    details: sql.placeholder('details'),
    at: sql.placeholder('at'),
  }),
);

/** Adds the step to the timeline, in the caller's transaction. */
export async function recordTransition(tx: Executor, transition: Transition): Promise<void> {
  await insertTransition.run(tx, {
    ...transition,
    id: uuidv7(),
    actorRole: transition.actorRole ?? null,
    opinion: transition.opinion ?? null,
    details: transition.details ?? {},
  });
}
