import type { Tx } from '@hall/platform';
import { weightedVector, words } from '@hall/platform/search';
import {
  Collection,
  HandlingType,
  Necessity,
  ServiceObject,
  TimeUnit,
  type Department,
  type ItemVersion,
  type TimeLimit as TimeLimitMessage,
} from '@hall/proto/hall/catalog/v1/item_pb';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import {
  departments,
  faqs,
  items,
  retired,
  type IndexedMaterial,
  type TimeLimit,
} from '../db/schema';
import { ALL_SYNONYMS, DEPARTMENT_SYNONYMS, expandedWords } from './language';

// Writing the index: each function runs in the caller's unit of work for the station, checks
// the order of what it is told (versions, stream sequences) so that a repeated or late
// message changes nothing, and keeps the search vectors in step with the rows they derive from.

/** Every word of an item text, with both kinds of synonyms (departments name items too). */
const itemTextWords = (text: string) => expandedWords(text, ALL_SYNONYMS);
const departmentWords = (name: string) => expandedWords(name, DEPARTMENT_SYNONYMS);

/** The search vector of an item: name A, sub-items' names B, department C, conditions D. */
export function itemVector(
  row: { name: string; departmentName: string; conditions: string },
  subItemNames: readonly string[],
): string {
  return weightedVector([
    [itemTextWords(row.name), 'A'],
    [subItemNames.flatMap(itemTextWords), 'B'],
    [departmentWords(row.departmentName), 'C'],
    [words(row.conditions), 'D'],
  ]);
}

export const departmentVector = (name: string) => weightedVector([[departmentWords(name), 'A']]);

export const faqVector = (question: string) => weightedVector([[itemTextWords(question), 'A']]);

function timeLimit(limit: TimeLimitMessage | undefined): TimeLimit | null {
  if (!limit || limit.value <= 0) return null;
  return { value: limit.value, unit: limit.unit === TimeUnit.DAY ? 'day' : 'workday' };
}

const necessities: Record<number, IndexedMaterial['necessity']> = {
  [Necessity.REQUIRED]: 'required',
  [Necessity.DEFERRABLE]: 'deferrable',
  [Necessity.OPTIONAL]: 'optional',
};

/** The row of an item version as the index keeps it (its vector aside). */
export function itemRow(station: string, version: ItemVersion) {
  const summary = version.summary;
  if (!summary) throw new Error('an item version without its summary');
  const guide = version.guide;
  return {
    id: summary.itemId,
    station,
    version: summary.version,
    name: summary.name,
    implCode: summary.implCode,
    parentId: summary.parentId ?? null,
    departmentId: summary.departmentId,
    departmentName: summary.departmentName,
    powerType: summary.powerType,
    handlingType:
      summary.handlingType === HandlingType.IMMEDIATE
        ? ('immediate' as const)
        : ('promised' as const),
    online: summary.online,
    serviceObjects: summary.serviceObjects.map((o) =>
      o === ServiceObject.PERSON ? 'person' : 'legal',
    ),
    materials: version.materials.map((m): IndexedMaterial => ({
      name: m.name,
      necessity: necessities[m.necessity] ?? 'optional',
      collection: m.collection === Collection.WINDOW ? 'window' : 'upload',
    })),
    guide: {
      conditions: guide?.conditions ?? '',
      process: guide?.process ?? '',
      location: guide?.location ?? '',
      hours: guide?.hours ?? '',
      consultation: guide?.consultation ?? '',
      feeCharged: guide?.feeCharged ?? false,
      feeStandard: guide?.feeStandard ?? '',
      visits: guide?.visits ?? 0,
    },
    legalTimeLimit: timeLimit(summary.legalTimeLimit),
    promisedTimeLimit: timeLimit(summary.promisedTimeLimit),
  };
}

async function retiredVersion(
  tx: Tx,
  station: string,
  kind: 'item' | 'faq',
  id: string,
): Promise<number | null> {
  const [row] = await tx
    .select({ version: retired.version })
    .from(retired)
    .where(and(eq(retired.station, station), eq(retired.kind, kind), eq(retired.id, id)));
  return row?.version ?? null;
}

async function retire(
  tx: Tx,
  station: string,
  kind: 'item' | 'faq',
  id: string,
  version: number,
): Promise<void> {
  await tx
    .insert(retired)
    .values({ kind, id, station, version })
    .onConflictDoUpdate({
      target: [retired.kind, retired.id],
      set: { version: sql`greatest(${retired.version}, excluded.version)` },
    });
}

/** Recompute the vectors of these items from their rows and their sub-items' names. */
async function refreshVectors(tx: Tx, station: string, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const rows = await tx
    .select({
      id: items.id,
      name: items.name,
      departmentName: items.departmentName,
      guide: items.guide,
    })
    .from(items)
    .where(and(eq(items.station, station), inArray(items.id, unique)));
  if (rows.length === 0) return;
  const children = await tx
    .select({ parentId: items.parentId, name: items.name })
    .from(items)
    .where(
      and(
        eq(items.station, station),
        inArray(
          items.parentId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(items.id));
  for (const row of rows) {
    const names = children.filter((c) => c.parentId === row.id).map((c) => c.name);
    const vector = itemVector(
      { name: row.name, departmentName: row.departmentName, conditions: row.guide.conditions },
      names,
    );
    await tx
      .update(items)
      .set({ search: sql`${vector}::tsvector` })
      .where(and(eq(items.station, station), eq(items.id, row.id)));
  }
}

/** A department the index learns of through an item: added when unknown, never overwritten. */
async function knowDepartment(tx: Tx, station: string, id: string, name: string): Promise<void> {
  if (!id || !name) return;
  await tx
    .insert(departments)
    .values({ id, station, name, enabled: true, search: sql`${departmentVector(name)}::tsvector` })
    .onConflictDoNothing();
}

export type IndexOutcome = 'indexed' | 'stale';

/**
 * Item writes of a station take turns: each event type has its own consumer, so a publication
 * and a withdrawal of one item (or a sub-item and its parent's vector) may be handled at once.
 */
async function lockStationItems(tx: Tx, station: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`assistant.items.${station}`}))`);
}

async function lockStationFaqs(tx: Tx, station: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`assistant.faqs.${station}`}))`);
}

/**
 * Index a published version of an item. A version older than the one indexed, or not newer
 * than the item's withdrawal, is stale and changes nothing; the same version again is written
 * again (a resync after a change of synonyms).
 */
export async function indexItemVersion(
  tx: Tx,
  station: string,
  version: ItemVersion,
  now = new Date(),
): Promise<IndexOutcome> {
  const row = itemRow(station, version);
  await lockStationItems(tx, station);
  const withdrawnAt = await retiredVersion(tx, station, 'item', row.id);
  if (withdrawnAt !== null && withdrawnAt >= row.version) return 'stale';
  const [existing] = await tx
    .select({ version: items.version, parentId: items.parentId })
    .from(items)
    .where(and(eq(items.station, station), eq(items.id, row.id)));
  if (existing && existing.version > row.version) return 'stale';
  const values = { ...row, search: sql`''::tsvector`, indexedAt: now };
  await tx
    .insert(items)
    .values(values)
    .onConflictDoUpdate({
      target: items.id,
      set: { ...row, indexedAt: now },
      setWhere: sql`${items.station} = ${station}`,
    });
  await knowDepartment(tx, station, row.departmentId, row.departmentName);
  await refreshVectors(
    tx,
    station,
    [row.id, row.parentId, existing?.parentId].filter((id): id is string => !!id),
  );
  return 'indexed';
}

/** An item was withdrawn up to `version`: it is no longer answered. */
export async function withdrawItem(
  tx: Tx,
  station: string,
  itemId: string,
  version: number,
): Promise<void> {
  await lockStationItems(tx, station);
  await retire(tx, station, 'item', itemId, version);
  const removed = await tx
    .delete(items)
    .where(
      and(eq(items.station, station), eq(items.id, itemId), sql`${items.version} <= ${version}`),
    )
    .returning({ parentId: items.parentId });
  const parents = removed.map((r) => r.parentId).filter((id): id is string => !!id);
  await refreshVectors(tx, station, parents);
}

/**
 * Items of the station indexed before `before` and absent from `listed` (what the catalog lists
 * as published now): withdrawn while no event told the index. Returns how many were removed.
 */
export async function withdrawUnlisted(
  tx: Tx,
  station: string,
  listed: ReadonlySet<string>,
  before: Date,
): Promise<number> {
  const candidates = await tx
    .select({ id: items.id, version: items.version })
    .from(items)
    .where(and(eq(items.station, station), lt(items.indexedAt, before)));
  let removed = 0;
  for (const item of candidates) {
    if (listed.has(item.id)) continue;
    await withdrawItem(tx, station, item.id, item.version);
    removed += 1;
  }
  return removed;
}

/** Recompute every vector of the station (after a change of the synonyms). */
export async function refreshStationVectors(tx: Tx, station: string): Promise<void> {
  await lockStationItems(tx, station);
  await lockStationFaqs(tx, station);
  const rows = await tx.select({ id: items.id }).from(items).where(eq(items.station, station));
  await refreshVectors(
    tx,
    station,
    rows.map((r) => r.id),
  );
  const departmentRows = await tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.station, station));
  for (const d of departmentRows)
    await tx
      .update(departments)
      .set({ search: sql`${departmentVector(d.name)}::tsvector` })
      .where(and(eq(departments.station, station), eq(departments.id, d.id)));
  const faqRows = await tx
    .select({ id: faqs.id, question: faqs.question })
    .from(faqs)
    .where(eq(faqs.station, station));
  for (const f of faqRows)
    await tx
      .update(faqs)
      .set({ search: sql`${faqVector(f.question)}::tsvector` })
      .where(and(eq(faqs.station, station), eq(faqs.id, f.id)));
}

/**
 * A department as announced at stream position `sequence`: its name and state replace what
 * an older announcement said, and its items' department name follows.
 */
export async function applyDepartment(
  tx: Tx,
  station: string,
  department: Department,
  sequence: number,
): Promise<void> {
  await lockStationItems(tx, station);
  const values = {
    id: department.id,
    station,
    name: department.name,
    enabled: department.enabled,
    eventSequence: sequence,
    search: sql`${departmentVector(department.name)}::tsvector`,
  };
  const changed = await tx
    .insert(departments)
    .values(values)
    .onConflictDoUpdate({
      target: departments.id,
      set: {
        name: values.name,
        enabled: values.enabled,
        eventSequence: values.eventSequence,
        search: values.search,
      },
      setWhere: sql`${departments.station} = ${station} and ${departments.eventSequence} < ${sequence}`,
    })
    .returning({ id: departments.id });
  if (changed.length === 0) return;
  const renamed = await tx
    .update(items)
    .set({ departmentName: department.name })
    .where(
      and(
        eq(items.station, station),
        eq(items.departmentId, department.id),
        sql`${items.departmentName} <> ${department.name}`,
      ),
    )
    .returning({ id: items.id });
  await refreshVectors(
    tx,
    station,
    renamed.map((r) => r.id),
  );
}

export interface FaqInput {
  id: string;
  question: string;
  answer: string;
  departmentId: string | null;
  departmentName: string;
}

/** A FAQ published (or edited) at stream position `sequence`. */
export async function indexFaq(
  tx: Tx,
  station: string,
  faq: FaqInput,
  sequence: number,
): Promise<IndexOutcome> {
  await lockStationFaqs(tx, station);
  const withdrawnAt = await retiredVersion(tx, station, 'faq', faq.id);
  if (withdrawnAt !== null && withdrawnAt >= sequence) return 'stale';
  const values = {
    ...faq,
    station,
    eventSequence: sequence,
    search: sql`${faqVector(faq.question)}::tsvector`,
  };
  const written = await tx
    .insert(faqs)
    .values(values)
    .onConflictDoUpdate({
      target: faqs.id,
      set: {
        question: values.question,
        answer: values.answer,
        departmentId: values.departmentId,
        departmentName: values.departmentName,
        eventSequence: values.eventSequence,
        search: values.search,
      },
      setWhere: sql`${faqs.station} = ${station} and ${faqs.eventSequence} < ${sequence}`,
    })
    .returning({ id: faqs.id });
  return written.length > 0 ? 'indexed' : 'stale';
}

/** A FAQ withdrawn at stream position `sequence`. */
export async function withdrawFaq(
  tx: Tx,
  station: string,
  faqId: string,
  sequence: number,
): Promise<void> {
  await lockStationFaqs(tx, station);
  await retire(tx, station, 'faq', faqId, sequence);
  await tx
    .delete(faqs)
    .where(
      and(eq(faqs.station, station), eq(faqs.id, faqId), sql`${faqs.eventSequence} <= ${sequence}`),
    );
}
