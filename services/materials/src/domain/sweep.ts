import type { Tx } from '@hall/platform';
import { and, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { fileGrants, files } from '../db/schema';
import type { MaterialsDeps } from './deps';

const BATCH = 100;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface SweepReport {
  /** Unfinished uploads removed (row and blob). */
  pending: number;
  /** Files purged (row and blob) after the retention period. */
  purged: number;
  /** Leftovers of interrupted writes the storage backend removed (temp files, orphan chunks). */
  leftovers: number;
}

/**
 * Remove the blobs of rows taken by `select`, then the rows, batch by batch. Rows are locked
 * `skip locked`, so replicas sweeping at the same time share the work; a blob that cannot be
 * removed keeps its row, so the next sweep tries again.
 */
async function removeEach(
  deps: MaterialsDeps,
  select: (tx: Tx) => Promise<string[]>,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const batch = await deps.database.withAllStations(async (tx) => {
      const ids = await select(tx);
      const done: string[] = [];
      for (const id of ids) {
        try {
          await deps.storage.delete(id);
          done.push(id);
        } catch (err) {
          deps.logger.warn({ err, fileId: id }, 'could not remove a blob; will retry');
        }
      }
      if (done.length > 0) await tx.delete(files).where(inArray(files.id, done));
      return { taken: ids.length, done: done.length };
    });
    removed += batch.done;
    if (batch.taken < BATCH || batch.done === 0) return removed;
  }
}

/**
 * Mark purge candidates `purging`: files deleted from the library, and staff uploads, older than
 * the retention that no application uses. The candidates are locked first and their grants read
 * again in a later statement, so a grant committed by the consumer meanwhile (it locks the file
 * `for share`) always keeps its file.
 */
async function markPurgeable(deps: MaterialsDeps, cutoff: Date): Promise<void> {
  for (;;) {
    const marked = await deps.database.withAllStations(async (tx) => {
      const candidates = await tx
        .select({ id: files.id })
        .from(files)
        .where(
          and(
            eq(files.state, 'stored'),
            or(
              and(isNotNull(files.deletedAt), lt(files.deletedAt, cutoff)),
              and(eq(files.ownerKind, 'staff'), lt(files.uploadedAt, cutoff)),
            ),
            sql`not exists (select 1 from ${fileGrants} where ${fileGrants.fileId} = ${files.id})`,
          ),
        )
        .limit(BATCH)
        .for('update', { skipLocked: true });
      if (candidates.length === 0) return 0;
      const ids = candidates.map((c) => c.id);
      const granted = new Set(
        (
          await tx
            .selectDistinct({ id: fileGrants.fileId })
            .from(fileGrants)
            .where(inArray(fileGrants.fileId, ids))
        ).map((g) => g.id),
      );
      const purge = ids.filter((id) => !granted.has(id));
      if (purge.length > 0)
        await tx.update(files).set({ state: 'purging' }).where(inArray(files.id, purge));
      return candidates.length;
    });
    if (marked < BATCH) return;
  }
}

/**
 * One sweep: unfinished uploads older than MATERIALS_PENDING_TTL_MINUTES (a client that went
 * away, a crash mid-upload), files past MATERIALS_RETENTION_DAYS that nothing uses, purges a
 * crash interrupted, and the storage backend's own leftovers. Safe to run on every replica.
 */
export async function sweep(deps: MaterialsDeps, now = deps.now()): Promise<SweepReport> {
  const pendingCutoff = new Date(
    now.getTime() - deps.config.MATERIALS_PENDING_TTL_MINUTES * MINUTE_MS,
  );
  const retentionCutoff = new Date(now.getTime() - deps.config.MATERIALS_RETENTION_DAYS * DAY_MS);

  const pending = await removeEach(deps, async (tx) =>
    (
      await tx
        .select({ id: files.id })
        .from(files)
        .where(and(eq(files.state, 'pending'), lt(files.createdAt, pendingCutoff)))
        .limit(BATCH)
        .for('update', { skipLocked: true })
    ).map((r) => r.id),
  );
  await markPurgeable(deps, retentionCutoff);
  const purged = await removeEach(deps, async (tx) =>
    (
      await tx
        .select({ id: files.id })
        .from(files)
        .where(eq(files.state, 'purging'))
        .limit(BATCH)
        .for('update', { skipLocked: true })
    ).map((r) => r.id),
  );
  const leftovers = await deps.storage.sweep(pendingCutoff);
  return { pending, purged, leftovers };
}

export interface Sweeper {
  /** Run a sweep now (tests; the timer uses it too). Concurrent calls share one run. */
  run(now?: Date): Promise<SweepReport>;
  stop(): Promise<void>;
}

/** Sweep every MATERIALS_SWEEP_INTERVAL_SECONDS; a failed sweep is logged and retried next time. */
export function startSweeper(deps: MaterialsDeps): Sweeper {
  let current: Promise<SweepReport> | null = null;
  const run = (now?: Date): Promise<SweepReport> => {
    current ??= sweep(deps, now).finally(() => {
      current = null;
    });
    return current;
  };
  const timer = setInterval(() => {
    run()
      .then((report) => {
        if (report.pending + report.purged + report.leftovers > 0)
          deps.logger.info({ ...report }, 'materials sweep');
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'materials sweep failed'));
  }, deps.config.MATERIALS_SWEEP_INTERVAL_SECONDS * 1000);
  timer.unref();
  return {
    run,
    async stop() {
      clearInterval(timer);
      await current?.catch(() => {});
    },
  };
}
