import type { Executor, Tx } from '@hall/platform';
import { desc, inArray, isNotNull, sql } from 'drizzle-orm';
import { announcementItems, announcements } from '../db/schema';
import {
  itemSearch,
  mergeAnnouncement,
  sameAnnouncement,
  statisticsDeltas,
  writeAnnouncements,
  type Announcement,
  type StatisticsDelta,
} from './announcements';

/** The stored rows of these applications, by id. */
export async function readAnnouncements(
  tx: Executor,
  ids: readonly string[],
): Promise<Map<string, Announcement>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      applicationId: announcements.applicationId,
      station: announcements.station,
      serial: announcements.serial,
      itemId: announcements.itemId,
      itemName: announcements.itemName,
      departmentId: announcements.departmentId,
      departmentName: announcements.departmentName,
      applicantType: announcements.applicantType,
      applicantMasked: announcements.applicantMasked,
      state: announcements.state,
      submittedAt: announcements.submittedAt,
      acceptedAt: announcements.acceptedAt,
      completedAt: announcements.completedAt,
      outcome: announcements.outcome,
      onTime: announcements.onTime,
      evaluationLevel: announcements.evaluationLevel,
      evaluatedAt: announcements.evaluatedAt,
      versionAt: announcements.versionAt,
      versionSeq: announcements.versionSeq,
    })
    .from(announcements)
    .where(inArray(announcements.applicationId, [...ids]));
  return new Map(rows.map((r) => [r.applicationId, r]));
}

/**
 * Taken shared by every event applied and exclusively by a rebuild: an event waits for a
 * rebuild to commit before it reads anything, so it applies on top of the rebuilt rows rather
 * than on what they were.
 */
export const REBUILD_LOCK = sql`hashtext('publicity.announcements.rebuild')`;

/**
 * Apply what one event says to its application's row, with the station's statistics and
 * departments, in the consumer's transaction. Replicas handling two events of one application
 * at once take turns (an advisory lock on the application: its row may not exist yet).
 */
export async function applyAnnouncement(tx: Tx, incoming: Announcement): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock_shared(${REBUILD_LOCK}),
               pg_advisory_xact_lock(hashtextextended(${incoming.applicationId}, 0))`,
  );
  const before = (await readAnnouncements(tx, [incoming.applicationId])).get(
    incoming.applicationId,
  );
  const after = mergeAnnouncement(before ?? null, incoming);
  if (before && sameAnnouncement(before, after)) return;
  await writeAnnouncements(tx, [after]);
  await addStatistics(tx, statisticsDeltas(before ?? null, after));
  await noteNames(tx, after);
}

/** Add counts to the daily statistics. */
export async function addStatistics(tx: Executor, deltas: StatisticsDelta[]): Promise<void> {
  for (const d of deltas) {
    await tx.execute(sql`
      insert into daily_statistics
        (station, day, received, completed, completed_on_time, evaluations, evaluation_level_sum, satisfied)
      values (${d.station}, ${d.day}::date, ${d.received}, ${d.completed}, ${d.completedOnTime},
              ${d.evaluations}, ${d.evaluationLevelSum}, ${d.satisfied})
      on conflict (station, day) do update set
        received = daily_statistics.received + excluded.received,
        completed = daily_statistics.completed + excluded.completed,
        completed_on_time = daily_statistics.completed_on_time + excluded.completed_on_time,
        evaluations = daily_statistics.evaluations + excluded.evaluations,
        evaluation_level_sum = daily_statistics.evaluation_level_sum + excluded.evaluation_level_sum,
        satisfied = daily_statistics.satisfied + excluded.satisfied`);
  }
}

/**
 * The department and the item of a listed row, under the names of the newest state event that
 * named them (whichever order events come in, the newest name wins).
 */
async function noteNames(tx: Executor, row: Announcement): Promise<void> {
  if (row.versionAt === null || row.versionSeq === null) return;
  const versionAt = row.versionAt.toISOString();
  await tx.execute(sql`
    insert into announcement_departments (station, department_id, department_name, version_at, version_seq)
    values (${row.station}, ${row.departmentId}::uuid, ${row.departmentName},
            ${versionAt}::timestamptz, ${row.versionSeq})
    on conflict (station, department_id) do update set
      department_name = excluded.department_name,
      version_at = excluded.version_at,
      version_seq = excluded.version_seq
    where (announcement_departments.version_at, announcement_departments.version_seq)
          < (excluded.version_at, excluded.version_seq)`);
  await tx.execute(sql`
    insert into announcement_items (station, item_id, item_name, search, version_at, version_seq)
    values (${row.station}, ${row.itemId}::uuid, ${row.itemName}, ${itemSearch(row.itemName)}::tsvector,
            ${versionAt}::timestamptz, ${row.versionSeq})
    on conflict (station, item_id) do update set
      item_name = excluded.item_name,
      search = excluded.search,
      version_at = excluded.version_at,
      version_seq = excluded.version_seq
    where (announcement_items.version_at, announcement_items.version_seq)
          < (excluded.version_at, excluded.version_seq)`);
}

/** The Asia/Shanghai date of a timestamptz column (UTC+8, no daylight saving; see dates.ts). */
const day = (column: string) =>
  sql.raw(`((${column} at time zone 'UTC') + interval '8 hours')::date`);

/**
 * Recompute the items, departments and daily statistics from the rows: what the live consumer
 * keeps up incrementally, derived at once (after a rebuild, or rows generated for a benchmark).
 */
export async function recomputeDerived(tx: Executor): Promise<void> {
  const newest = await tx
    .selectDistinctOn([announcements.station, announcements.itemId], {
      station: announcements.station,
      itemId: announcements.itemId,
      itemName: announcements.itemName,
      versionAt: announcements.versionAt,
      versionSeq: announcements.versionSeq,
    })
    .from(announcements)
    .where(isNotNull(announcements.versionAt))
    .orderBy(
      announcements.station,
      announcements.itemId,
      desc(announcements.versionAt),
      desc(announcements.versionSeq),
    );
  await tx.execute(sql`delete from announcement_items`);
  for (let i = 0; i < newest.length; i += 1000)
    await tx.insert(announcementItems).values(
      newest.slice(i, i + 1000).map((r) => ({
        ...r,
        search: itemSearch(r.itemName),
        versionAt: r.versionAt!,
        versionSeq: r.versionSeq!,
      })),
    );
  await tx.execute(sql`delete from announcement_departments`);
  await tx.execute(sql`
    insert into announcement_departments (station, department_id, department_name, version_at, version_seq)
    select distinct on (station, department_id) station, department_id, department_name, version_at, version_seq
    from announcements
    where version_at is not null
    order by station, department_id, version_at desc, version_seq desc`);
  await tx.execute(sql`delete from daily_statistics`);
  await tx.execute(sql`
    insert into daily_statistics
      (station, day, received, completed, completed_on_time, evaluations, evaluation_level_sum, satisfied)
    select station, day, sum(received), sum(completed), sum(on_time), sum(evaluations), sum(level), sum(satisfied)
    from (
      select station, ${day('submitted_at')} as day, 1 as received, 0 as completed, 0 as on_time,
             0 as evaluations, 0 as level, 0 as satisfied
      from announcements where submitted_at is not null
      union all
      select station, ${day('completed_at')}, 0, 1, case when on_time then 1 else 0 end, 0, 0, 0
      from announcements where completed_at is not null
      union all
      select station, ${day('evaluated_at')}, 0, 0, 0, 1, evaluation_level,
             case when evaluation_level >= 4 then 1 else 0 end
      from announcements where evaluated_at is not null and evaluation_level is not null
    ) facts
    group by station, day`);
}
