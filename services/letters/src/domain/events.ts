import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { enqueueAudit, enqueueEvent, type AuditDetails, type Executor } from '@hall/platform';
import {
  FaqPublishedSchema,
  FaqWithdrawnSchema,
  LetterAssignedSchema,
  LetterClosedSchema,
  LetterKind as LetterKindEnum,
  LetterReceivedSchema,
  LetterRepliedSchema,
} from '@hall/proto/hall/letters/v1/letters_events_pb';
import type { faqs, letters } from '../db/schema';
import type { ActionContext } from './deps';
import type { LetterKind } from './labels';

export type LetterRow = typeof letters.$inferSelect;
export type FaqRow = typeof faqs.$inferSelect;

const DOMAIN = 'letters';

const KIND_ENUM: Record<LetterKind, LetterKindEnum> = {
  consultation: LetterKindEnum.CONSULTATION,
  complaint: LetterKindEnum.COMPLAINT,
  suggestion: LetterKindEnum.SUGGESTION,
};

const ts = timestampFromDate;

// Events carry ids, codes and times only: never the writer's name, mobile number or text.

export async function emitReceived(tx: Executor, namespace: string, row: LetterRow): Promise<void> {
  await enqueueEvent(tx, namespace, {
    station: row.station,
    domain: DOMAIN,
    event: 'letter_received',
    schema: LetterReceivedSchema,
    message: {
      letterId: row.id,
      code: row.code,
      kind: KIND_ENUM[row.kind],
      ...(row.departmentId ? { departmentId: row.departmentId } : {}),
      receivedAt: ts(row.receivedAt),
      dueAt: ts(row.dueAt),
      writerKind: row.writerKind ?? '',
      writerId: row.writerId ?? '',
      fileIds: row.attachments.map((a) => a.fileId),
    },
  });
}

export async function emitAssigned(
  tx: Executor,
  namespace: string,
  row: LetterRow,
  at: Date,
): Promise<void> {
  await enqueueEvent(tx, namespace, {
    station: row.station,
    domain: DOMAIN,
    event: 'letter_assigned',
    schema: LetterAssignedSchema,
    message: {
      letterId: row.id,
      code: row.code,
      departmentId: row.departmentId ?? '',
      assignedAt: ts(at),
    },
  });
}

/** A reply, or an out-of-scope explanation in its place. */
export async function emitReplied(tx: Executor, namespace: string, row: LetterRow): Promise<void> {
  const outOfScope = row.state === 'out_of_scope';
  const at = (outOfScope ? row.outOfScopeAt : row.repliedAt) ?? row.updatedAt;
  await enqueueEvent(tx, namespace, {
    station: row.station,
    domain: DOMAIN,
    event: 'letter_replied',
    schema: LetterRepliedSchema,
    message: {
      letterId: row.id,
      code: row.code,
      kind: KIND_ENUM[row.kind],
      ...(row.departmentId ? { departmentId: row.departmentId } : {}),
      repliedAt: ts(at),
      onTime: at <= row.dueAt,
      outOfScope,
    },
  });
}

export async function emitClosed(tx: Executor, namespace: string, row: LetterRow): Promise<void> {
  await enqueueEvent(tx, namespace, {
    station: row.station,
    domain: DOMAIN,
    event: 'letter_closed',
    schema: LetterClosedSchema,
    message: { letterId: row.id, code: row.code, closedAt: ts(row.closedAt ?? row.updatedAt) },
  });
}

export async function emitFaqPublished(
  tx: Executor,
  namespace: string,
  faq: FaqRow,
): Promise<void> {
  await enqueueEvent(tx, namespace, {
    station: faq.station,
    domain: DOMAIN,
    event: 'faq_published',
    schema: FaqPublishedSchema,
    message: faqPublishedMessage(faq),
  });
}

/** A published FAQ as the event (and the list_published_faqs reply) carries it. */
export function faqPublishedMessage(faq: FaqRow): MessageInitShape<typeof FaqPublishedSchema> {
  return {
    faqId: faq.id,
    question: faq.question,
    answer: faq.answer,
    ...(faq.departmentId ? { departmentId: faq.departmentId } : {}),
    departmentName: faq.departmentName ?? '',
    publishedAt: ts(faq.publishedAt),
  };
}

export async function emitFaqWithdrawn(
  tx: Executor,
  namespace: string,
  faq: FaqRow,
): Promise<void> {
  await enqueueEvent(tx, namespace, {
    station: faq.station,
    domain: DOMAIN,
    event: 'faq_withdrawn',
    schema: FaqWithdrawnSchema,
    message: { faqId: faq.id, withdrawnAt: ts(faq.withdrawnAt ?? faq.updatedAt) },
  });
}

/** Staff actions and views, as named in the audit log (ADR 6: prefixed with the domain). */
export type LettersAuditEvent =
  | 'letters.letter.viewed'
  | 'letters.letter.contact_revealed'
  | 'letters.letter.assigned'
  | 'letters.letter.replied'
  | 'letters.letter.out_of_scope'
  | 'letters.letter.follow_up'
  | 'letters.letter.closed'
  | 'letters.faq.published'
  | 'letters.faq.updated'
  | 'letters.faq.withdrawn';

/** Audit a staff action in its transaction: codes and ids only, never personal data. */
export async function audit(
  tx: Executor,
  ctx: ActionContext,
  event: LettersAuditEvent,
  target: { kind: 'letter' | 'faq'; id: string },
  details: AuditDetails = {},
): Promise<void> {
  await enqueueAudit(tx, ctx.namespace, {
    domain: DOMAIN,
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
