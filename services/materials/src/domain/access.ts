import type { Actor, StaffRole, Tx } from '@hall/platform';
import { and, eq } from 'drizzle-orm';
import { fileGrants, type FileRow } from '../db/schema';
import type { MaterialsDeps } from './deps';
import { fileNotFound, storedFile } from './files';

/** Staff roles that handle applications, and so may see the materials of their station's. */
export const HANDLING_ROLES: readonly StaffRole[] = ['clerk', 'approver', 'station_admin'];

/**
 * Staff roles that may read the files granted to their station: those handling applications,
 * and the letters desk for the attachments of letters (granted the same way, the letter id as
 * the grant's application id).
 */
export const GRANT_READER_ROLES: readonly StaffRole[] = [...HANDLING_ROLES, 'letters'];

export type Access =
  | { via: 'owner' }
  | { via: 'applicant'; applicationId: string }
  | { via: 'staff'; station: string; applicationId: string };

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
 * The stored file `id` if `actor` may see it: its owner, the applicant of an application it is
 * granted to, or handling staff of such an application's station. Anything else — someone
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
  if (actor.kind === 'staff' && actor.roles.some((r) => GRANT_READER_ROLES.includes(r))) {
    const [grant] = await tx
      .select({ applicationId: fileGrants.applicationId })
      .from(fileGrants)
      .where(and(eq(fileGrants.fileId, file.id), eq(fileGrants.station, actor.station)))
      .limit(1);
    if (grant)
      return {
        file,
        access: { via: 'staff', station: actor.station, applicationId: grant.applicationId },
      };
  }
  throw fileNotFound();
}
