import { BusHeaders, type Bus, type BusEvent, type Database, type Tx } from '@hall/platform';
import { sql } from 'drizzle-orm';
import { rowsOf } from './announcement-list';
import { readAnnouncements, recomputeDerived, REBUILD_LOCK } from './announcement-store';
import {
  announcementOf,
  mergeAnnouncement,
  writeAnnouncements,
  type Announcement,
} from './announcements';

export interface RebuildOptions {
  /**
   * Keep nothing of the current rows. By default a rebuild fills what the stream no longer
   * holds (it keeps events 30 days) from the current rows: applications with no event left,
   * and dated facts of events that aged out. Everything the stream does hold is recomputed.
   */
  fromScratch?: boolean;
  /** Events read per fetch. */
  batchSize?: number;
  log?: (line: string) => void;
}

export interface RebuildResult {
  /** Stream messages of the submissions domain replayed. */
  events: number;
  /** Rows after the rebuild. */
  applications: number;
  /** Rows kept from before because the stream holds no event of theirs. */
  carriedOver: number;
  /** The last stream sequence the rebuild includes; later events are the live consumer's. */
  lastSequence: number;
  milliseconds: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Rebuild 办件公告, its items, departments and daily statistics from the events stream, in one
 * transaction that replaces the rows. Readers see the old rows until it commits, then the new
 * ones at once. The live consumers wait for it (REBUILD_LOCK: their lag grows for the
 * rebuild's duration) and then apply on top of the rebuilt rows: what they apply was either
 * replayed already (applying it again changes nothing: the fold is idempotent and a fact
 * counts only when a row first has it) or came after the rebuild's last sequence, which is
 * read once the lock is held.
 */
export async function rebuildAnnouncements(
  database: Database,
  bus: Bus,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 1000;
  return database.withAllStations(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REBUILD_LOCK})`);
    if (!options.fromScratch)
      await tx.execute(
        sql`create temporary table rebuild_previous on commit drop as select * from announcements`,
      );
    await tx.execute(sql`delete from announcements`);

    const stream = bus.subjects.stream;
    const info = await bus.jsm.streams.info(stream).catch(() => null);
    const last = info?.state.last_seq ?? 0;
    let events = 0;
    if (last > 0 && info!.state.messages > 0) {
      const consumer = await bus.js.consumers.get(stream, {
        filter_subjects: bus.subjects.domainEvents('submissions'),
      });
      let done = false;
      try {
        while (!done) {
          const batch: BusEvent[] = [];
          const messages = await consumer.fetch({ max_messages: batchSize, expires: 2000 });
          for await (const m of messages) {
            if (m.seq > last) {
              done = true;
              break;
            }
            const id = m.headers?.get(BusHeaders.msgId) ?? '';
            const occurred = new Date(m.headers?.get(BusHeaders.occurredAt) ?? '');
            if (UUID.test(id))
              batch.push({
                id,
                type: m.headers?.get(BusHeaders.eventType) ?? '',
                station: m.headers?.get(BusHeaders.station) ?? '',
                subject: m.subject,
                data: m.data,
                occurredAt: Number.isNaN(occurred.getTime()) ? m.time : occurred,
                headers: {},
                deliveryCount: 1,
                streamSequence: m.seq,
              });
            if (m.seq >= last || m.info.pending === 0) done = true;
          }
          if (batch.length === 0 && !done) done = true;
          events += batch.length;
          await foldInto(tx, batch);
          if (events > 0 && events % (batchSize * 50) < batch.length)
            log(`rebuild: ${events} events replayed`);
        }
      } finally {
        await consumer.delete().catch(() => false);
      }
    }

    let carriedOver = 0;
    if (!options.fromScratch) carriedOver = await carryOver(tx);
    await recomputeDerived(tx);
    const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from announcements`),
    );
    return {
      events,
      applications: n,
      carriedOver,
      lastSequence: last,
      milliseconds: Date.now() - started,
    };
  });
}

/** Fold a batch of events into the rows they concern. */
async function foldInto(tx: Tx, batch: BusEvent[]): Promise<void> {
  const incoming = new Map<string, Announcement>();
  for (const event of batch) {
    const row = announcementOf(event);
    if (!row || row.station !== event.station) continue;
    incoming.set(
      row.applicationId,
      mergeAnnouncement(incoming.get(row.applicationId) ?? null, row),
    );
  }
  if (incoming.size === 0) return;
  const stored = await readAnnouncements(tx, [...incoming.keys()]);
  await writeAnnouncements(
    tx,
    [...incoming.values()].map((row) =>
      mergeAnnouncement(stored.get(row.applicationId) ?? null, row),
    ),
  );
}

/**
 * What the replay could not know, from the rows before it, joined as the fold joins: the
 * applications the stream holds no event of come back as they were; a replayed row takes the
 * state of the row before when that came from a newer event (it aged out), and the dated facts
 * it lacks. A row before that the stream contradicts at the same version loses: the replay wins.
 */
async function carryOver(tx: Tx): Promise<number> {
  const inserted = rowsOf(
    await tx.execute(sql`
      insert into announcements
      select p.* from rebuild_previous p
      where not exists (select 1 from announcements a where a.application_id = p.application_id)
      returning application_id`),
  );
  // The newest state event may have aged out (and an older one stayed): the row before knew it.
  await tx.execute(sql`
    update announcements a set
      serial = p.serial, item_id = p.item_id, item_name = p.item_name,
      department_id = p.department_id, department_name = p.department_name,
      applicant_type = p.applicant_type, applicant_masked = p.applicant_masked,
      state = p.state, version_at = p.version_at, version_seq = p.version_seq
    from rebuild_previous p
    where p.application_id = a.application_id and p.version_at is not null
      and (a.version_at is null or (p.version_at, p.version_seq) > (a.version_at, a.version_seq))`);
  await tx.execute(sql`
    update announcements a set
      submitted_at = coalesce(a.submitted_at, p.submitted_at),
      accepted_at = coalesce(a.accepted_at, p.accepted_at),
      completed_at = coalesce(a.completed_at, p.completed_at),
      outcome = case when a.completed_at is null then p.outcome else a.outcome end,
      on_time = case when a.completed_at is null then p.on_time else a.on_time end,
      evaluation_level = case when a.evaluated_at is null then p.evaluation_level else a.evaluation_level end,
      evaluated_at = coalesce(a.evaluated_at, p.evaluated_at)
    from rebuild_previous p
    where p.application_id = a.application_id
      and ((a.submitted_at is null and p.submitted_at is not null)
        or (a.accepted_at is null and p.accepted_at is not null)
        or (a.completed_at is null and p.completed_at is not null)
        or (a.evaluated_at is null and p.evaluated_at is not null))`);
  return inserted.length;
}
