import type { BusLogger, Tx } from '@hall/platform';
import type { LetterReceived } from '@hall/proto/hall/letters/v1/letters_events_pb';
import type { FilesAttached } from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import { and, eq, inArray } from 'drizzle-orm';
import { fileGrants, files, ownerKinds, type CaseKind, type OwnerKind } from '../db/schema';
import { UUID } from './files';

/**
 * Grant the applicant and the station's staff access to the files of an application, from a
 * FilesAttached event, in the consumer's transaction (acting for the event's station). Only
 * stored files of the named owner are granted: an event naming someone else's file grants
 * nothing for it.
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
  return grantOwnedFiles(
    tx,
    station,
    {
      caseKind: 'application',
      caseId: event.applicationId,
      owner: { kind: event.ownerKind as OwnerKind, id: event.ownerId },
      applicant: { kind: event.applicantKind as 'person' | 'unit', id: event.applicantId },
      fileIds: event.fileIds,
    },
    'files_attached',
    context,
    logger,
  );
}

/**
 * Grant the writer and the station's staff access to the attachments of a letter, from a
 * LetterReceived event, in the consumer's transaction (acting for the event's station). The
 * letter is the grant's case: its id goes where an application's would. Only stored files of
 * the writer are granted; an anonymous letter has none.
 */
export async function applyLetterReceived(
  tx: Tx,
  station: string,
  event: LetterReceived,
  logger: BusLogger,
): Promise<number> {
  const context = { letterId: event.letterId, station };
  if (event.fileIds.length === 0) return 0;
  if (
    !UUID.test(event.letterId) ||
    !UUID.test(event.writerId) ||
    (event.writerKind !== 'person' && event.writerKind !== 'unit')
  ) {
    logger.error(context, 'letter_received with files but invalid ids or no writer; ignored');
    return 0;
  }
  const writer = { kind: event.writerKind, id: event.writerId } as const;
  return grantOwnedFiles(
    tx,
    station,
    {
      caseKind: 'letter',
      caseId: event.letterId,
      owner: writer,
      applicant: writer,
      fileIds: event.fileIds,
    },
    'letter_received',
    context,
    logger,
  );
}

/**
 * One grant per named file of `owner` that is stored, to the case (an application or a letter)
 * in `station`, for its applicant (or writer). The files are locked `for share`, so the sweep
 * cannot purge one while its grant is being written. Logs name ids only.
 */
async function grantOwnedFiles(
  tx: Tx,
  station: string,
  grant: {
    caseKind: CaseKind;
    caseId: string;
    owner: { kind: OwnerKind; id: string };
    applicant: { kind: 'person' | 'unit'; id: string };
    fileIds: string[];
  },
  eventName: string,
  context: Record<string, string>,
  logger: BusLogger,
): Promise<number> {
  const ids = [
    ...new Set(grant.fileIds.filter((id) => UUID.test(id)).map((id) => id.toLowerCase())),
  ];
  if (ids.length < grant.fileIds.length)
    logger.warn(context, `${eventName} names ids that are no file ids; they are skipped`);
  if (ids.length === 0) return 0;

  const owned = await tx
    .select({ id: files.id })
    .from(files)
    .where(
      and(
        inArray(files.id, ids),
        eq(files.ownerKind, grant.owner.kind),
        eq(files.ownerId, grant.owner.id),
        eq(files.state, 'stored'),
      ),
    )
    .for('share');
  const found = new Set(owned.map((f) => f.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    logger.warn(
      { ...context, fileIds: missing },
      `${eventName} names files that are not stored files of the owner; skipped`,
    );
  if (found.size === 0) return 0;
  const inserted = await tx
    .insert(fileGrants)
    .values(
      [...found].map((fileId) => ({
        fileId,
        caseKind: grant.caseKind,
        applicationId: grant.caseId,
        station,
        applicantKind: grant.applicant.kind,
        applicantId: grant.applicant.id,
      })),
    )
    .onConflictDoNothing()
    .returning({ fileId: fileGrants.fileId });
  return inserted.length;
}
