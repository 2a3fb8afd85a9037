import { enqueueAudit, type AuditDetails, type Executor } from '@hall/platform';
import type { ChangeContext } from './deps';

/** Staff changes of what a station publishes, as named in the audit log. */
export type PublicityAuditEvent =
  | 'publicity.notice.created'
  | 'publicity.notice.updated'
  | 'publicity.notice.deleted'
  | 'publicity.notice.published'
  | 'publicity.notice.unpublished'
  | 'publicity.notice.pinned'
  | 'publicity.notice.unpinned'
  | 'publicity.attachment.uploaded'
  | 'publicity.entry.created'
  | 'publicity.entry.updated'
  | 'publicity.entry.deleted'
  | 'publicity.entry.published'
  | 'publicity.entry.unpublished'
  | 'publicity.profile.updated';

/** Audit a change in the caller's transaction: the change and its record commit together. */
export async function audit(
  tx: Executor,
  ctx: ChangeContext,
  event: PublicityAuditEvent,
  target: { kind: string; id: string },
  details: AuditDetails = {},
): Promise<void> {
  await enqueueAudit(tx, ctx.namespace, {
    domain: 'publicity',
    station: ctx.station,
    actor: ctx.actor,
    event,
    target,
    ip: ctx.ip,
    outcome: 'success',
    details,
    at: ctx.now,
  });
}
