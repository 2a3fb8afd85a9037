import { HallError, type Executor, type FieldError } from '@hall/platform';
import { and, asc, count, desc, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { faqs, letters } from '../db/schema';
import type { ActionContext, LettersDeps } from './deps';
import { audit, emitFaqPublished, emitFaqWithdrawn, type FaqRow } from './events';
import type { StaffActor } from './staff';
import { requireStation } from './stations';
import type { FaqView, Page, StaffFaqView } from './view-schemas';

export interface FaqInput {
  question: string;
  answer: string;
}

function faqNotFound(): HallError {
  return new HallError(404, 'not_found', '常见问题不存在');
}

export function faqView(row: FaqRow): FaqView {
  return {
    id: row.id,
    station: row.station,
    question: row.question,
    answer: row.answer,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    publishedAt: row.publishedAt.toISOString(),
  };
}

export function staffFaqView(row: FaqRow): StaffFaqView {
  return {
    ...faqView(row),
    letterId: row.letterId,
    state: row.state,
    updatedAt: row.updatedAt.toISOString(),
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  };
}

function checkTexts(input: FaqInput): FaqInput {
  const question = input.question.trim();
  const answer = input.answer.trim();
  const errors: FieldError[] = [];
  if (question.length < 2)
    errors.push({ field: 'question', code: 'faq.question', message: '问题应为2至200个字' });
  if (answer.length < 2)
    errors.push({ field: 'answer', code: 'faq.answer', message: '答案应为2至5000个字' });
  if (errors.length > 0) throw HallError.validation(errors);
  return { question, answer };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The station's published FAQs, newest first; `q` matches the question or the answer. */
export async function publishedFaqs(
  deps: LettersDeps,
  station: string,
  query: {
    q?: string | undefined;
    departmentId?: string | undefined;
    page: number;
    pageSize: number;
  },
): Promise<Page<FaqView>> {
  return deps.database.withStation(station, async (tx) => {
    await requireStation(tx, station);
    const conditions: Array<SQL | undefined> = [
      eq(faqs.station, station),
      eq(faqs.state, 'published'),
    ];
    if (query.departmentId) conditions.push(eq(faqs.departmentId, query.departmentId));
    const q = query.q?.trim();
    if (q) {
      const pattern = `%${escapeLike(q)}%`;
      conditions.push(or(ilike(faqs.question, pattern), ilike(faqs.answer, pattern)));
    }
    const where = and(...conditions);
    const [rows, [total]] = await Promise.all([
      tx
        .select()
        .from(faqs)
        .where(where)
        .orderBy(desc(faqs.publishedAt), desc(faqs.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      tx.select({ n: count() }).from(faqs).where(where),
    ]);
    return {
      items: rows.map(faqView),
      total: total?.n ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

export function publishedFaq(deps: LettersDeps, station: string, id: string): Promise<FaqView> {
  return deps.database.withStation(station, async (tx) => {
    const [row] = await tx
      .select()
      .from(faqs)
      .where(and(eq(faqs.station, station), eq(faqs.id, id), eq(faqs.state, 'published')));
    if (!row) throw faqNotFound();
    return faqView(row);
  });
}

/** Staff with a department see and change their department's FAQs only. */
function departmentScope(actor: StaffActor): SQL | undefined {
  return actor.department ? eq(faqs.departmentId, actor.department) : undefined;
}

async function staffFaqRow(tx: Executor, actor: StaffActor, id: string): Promise<FaqRow> {
  const [row] = await tx
    .select()
    .from(faqs)
    .where(and(eq(faqs.station, actor.station), eq(faqs.id, id), departmentScope(actor)))
    .for('update');
  if (!row) throw faqNotFound();
  return row;
}

function faqNotAllowed(title: string): HallError {
  return new HallError(422, 'faq_not_allowed', title);
}

/**
 * 发布为常见问题: only for an answered letter whose writer agreed to publication (同意公开), and
 * once per letter: a withdrawn FAQ of the letter is published again with the new texts; a
 * published one answers 409 `faq_exists`.
 */
export async function publishFaq(
  deps: LettersDeps,
  ctx: ActionContext,
  actor: StaffActor,
  letterId: string,
  input: FaqInput,
): Promise<StaffFaqView> {
  const texts = checkTexts(input);
  const view = await deps.database.withStation(actor.station, async (tx) => {
    const [letter] = await tx
      .select()
      .from(letters)
      .where(
        and(
          eq(letters.station, actor.station),
          eq(letters.id, letterId),
          actor.department ? eq(letters.departmentId, actor.department) : undefined,
        ),
      )
      .for('update');
    if (!letter) throw new HallError(404, 'not_found', '信件不存在');
    if (!letter.publicConsent) throw faqNotAllowed('来信人未同意公开，不能发布为常见问题');
    if (letter.state !== 'replied' && letter.state !== 'closed')
      throw faqNotAllowed('信件答复后才能发布为常见问题');
    const now = ctx.now;
    const [existing] = await tx
      .select()
      .from(faqs)
      .where(and(eq(faqs.station, actor.station), eq(faqs.letterId, letterId)));
    if (existing?.state === 'published')
      throw HallError.conflict('faq_exists', '该信件已发布为常见问题，请在常见问题中修改');
    const values = {
      ...texts,
      departmentId: letter.departmentId,
      departmentName: letter.departmentName,
      state: 'published' as const,
      publishedAt: now,
      updatedAt: now,
      withdrawnAt: null,
    };
    const [row] = existing
      ? await tx.update(faqs).set(values).where(eq(faqs.id, existing.id)).returning()
      : await tx
          .insert(faqs)
          .values({ id: uuidv7(), station: actor.station, letterId, ...values })
          .returning();
    await emitFaqPublished(tx, deps.namespace, row!);
    await audit(
      tx,
      ctx,
      'letters.faq.published',
      { kind: 'faq', id: row!.id },
      {
        letterId,
        code: letter.code,
      },
    );
    return staffFaqView(row!);
  });
  deps.afterCommit();
  return view;
}

/** The station's FAQs for staff, published and withdrawn, newest first. */
export async function stationFaqs(
  tx: Executor,
  actor: StaffActor,
  query: { state?: 'published' | 'withdrawn' | undefined; page: number; pageSize: number },
): Promise<Page<StaffFaqView>> {
  const where = and(
    eq(faqs.station, actor.station),
    departmentScope(actor),
    query.state ? eq(faqs.state, query.state) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    tx
      .select()
      .from(faqs)
      .where(where)
      .orderBy(desc(faqs.updatedAt), desc(faqs.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    tx.select({ n: count() }).from(faqs).where(where),
  ]);
  return {
    items: rows.map(staffFaqView),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Edit the texts; a published FAQ is announced again (FaqPublished) with them. */
export async function updateFaq(
  deps: LettersDeps,
  ctx: ActionContext,
  actor: StaffActor,
  id: string,
  input: FaqInput,
): Promise<StaffFaqView> {
  const texts = checkTexts(input);
  const view = await deps.database.withStation(actor.station, async (tx) => {
    await staffFaqRow(tx, actor, id);
    const [row] = await tx
      .update(faqs)
      .set({ ...texts, updatedAt: ctx.now })
      .where(and(eq(faqs.station, actor.station), eq(faqs.id, id)))
      .returning();
    if (row!.state === 'published') await emitFaqPublished(tx, deps.namespace, row!);
    await audit(tx, ctx, 'letters.faq.updated', { kind: 'faq', id }, { state: row!.state });
    return staffFaqView(row!);
  });
  deps.afterCommit();
  return view;
}

/** 撤回: the FAQ leaves the public list; withdrawing a withdrawn one changes nothing. */
export async function withdrawFaq(
  deps: LettersDeps,
  ctx: ActionContext,
  actor: StaffActor,
  id: string,
): Promise<StaffFaqView> {
  const result = await deps.database.withStation(actor.station, async (tx) => {
    const current = await staffFaqRow(tx, actor, id);
    if (current.state === 'withdrawn') return { changed: false, row: current };
    const [row] = await tx
      .update(faqs)
      .set({ state: 'withdrawn', withdrawnAt: ctx.now, updatedAt: ctx.now })
      .where(and(eq(faqs.station, actor.station), eq(faqs.id, id)))
      .returning();
    await emitFaqWithdrawn(tx, deps.namespace, row!);
    await audit(tx, ctx, 'letters.faq.withdrawn', { kind: 'faq', id }, {});
    return { changed: true, row: row! };
  });
  if (result.changed) deps.afterCommit();
  return staffFaqView(result.row);
}

/**
 * A page of the FAQs `station` shows now, in id order after `afterId` (the robot's resync);
 * `more` when another page follows. An unknown station is a 404.
 */
export async function publishedFaqsPage(
  tx: Executor,
  station: string,
  afterId: string,
  limit: number,
): Promise<{ rows: FaqRow[]; more: boolean }> {
  await requireStation(tx, station);
  const rows = await tx
    .select()
    .from(faqs)
    .where(
      and(
        eq(faqs.station, station),
        eq(faqs.state, 'published'),
        afterId ? gt(faqs.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(faqs.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}
