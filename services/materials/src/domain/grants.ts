import type { BusLogger, Tx } from '@hall/platform';
import type { FilesAttached } from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import { and, eq, inArray } from 'drizzle-orm';
import { fileGrants, files, ownerKinds, type OwnerKind } from '../db/schema';
import { UUID } from './files';

/**
 * Grant the applicant and the station's staff access to the files of an application, from a
 * FilesAttached event, in the consumer's transaction (acting for the event's station). Only
 * stored files of the named owner are granted: an event naming someone else's file grants
 * nothing for it. The files are locked `for share`, so the sweep cannot purge one while its
 * grant is being written. Logs name ids only.
 */
export async function applyFilesAttached(
  tx: Tx,
  station: string,
  event: FilesAttached,
  logger: BusLogger,
): Promise<number> {
  const context = { applicationId: event.applicationId, station };
  if (event.station !== station) {
    logger.error(
      { ...context, eventStation: event.station },
      'files_attached for another station; ignored',
    );
    return 0;
  }
  if (
    !UUID.test(event.applicationId) ||
    !UUID.test(event.ownerId) ||
    !UUID.test(event.applicantId) ||
    !(ownerKinds as readonly string[]).includes(event.ownerKind) ||
    (event.applicantKind !== 'person' && event.applicantKind !== 'unit')
  ) {
    logger.error(context, 'files_attached with invalid ids or kinds; ignored');
    return 0;
  }
  const ids = [
    ...new Set(event.fileIds.filter((id) => UUID.test(id)).map((id) => id.toLowerCase())),
  ];
  if (ids.length < event.fileIds.length)
    logger.warn(context, 'files_attached names ids that are no file ids; they are skipped');
  if (ids.length === 0) return 0;

  const owned = await tx
    .select({ id: files.id })
    .from(files)
    .where(
      and(
        inArray(files.id, ids),
        eq(files.ownerKind, event.ownerKind as OwnerKind),
        eq(files.ownerId, event.ownerId),
        eq(files.state, 'stored'),
      ),
    )
    .for('share');
  const found = new Set(owned.map((f) => f.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    logger.warn(
      { ...context, fileIds: missing },
      'files_attached names files that are not stored files of the owner; skipped',
    );
  if (found.size === 0) return 0;
  const inserted = await tx
    .insert(fileGrants)
    .values(
      [...found].map((fileId) => ({
        fileId,
        applicationId: event.applicationId,
        station,
        applicantKind: event.applicantKind as 'person' | 'unit',
        applicantId: event.applicantId,
      })),
    )
    .onConflictDoNothing()
    .returning({ fileId: fileGrants.fileId });
  return inserted.length;
}
