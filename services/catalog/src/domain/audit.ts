import { enqueueAudit, type AuditDetails, type Executor } from '@hall/platform';
import type { ChangeContext } from './deps';

/** Staff changes of the catalog, as named in the audit log. */
export type CatalogAuditEvent =
  | 'catalog.department.created'
  | 'catalog.department.updated'
  | 'catalog.item.created'
  | 'catalog.draft.saved'
  | 'catalog.draft.discarded'
  | 'catalog.item.published'
  | 'catalog.item.withdrawn'
  | 'catalog.attachment.uploaded'
  | 'catalog.import';

/** Audit a change in the caller's transaction: the change and its record commit together. */
export async function audit(
  tx: Executor,
  ctx: ChangeContext,
  event: CatalogAuditEvent,
  target: { kind: string; id: string } | null,
  details: AuditDetails = {},
): Promise<void> {
  await enqueueAudit(tx, ctx.namespace, {
    domain: 'catalog',
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
