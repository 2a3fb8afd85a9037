import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AuditOutcome, AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import type { Actor } from './auth/actor';
import { enqueueEvent } from './bus/outbox';
import type { Executor } from './db/database';

/** Details of an audit entry: codes, counts and names of things — never personal data. */
export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditInput {
  /** The producing domain (`catalog`, `submissions`, …): the event name's prefix and subject token. */
  domain: string;
  station: string;
  actor: Actor | null;
  /** Dotted name starting with the domain: `catalog.item.published`. */
  event: string;
  outcome?: 'success' | 'failure';
  target?: { kind: string; id: string } | null;
  ip?: string | null;
  details?: AuditDetails;
  /** When it happened; now by default. */
  at?: Date;
}

/**
 * Audit a staff action of a service other than identity: an `AuditRecorded` event written to
 * the outbox in the caller's transaction, so the action and its record commit (or roll back)
 * together and a NATS outage delays the record without losing it. identity consumes these into
 * the one audit log (ADR 6). Returns the event id, which becomes the audit entry's id.
 */
export function enqueueAudit(tx: Executor, namespace: string, input: AuditInput): Promise<string> {
  if (!input.event.startsWith(`${input.domain}.`)) {
    throw new Error(`audit event '${input.event}' must start with its domain '${input.domain}.'`);
  }
  return enqueueEvent(tx, namespace, {
    station: input.station,
    domain: input.domain,
    event: 'audit_recorded',
    schema: AuditRecordedSchema,
    message: {
      event: input.event,
      outcome: input.outcome === 'failure' ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
      actorKind: input.actor?.kind ?? '',
      actorId: input.actor?.id ?? '',
      targetKind: input.target?.kind ?? '',
      targetId: input.target?.id ?? '',
      ip: input.ip ?? '',
      at: timestampFromDate(input.at ?? new Date()),
      detailsJson: JSON.stringify(input.details ?? {}),
    },
  });
}
