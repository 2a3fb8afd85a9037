import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Tx } from '@hall/platform';
import { auditLog } from '../db/schema';
import type { IdentityDeps } from './deps';
import { getStation } from './stations';

export interface AuditFilter {
  event?: string | undefined;
  outcome?: 'success' | 'failure' | undefined;
  actorId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset paging: entries older than this id (ids are UUIDv7, ordered by time). */
  before?: string | undefined;
  limit: number;
}

/**
 * Read the audit log. `scope` is a station (its admins) or 'all' (operators, optionally narrowed
 * to one station by `station`). Row-level security stands behind the WHERE clause.
 */
export async function queryAudit(
  deps: IdentityDeps,
  scope: { station: string } | { all: true; station?: string | undefined },
  filter: AuditFilter,
) {
  const conditions: SQL[] = [];
  // A station's own log: an unknown station answers 404, like every station route.
  if (!('all' in scope)) await getStation(deps, scope.station, { includeDisabled: true });
  const station = 'station' in scope ? scope.station : undefined;
  if (station) conditions.push(eq(auditLog.station, station));
  if (filter.event) conditions.push(eq(auditLog.event, filter.event));
  if (filter.outcome) conditions.push(eq(auditLog.outcome, filter.outcome));
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lte(auditLog.at, filter.to));
  if (filter.before) conditions.push(lt(auditLog.id, filter.before));
  const read = (tx: Tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.id))
      .limit(filter.limit + 1);
  const rows =
    'all' in scope
      ? await deps.database.withAllStations(read)
      : await deps.database.withStation(scope.station, read);
  const page = rows.slice(0, filter.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      station: r.station,
      event: r.event,
      outcome: r.outcome,
      actorKind: r.actorKind,
      actorId: r.actorId,
      actorName: r.actorName,
      targetKind: r.targetKind,
      targetId: r.targetId,
      ip: r.ip,
      details: r.details,
    })),
    nextBefore: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
