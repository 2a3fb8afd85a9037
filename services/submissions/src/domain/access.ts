import {
  HallError,
  Statement,
  type Actor,
  type Database,
  type Executor,
  type Tx,
} from '@hall/platform';
import { and, eq, sql } from 'drizzle-orm';
import { applications } from '../db/schema';
import type { ApplicationRow } from './events';

export type Applicant = Extract<Actor, { kind: 'person' | 'unit' }>;

export function applicationNotFound(): HallError {
  return new HallError(404, 'not_found', '办件不存在');
}

export function editConflict(): HallError {
  return HallError.conflict('edit_conflict', '该办件已被他人处理或修改，请刷新后重试');
}

export function stateConflict(title = '办件当前的状态不允许此操作，请刷新后重试'): HallError {
  return HallError.conflict('state_conflict', title);
}

/** The applicant's application, wherever its station: every submit, save and view starts here. */
const ownApplication = (executor: Executor) =>
  executor
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.id, sql.placeholder('id')),
        eq(applications.applicantKind, sql.placeholder('kind')),
        eq(applications.applicantId, sql.placeholder('applicant')),
      ),
    );
const readOwnApplication = new Statement(ownApplication);
const lockOwnApplication = new Statement((executor) => ownApplication(executor).for('update'));

/**
 * Run `work` on one of the applicant's applications, in one transaction acting for its
 * station. Citizens' accounts are city-wide and their URLs carry no station, so the row is
 * found across stations (always filtered on the applicant; anyone else's answers 404), then
 * the transaction acts for its station alone. `forUpdate` locks the row until commit.
 */
export function withOwnApplication<T>(
  database: Database,
  applicant: Applicant,
  id: string,
  options: { forUpdate?: boolean },
  work: (tx: Tx, row: ApplicationRow) => Promise<T>,
): Promise<T> {
  const locate = options.forUpdate ? lockOwnApplication : readOwnApplication;
  return database.withLocatedStation(
    async (tx) => {
      const [row] = await locate.run(tx, { id, kind: applicant.kind, applicant: applicant.id });
      return row;
    },
    applicationNotFound,
    work,
  );
}

/** The applicant's application in `station`, optionally locked for the rest of the transaction. */
export async function ownRow(
  tx: Executor,
  station: string,
  applicant: Applicant,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ApplicationRow> {
  const query = tx
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.station, station),
        eq(applications.id, id),
        eq(applications.applicantKind, applicant.kind),
        eq(applications.applicantId, applicant.id),
      ),
    );
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw applicationNotFound();
  return row;
}

export function checkRevision(row: ApplicationRow, revision: number): void {
  if (row.revision !== revision) throw editConflict();
}
