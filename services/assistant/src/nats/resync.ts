import { HallError } from '@hall/platform';
import {
  ListPublishedItemsRequestSchema,
  ListPublishedItemsResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import type { ItemSummary } from '@hall/proto/hall/catalog/v1/item_pb';
import type { FaqPublished } from '@hall/proto/hall/letters/v1/letters_events_pb';
import {
  ListPublishedFaqsRequestSchema,
  ListPublishedFaqsResponseSchema,
} from '@hall/proto/hall/letters/v1/letters_rpc_pb';
import { and, eq } from 'drizzle-orm';
import { faqs, items } from '../db/schema';
import type { AssistantDeps } from '../domain/deps';
import {
  indexFaq,
  indexItemVersion,
  refreshStationVectors,
  withdrawFaq,
  withdrawUnlisted,
} from '../domain/indexing';
import { enabledStations } from '../domain/stations';
import { fetchItemVersion } from './feed';

/** Items or FAQs per list_published_items / list_published_faqs page. */
const PAGE = 200;

export interface ResyncReport {
  station: string;
  /** Items the catalog lists as published. */
  listed: number;
  /** Versions fetched and indexed (new, or newer than the index had). */
  indexed: number;
  /** Items the index had that the catalog no longer lists: removed. */
  withdrawn: number;
  /**
   * FAQs the letters service shows now, all written into the index; null when it did not
   * answer (the FAQs were left as they were).
   */
  faqsListed: number | null;
  /** FAQs the index had that the letters service no longer shows: removed. */
  faqsWithdrawn: number;
}

async function listPublished(deps: AssistantDeps, station: string): Promise<ItemSummary[]> {
  const out: ItemSummary[] = [];
  let after = '';
  for (;;) {
    const page = await deps.bus.request(
      'catalog',
      'list_published_items',
      ListPublishedItemsRequestSchema,
      { station, afterItemId: after, limit: PAGE },
      ListPublishedItemsResponseSchema,
      { timeoutMs: 30_000 },
    );
    out.push(...page.items);
    const last = page.items.at(-1);
    if (!page.more || !last) return out;
    after = last.itemId;
  }
}

/**
 * Bring a station's index in line with what the catalog publishes and the letters service shows
 * now, for when the events stream no longer holds an item's or a FAQ's publication (30 days) or
 * the index was lost: every listed item whose version the index lacks is fetched and indexed,
 * every indexed item the catalog no longer lists is withdrawn, every vector is recomputed (so
 * changed synonyms apply), and the FAQs are replaced by those shown now. Events arriving
 * meanwhile are safe: the index functions keep the newest version.
 */
export async function resyncStation(deps: AssistantDeps, station: string): Promise<ResyncReport> {
  const started = new Date();
  const listed = await listPublished(deps, station);
  let indexed = 0;
  for (const summary of listed) {
    const [known] = await deps.database.withStation(station, (tx) =>
      tx
        .select({ version: items.version })
        .from(items)
        .where(and(eq(items.station, station), eq(items.id, summary.itemId))),
    );
    if (known && known.version >= summary.version) continue;
    const version = await fetchItemVersion(deps, station, summary.itemId, summary.version);
    if (!version) continue;
    const outcome = await deps.database.withStation(station, (tx) =>
      indexItemVersion(tx, station, version),
    );
    if (outcome === 'indexed') indexed += 1;
  }
  const withdrawn = await deps.database.withStation(station, async (tx) => {
    const removed = await withdrawUnlisted(
      tx,
      station,
      new Set(listed.map((s) => s.itemId)),
      started,
    );
    await refreshStationVectors(tx, station);
    return removed;
  });
  const faqCounts = await resyncFaqs(deps, station);
  return { station, listed: listed.length, indexed, withdrawn, ...faqCounts };
}

async function listPublishedFaqs(deps: AssistantDeps, station: string): Promise<FaqPublished[]> {
  const out: FaqPublished[] = [];
  let after = '';
  for (;;) {
    const page = await deps.bus.request(
      'letters',
      'list_published_faqs',
      ListPublishedFaqsRequestSchema,
      { station, afterFaqId: after, limit: PAGE },
      ListPublishedFaqsResponseSchema,
      { timeoutMs: 30_000 },
    );
    out.push(...page.faqs);
    const last = page.faqs.at(-1);
    if (!page.more || !last) return out;
    after = last.faqId;
  }
}

/**
 * The station's FAQs as the letters service shows them now. They are written at the stream's
 * position taken before the list was read, so an event of a later change — already applied or
 * still to come — wins over the list, and the list over every earlier event.
 */
async function resyncFaqs(
  deps: AssistantDeps,
  station: string,
): Promise<{ faqsListed: number | null; faqsWithdrawn: number }> {
  const info = await deps.bus.jsm.streams.info(deps.bus.subjects.stream);
  const position = info.state.last_seq;
  let listed: FaqPublished[];
  try {
    listed = await listPublishedFaqs(deps, station);
  } catch (err) {
    // The items are worth keeping even when letters is away; its events still come.
    if (!(err instanceof HallError) || err.status !== 503) throw err;
    deps.logger.warn({ station }, 'the letters service did not answer; FAQs not resynced');
    return { faqsListed: null, faqsWithdrawn: 0 };
  }
  return deps.database.withStation(station, async (tx) => {
    for (const faq of listed)
      await indexFaq(
        tx,
        station,
        {
          id: faq.faqId,
          question: faq.question,
          answer: faq.answer,
          departmentId: faq.departmentId ?? null,
          departmentName: faq.departmentName,
        },
        position,
      );
    const shown = new Set(listed.map((f) => f.faqId));
    const indexed = await tx.select({ id: faqs.id }).from(faqs).where(eq(faqs.station, station));
    const gone = indexed.filter((row) => !shown.has(row.id));
    for (const row of gone) await withdrawFaq(tx, station, row.id, position);
    return { faqsListed: listed.length, faqsWithdrawn: gone.length };
  });
}

/** Resync the given stations, or every enabled station the index knows. */
export async function resyncStations(
  deps: AssistantDeps,
  stations?: readonly string[],
): Promise<ResyncReport[]> {
  const keys = stations ?? (await deps.database.transaction((tx) => enabledStations(tx)));
  const reports: ResyncReport[] = [];
  for (const station of keys) {
    try {
      reports.push(await resyncStation(deps, station));
    } catch (err) {
      // A station the catalog does not know (yet): the others are still worth doing.
      if (!(err instanceof HallError) || err.status !== 404) throw err;
      deps.logger.warn({ station }, 'the catalog has no such station; not resynced');
    }
  }
  return reports;
}
