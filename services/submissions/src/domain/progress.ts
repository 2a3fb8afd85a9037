import { createHash, timingSafeEqual } from 'node:crypto';
import { HallError } from '@hall/platform';
import { and, asc, eq } from 'drizzle-orm';
import { applications, transitions } from '../db/schema';
import type { SubmissionsDeps } from './deps';
import { ACTION_LABELS, STATE_LABELS } from './labels';
import type { ApplicationState } from './model';
import { findStation } from './stations';
import type { ProgressView } from './view-schemas';

export type ProgressQuery = { serial: string } & (
  { applicant: string; password?: undefined } | { password: string; applicant?: undefined }
);

function progressNotFound(): HallError {
  return new HallError(
    404,
    'progress_not_found',
    '未查询到办件，请核对申办流水号和申请人（或查询密码）',
  );
}

/** Names compare as people type them: full-width forms folded, spaces ignored. */
function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '');
}

function sameSecret(a: string, b: string): boolean {
  // Digests have equal length, so timingSafeEqual never throws and leaks no length.
  return timingSafeEqual(
    createHash('sha256').update(a).digest(),
    createHash('sha256').update(b).digest(),
  );
}

/**
 * 进度查询 without signing in: serial plus applicant name or query password. An unknown serial,
 * a wrong name and a wrong password are the same answer, after the same work (one decryption
 * and one comparison each way), so neither the body nor the timing tells which. The answer
 * carries no personal data and no staff identity.
 */
export async function queryProgress(
  deps: SubmissionsDeps,
  query: ProgressQuery,
  decoy: string,
): Promise<ProgressView> {
  const serial = query.serial.trim();
  // The serial is unique across stations and the URL names none: look it up everywhere.
  return deps.database.withAllStations(async (tx) => {
    const [row] = await tx
      .select({
        id: applications.id,
        station: applications.station,
        serial: applications.serial,
        itemName: applications.itemName,
        departmentName: applications.departmentName,
        applicantName: applications.applicantName,
        queryPassword: applications.queryPassword,
        state: applications.state,
        submittedAt: applications.submittedAt,
      })
      .from(applications)
      .where(eq(applications.serial, serial));
    const password = deps.cipher.open(row?.queryPassword ?? decoy);
    const matches =
      query.password !== undefined
        ? sameSecret(password, query.password.trim().toUpperCase())
        : sameSecret(normalizeName(row?.applicantName ?? decoy), normalizeName(query.applicant));
    if (!row || !matches) throw progressNotFound();
    const [station, steps] = await Promise.all([
      findStation(tx, row.station),
      tx
        .select()
        .from(transitions)
        .where(and(eq(transitions.station, row.station), eq(transitions.applicationId, row.id)))
        .orderBy(asc(transitions.at), asc(transitions.id)),
    ]);
    return {
      serial: row.serial!,
      itemName: row.itemName,
      station: row.station,
      stationName: station?.name ?? row.station,
      departmentName: row.departmentName,
      state: row.state,
      stateLabel: STATE_LABELS[row.state],
      submittedAt: row.submittedAt?.toISOString() ?? null,
      timeline: steps.map((s) => ({
        at: s.at.toISOString(),
        action: s.action,
        actionLabel: ACTION_LABELS[s.action] ?? s.action,
        state: s.toState,
        stateLabel: STATE_LABELS[s.toState as ApplicationState] ?? s.toState,
        opinion: (s.details.reason as string | undefined) ?? s.opinion,
      })),
    };
  });
}
