import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  consumeEvents,
  decodeEvent,
  type Bus,
  type BusLogger,
  type EventConsumer,
} from '@hall/platform';
import { AuditOutcome, AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import { eq } from 'drizzle-orm';
import { isIP } from 'node:net';
import { auditLog, staff } from '../db/schema';
import type { IdentityDeps } from '../domain/deps';

const ACTOR_KINDS = new Set(['staff', 'operator', 'person', 'unit']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Other services' audit records (`AuditRecorded`, ADR 6) into the one audit log. The event id
 * becomes the entry id, so a redelivered event cannot write twice. The event name must start
 * with the domain token of its subject: a service can only record its own actions.
 */
export function consumeAuditEvents(bus: Bus, deps: IdentityDeps, logger: BusLogger): EventConsumer {
  return consumeEvents({
    bus,
    database: deps.database,
    durable: 'identity-audit',
    filterSubject: `${bus.namespace}.evt.*.*.audit_recorded`,
    // Operators (station null) act in every station: their names are only visible to all-stations work.
    scope: 'all-stations',
    logger,
    handler: async (event, tx) => {
      const record = decodeEvent(event, AuditRecordedSchema);
      const domain = event.subject.split('.').at(-2) ?? '';
      if (!record.event.startsWith(`${domain}.`)) {
        // Retrying cannot fix it: drop it (acknowledged) and say so loudly.
        logger.error(
          { eventId: event.id, auditEvent: record.event, domain },
          'audit event outside its producing domain dropped',
        );
        return;
      }
      const actorId = UUID.test(record.actorId) ? record.actorId : null;
      let actorName: string | null = null;
      if (actorId && (record.actorKind === 'staff' || record.actorKind === 'operator')) {
        const [row] = await tx
          .select({ name: staff.name })
          .from(staff)
          .where(eq(staff.id, actorId));
        actorName = row?.name ?? null;
      }
      let details: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(record.detailsJson || '{}');
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          details = parsed as Record<string, unknown>;
      } catch {
        details = { unreadableDetails: true };
      }
      await tx
        .insert(auditLog)
        .values({
          id: event.id,
          at: record.at ? timestampDate(record.at) : event.occurredAt,
          station: event.station,
          event: record.event,
          outcome: record.outcome === AuditOutcome.FAILURE ? 'failure' : 'success',
          actorKind: ACTOR_KINDS.has(record.actorKind) ? record.actorKind : null,
          actorId,
          actorName,
          targetKind: record.targetKind || null,
          targetId: record.targetId || null,
          ip: isIP(record.ip) ? record.ip : null,
          details,
        })
        .onConflictDoNothing();
    },
  });
}
