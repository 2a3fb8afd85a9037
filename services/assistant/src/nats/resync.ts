import { HallError } from '@hall/platform';
import {
  ListPublishedItemsRequestSchema,
  ListPublishedItemsResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import type { ItemSummary } from '@hall/proto/hall/catalog/v1/item_pb';
import { and, eq } from 'drizzle-orm';
import { items } from '../db/schema';
import type { AssistantDeps } from '../domain/deps';
import { indexItemVersion, refreshStationVectors, withdrawUnlisted } from '../domain/indexing';
import { enabledStations } from '../domain/stations';
import { fetchItemVersion } from './feed';

/** Items per list_published_items page. */
const PAGE = 200;

export interface ResyncReport {
  station: string;
  /** Items the catalog lists as published. */
  listed: number;
  /** Versions fetched and indexed (new, or newer than the index had). */
  indexed: number;
  /** Items the index had that the catalog no longer lists: removed. */
  withdrawn: number;
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
 * Bring a station's index in line with what the catalog publishes now, for when the events
 * stream no longer holds an item's publication (30 days) or the index was lost: every listed
 * item whose version the index lacks is fetched and indexed, every indexed item the catalog no
 * longer lists is withdrawn, and every vector is recomputed (so changed synonyms apply).
 * Events arriving meanwhile are safe: the index functions keep the newest version.
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
  return { station, listed: listed.length, indexed, withdrawn };
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
