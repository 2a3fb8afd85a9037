import { HallError, isStationKey, type Actor, type Tx } from '@hall/platform';
import { normalizeMobile } from '@hall/platform/validation';
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { letters, letterSteps } from '../db/schema';
import type { LettersDeps } from './deps';
import type { LetterRow } from './events';
import type { Rating } from './labels';
import { letterPublicView, letterStepsOf, letterSummary } from './view';
import type { LetterPublicView, LetterSummary, Page } from './view-schemas';

export type Writer = Extract<Actor, { kind: 'person' | 'unit' }>;

export function letterNotFound(): HallError {
  return new HallError(404, 'letter_not_found', '未查询到信件，请核对信件编号和手机号码');
}

const isWriter = (row: LetterRow, actor: Actor | null) =>
  (actor?.kind === 'person' || actor?.kind === 'unit') &&
  row.writerKind === actor.kind &&
  row.writerId === actor.id;

/**
 * The letter with `code` in `station`, locked when asked, if the caller proves to be its
 * writer: the signed-in writer, or whoever gives its mobile number. An unknown code, another
 * station's code and a wrong number take the same steps (one look-up, one HMAC, one
 * comparison against a decoy when there is no row) and end in the same 404.
 */
async function provenLetter(
  deps: LettersDeps,
  tx: Tx | null,
  station: string,
  code: string,
  mobile: string | undefined,
  actor: Actor | null,
  options: { forUpdate?: boolean } = {},
): Promise<LetterRow> {
  let row: LetterRow | undefined;
  if (tx) {
    const query = tx
      .select()
      .from(letters)
      .where(and(eq(letters.station, station), eq(letters.code, code.trim())));
    [row] = options.forUpdate ? await query.for('update') : await query;
  }
  // Without a letter the number is still hashed and compared, so both answers take as long.
  const mobileMatches = deps.cipher.matches(
    normalizeMobile(mobile ?? ''),
    row?.mobileHash ?? deps.cipher.index('decoy'),
  );
  if (!row || !((mobile !== undefined && mobileMatches) || isWriter(row, actor)))
    throw letterNotFound();
  return row;
}

/** Run `work` for `station`, or with no transaction at all for a key that cannot be a station. */
function inStation<T>(deps: LettersDeps, station: string, work: (tx: Tx | null) => Promise<T>) {
  return isStationKey(station) ? deps.database.withStation(station, work) : work(null);
}

/** 信件答复 方式二: code + mobile number, without signing in. */
export function lookupLetter(
  deps: LettersDeps,
  station: string,
  code: string,
  mobile: string,
): Promise<LetterPublicView> {
  return inStation(deps, station, async (tx) => {
    const row = await provenLetter(deps, tx, station, code, mobile, null);
    return letterPublicView(row, await letterStepsOf(tx!, row), deps.cipher);
  });
}

/** Letters that have been answered (a reply or an out-of-scope explanation) may be rated. */
const RATEABLE = new Set(['replied', 'closed', 'out_of_scope']);

/** 评价: once, after the answer, by the signed-in writer or anyone giving the mobile number. */
export async function rateLetter(
  deps: LettersDeps,
  station: string,
  actor: Actor | null,
  input: {
    code: string;
    mobile?: string | undefined;
    rating: Rating;
    comment?: string | undefined;
  },
): Promise<LetterPublicView> {
  return inStation(deps, station, async (tx) => {
    const row = await provenLetter(deps, tx, station, input.code, input.mobile, actor, {
      forUpdate: true,
    });
    if (!RATEABLE.has(row.state))
      throw HallError.conflict('not_replied', '信件尚未答复，答复后才能评价');
    if (row.rating) throw HallError.conflict('already_rated', '您已评价过该信件的答复');
    const now = deps.now();
    const [updated] = await tx!
      .update(letters)
      .set({
        rating: input.rating,
        ratingComment: input.comment?.trim() || null,
        ratedAt: now,
        revision: sql`${letters.revision} + 1`,
        updatedAt: now,
      })
      .where(and(eq(letters.station, station), eq(letters.id, row.id)))
      .returning();
    const writer = isWriter(row, actor) ? actor : null;
    await tx!.insert(letterSteps).values({
      id: uuidv7(),
      station,
      letterId: row.id,
      action: 'rated',
      actorKind: writer?.kind ?? 'anonymous',
      actorId: writer?.id ?? null,
      at: now,
    });
    return letterPublicView(updated!, await letterStepsOf(tx!, updated!), deps.cipher);
  });
}

/** 我的咨询: the writer's letters, newest first, across stations unless one is given. */
export function myLetters(
  deps: LettersDeps,
  writer: Writer,
  query: { page: number; pageSize: number; station?: string | undefined },
): Promise<Page<LetterSummary>> {
  const conditions: SQL[] = [eq(letters.writerKind, writer.kind), eq(letters.writerId, writer.id)];
  if (query.station) conditions.push(eq(letters.station, query.station));
  const where = and(...conditions);
  // Accounts are city-wide: one writer's rows across stations (never anyone else's).
  return deps.database.withAllStations(async (tx) => {
    const [rows, [total]] = await Promise.all([
      tx
        .select()
        .from(letters)
        .where(where)
        .orderBy(desc(letters.receivedAt), desc(letters.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      tx.select({ n: count() }).from(letters).where(where),
    ]);
    return {
      items: rows.map(letterSummary),
      total: total?.n ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

/** 咨询详情 of one of the writer's letters; anyone else's answers 404. */
export function myLetter(deps: LettersDeps, writer: Writer, id: string): Promise<LetterPublicView> {
  return deps.database.withAllStations(async (tx) => {
    const [row] = await tx
      .select()
      .from(letters)
      .where(
        and(
          eq(letters.id, id),
          eq(letters.writerKind, writer.kind),
          eq(letters.writerId, writer.id),
        ),
      );
    if (!row) throw new HallError(404, 'letter_not_found', '信件不存在');
    return letterPublicView(row, await letterStepsOf(tx, row), deps.cipher);
  });
}
