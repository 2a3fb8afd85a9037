import { HallError, type Actor, type Database, type Executor } from '@hall/platform';
import { and, eq } from 'drizzle-orm';
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

/**
 * The station of one of the applicant's applications. Citizens' accounts are city-wide and
 * their URLs carry no station, so this one look-up runs across stations (always filtered on
 * the applicant); the work on the application then runs acting for its station alone.
 */
export async function locateOwn(
  database: Database,
  applicant: Applicant,
  id: string,
): Promise<string> {
  const [row] = await database.withAllStations((tx) =>
    tx
      .select({ station: applications.station })
      .from(applications)
      .where(
        and(
          eq(applications.id, id),
          eq(applications.applicantKind, applicant.kind),
          eq(applications.applicantId, applicant.id),
        ),
      ),
  );
  if (!row) throw applicationNotFound();
  return row.station;
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
