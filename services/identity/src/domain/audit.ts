import type { Actor, Tx } from '@hall/platform';
import { v7 as uuidv7 } from 'uuid';
import { auditLog } from '../db/schema';

/** Security events written to the audit log. */
export type AuditEvent =
  | 'account.registered'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.locked'
  | 'logout'
  | 'session.reuse_detected'
  | 'password.changed'
  | 'password.reset'
  | 'password.reset_failed'
  | 'security_questions.changed'
  | 'profile.updated'
  | 'staff.created'
  | 'staff.updated'
  | 'staff.roles_changed'
  | 'staff.disabled'
  | 'staff.enabled'
  | 'station.created'
  | 'station.updated';

export interface AuditEntry {
  event: AuditEvent;
  outcome: 'success' | 'failure';
  /** The station the event belongs to; null for platform-level events. */
  station: string | null;
  actor?: { kind: Actor['kind'] | 'anonymous'; id?: string | null; name?: string | null } | null;
  target?: { kind: string; id: string } | null;
  ip?: string | null;
  /** Never personal data or secrets: codes, counts, role names. */
  details?: Record<string, unknown>;
}

/** Write an audit entry in the caller's transaction, so the action and its record commit together. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    id: uuidv7(),
    station: entry.station,
    event: entry.event,
    outcome: entry.outcome,
    actorKind: entry.actor?.kind ?? null,
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.name ?? null,
    targetKind: entry.target?.kind ?? null,
    targetId: entry.target?.id ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
}
