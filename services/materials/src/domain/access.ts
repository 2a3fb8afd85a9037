import type { Actor, StaffRole, Tx } from '@hall/platform';
import { and, eq, inArray } from 'drizzle-orm';
import { fileGrants, type CaseKind, type FileRow } from '../db/schema';
import type { MaterialsDeps } from './deps';
import { fileNotFound, storedFile } from './files';

/** Staff roles that handle applications, and so may see the materials of their station's. */
export const HANDLING_ROLES: readonly StaffRole[] = ['clerk', 'approver', 'station_admin'];

/** Staff roles that answer letters, and so may see the attachments of their station's. */
const LETTER_ROLES: readonly StaffRole[] = ['letters', 'station_admin'];

/**
 * The cases whose files staff with `roles` may read: applications for those handling them,
 * letters for the letters desk — a clerk does not read letter attachments, nor the letters desk
 * an application's materials.
 */
function readableCases(roles: readonly StaffRole[]): CaseKind[] {
  const kinds: CaseKind[] = [];
  if (roles.some((r) => HANDLING_ROLES.includes(r))) kinds.push('application');
  if (roles.some((r) => LETTER_ROLES.includes(r))) kinds.push('letter');
  return kinds;
}

export type Access =
  | { via: 'owner' }
  | { via: 'applicant'; applicationId: string }
  | { via: 'staff'; station: string; caseKind: CaseKind; caseId: string };

export function isHandlingStaff(actor: Actor): boolean {
  return actor.kind === 'staff' && actor.roles.some((r) => HANDLING_ROLES.includes(r));
}

/**
 * Run `work` in the unit of work an actor's file access is decided in: staff act for their own
 * station (row-level security shows them its grants only); citizens and units have city-wide
 * accounts, so their grants are read across stations, always filtered on them.
 */
export function asActor<T>(deps: MaterialsDeps, actor: Actor, work: (tx: Tx) => Promise<T>) {
  if (actor.kind === 'staff') return deps.database.withStation(actor.station, work);
  if (actor.kind === 'person' || actor.kind === 'unit') return deps.database.withAllStations(work);
  return deps.database.transaction(work);
}

/**
 * The stored file `id` if `actor` may see it: its owner, the applicant of an application (or the
 * writer of a letter) it is granted to, or staff of that case's station whose roles handle such
 * cases. Anything else — someone
 * else's file, an unknown id — is the same 404, so existence is never revealed.
 */
export async function accessibleFile(
  tx: Tx,
  actor: Actor,
  id: string,
): Promise<{ file: FileRow; access: Access }> {
  const file = await storedFile(tx, id);
  if (!file) throw fileNotFound();
  if (actor.kind !== 'operator' && file.ownerKind === actor.kind && file.ownerId === actor.id)
    return { file, access: { via: 'owner' } };
  if (actor.kind === 'person' || actor.kind === 'unit') {
    const [grant] = await tx
      .select({ applicationId: fileGrants.applicationId })
      .from(fileGrants)
      .where(
        and(
          eq(fileGrants.fileId, file.id),
          eq(fileGrants.applicantKind, actor.kind),
          eq(fileGrants.applicantId, actor.id),
        ),
      )
      .limit(1);
    if (grant) return { file, access: { via: 'applicant', applicationId: grant.applicationId } };
  }
  const cases = actor.kind === 'staff' ? readableCases(actor.roles) : [];
  if (actor.kind === 'staff' && cases.length > 0) {
    const [grant] = await tx
      .select({ caseKind: fileGrants.caseKind, caseId: fileGrants.applicationId })
      .from(fileGrants)
      .where(
        and(
          eq(fileGrants.fileId, file.id),
          eq(fileGrants.station, actor.station),
          inArray(fileGrants.caseKind, cases),
        ),
      )
      .limit(1);
    if (grant) return { file, access: { via: 'staff', station: actor.station, ...grant } };
  }
  throw fileNotFound();
}
