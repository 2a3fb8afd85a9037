import { HallError, type Actor, type Executor, type FieldError } from '@hall/platform';
import { shanghaiDay } from '@hall/platform/calendar';
import { and, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { codeCounters, letters, letterSteps, type Attachment } from '../db/schema';
import { ownedAttachments } from '../nats/materials';
import { resolveDepartment, type DepartmentRef } from './departments';
import type { LettersDeps } from './deps';
import { replyDueAt } from './due';
import { emitReceived, type LetterRow } from './events';
import type { LetterKind } from './labels';
import { requireStation } from './stations';
import type { ReceiptView } from './view-schemas';

/** The body of 【提交】, as the route's schema admits it. */
export interface NewLetter {
  kind: LetterKind;
  departmentId?: string | undefined;
  subject: string;
  content: string;
  relatedSerial?: string | undefined;
  staffName?: string | undefined;
  contactName: string;
  mobile: string;
  publicConsent: boolean;
  fileIds?: string[] | undefined;
}

type Writer = { kind: 'person' | 'unit'; id: string };

const SEQUENCE_DIGITS = 14;

/**
 * The next 受理编码 of a station: yyyy + mm (Asia/Shanghai) + the station's 14-digit sequence of
 * that month. The counter row stays locked until the letter commits, so codes of a station and
 * month are handed out one at a time and a rolled-back submit leaves no gap.
 */
export async function nextCode(tx: Executor, station: string, at: Date): Promise<string> {
  const month = shanghaiDay(at).slice(0, 7).replace('-', '');
  const [counter] = await tx
    .insert(codeCounters)
    .values({ station, month, last: 1 })
    .onConflictDoUpdate({
      target: [codeCounters.station, codeCounters.month],
      set: { last: sql`${codeCounters.last} + 1` },
    })
    .returning({ last: codeCounters.last });
  return `${month}${String(counter!.last).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** Optional text as stored: trimmed, and absent when blank. */
function optional(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * What the schema cannot say: the rules that depend on the kind, and lengths after trimming.
 * Every problem at once.
 */
function checkLetter(letter: NewLetter): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, code: string, message: string) =>
    errors.push({ field, code, message });
  if (letter.kind !== 'complaint' && !letter.departmentId)
    add(
      'departmentId',
      'letter.department_required',
      letter.kind === 'consultation' ? '请选择要咨询的部门' : '请选择要建议的部门',
    );
  if (letter.kind !== 'complaint') {
    if (optional(letter.relatedSerial))
      add('relatedSerial', 'letter.complaint_only', '只有投诉可以填写申办流水号');
    if (optional(letter.staffName))
      add('staffName', 'letter.complaint_only', '只有投诉可以填写被投诉人员');
  }
  const serial = optional(letter.relatedSerial);
  if (serial && !/^\d{20}$/.test(serial))
    add('relatedSerial', 'letter.serial_format', '申办流水号应为20位数字');
  if (letter.subject.trim().length < 2) add('subject', 'letter.subject', '主题应为2至100个字');
  if (letter.content.trim().length < 5) add('content', 'letter.content', '内容应为5至3000个字');
  if (letter.contactName.trim() === '') add('contactName', 'letter.contact_name', '请填写姓名');
  return errors;
}

function receipt(row: LetterRow): ReceiptView {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    receivedAt: row.receivedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
  };
}

function keyReused(): HallError {
  return HallError.conflict(
    'idempotency_key_reused',
    '该请求编号已用于另一封信件，请刷新页面后重新提交',
  );
}

/** The letter an earlier request with this key made, if the mobile number matches. */
async function earlier(
  tx: Executor,
  station: string,
  key: string,
  mobileHash: string,
): Promise<LetterRow | null> {
  const [row] = await tx
    .select()
    .from(letters)
    .where(and(eq(letters.station, station), eq(letters.idempotencyKey, key)));
  if (!row) return null;
  if (row.mobileHash !== mobileHash) throw keyReused();
  return row;
}

export interface SubmitResult {
  created: boolean;
  receipt: ReceiptView;
}

/**
 * 【提交】: check everything, resolve the department (read model, else the catalog) and the
 * attachments (materials), then in one transaction the 受理编码, the letter, its first step and
 * LetterReceived in the outbox. A repeated request with the same `Idempotency-Key` and mobile
 * number answers the first letter; concurrent ones wait for each other on the key.
 */
export async function submitLetter(
  deps: LettersDeps,
  station: string,
  actor: Actor | null,
  letter: NewLetter,
  idempotencyKey: string | undefined,
): Promise<SubmitResult> {
  const errors = checkLetter(letter);
  if (errors.length > 0)
    throw HallError.validation(errors, '信件信息还不完整或有误，请按提示修改后再提交');
  const writer: Writer | null =
    actor?.kind === 'person' || actor?.kind === 'unit' ? { kind: actor.kind, id: actor.id } : null;
  const fileIds = letter.fileIds ?? [];
  if (fileIds.length > 0 && !writer) {
    if (!actor) throw HallError.unauthenticated('上传附件请先登录');
    throw HallError.forbidden('只有个人或单位用户可以添加附件');
  }
  const mobileHash = deps.cipher.index(letter.mobile);
  const key = idempotencyKey?.toLowerCase();

  const found = await deps.database.withStation(station, async (tx) => {
    await requireStation(tx, station);
    return key ? earlier(tx, station, key, mobileHash) : null;
  });
  if (found) return { created: false, receipt: receipt(found) };

  const department: DepartmentRef | null = letter.departmentId
    ? await resolveDepartment(deps, station, letter.departmentId)
    : null;
  const attachments: Attachment[] = writer ? await ownedAttachments(deps.bus, writer, fileIds) : [];

  const result = await deps.database.withStation(station, async (tx) => {
    if (key) {
      // Requests with the same key take turns: the second finds the first one's letter.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`letters:${station}:${key}`}))`);
      const first = await earlier(tx, station, key, mobileHash);
      if (first) return { created: false, row: first };
    }
    const now = deps.now();
    const code = await nextCode(tx, station, now);
    const id = uuidv7();
    const [row] = await tx
      .insert(letters)
      .values({
        id,
        station,
        code,
        kind: letter.kind,
        departmentId: department?.id ?? null,
        departmentName: department?.name ?? null,
        subject: letter.subject.trim(),
        content: letter.content.trim(),
        relatedSerial: letter.kind === 'complaint' ? optional(letter.relatedSerial) : null,
        staffName: letter.kind === 'complaint' ? optional(letter.staffName) : null,
        contactName: deps.cipher.seal(letter.contactName.trim()),
        mobile: deps.cipher.seal(letter.mobile),
        mobileHash,
        publicConsent: letter.publicConsent,
        writerKind: writer?.kind ?? null,
        writerId: writer?.id ?? null,
        attachments,
        idempotencyKey: key ?? null,
        state: 'received',
        receivedAt: now,
        dueAt: replyDueAt(deps.config, letter.kind, now),
        updatedAt: now,
      })
      .returning();
    await tx.insert(letterSteps).values({
      id: uuidv7(),
      station,
      letterId: id,
      action: 'received',
      actorKind: writer?.kind ?? 'anonymous',
      actorId: writer?.id ?? null,
      at: now,
    });
    await emitReceived(tx, deps.namespace, row!);
    return { created: true, row: row! };
  });
  if (result.created) deps.afterCommit();
  return { created: result.created, receipt: receipt(result.row) };
}
