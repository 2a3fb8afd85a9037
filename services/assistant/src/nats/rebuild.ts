import { isApiError, type Bus, type Database } from '@hall/platform';
import { inArray } from 'drizzle-orm';
import { departments, faqs, items, processedEvents, retired } from '../db/schema';
import { FEEDS, type IndexFeed } from './feed';

/** JetStream's API error codes (JetStreamApiCodes of @nats-io/jetstream). */
const CONSUMER_NOT_FOUND = 10014;
const STREAM_NOT_FOUND = 10059;

/**
 * Empty the index and forget which events fed it, in one transaction: what a consumer handles
 * meanwhile is either cleared with it or recorded after it, never half of each.
 */
export async function clearIndex(database: Database): Promise<void> {
  await database.withAllStations(async (tx) => {
    await tx.delete(items);
    await tx.delete(departments);
    await tx.delete(faqs);
    await tx.delete(retired);
    await tx.delete(processedEvents).where(
      inArray(
        processedEvents.consumer,
        FEEDS.map((f) => f.durable),
      ),
    );
  });
}

/**
 * Delete the feed's durable consumers, so they are created anew and deliver the whole stream
 * again: a running service notices and recreates them at once.
 */
export async function dropFeedConsumers(bus: Bus): Promise<void> {
  for (const { durable } of FEEDS) {
    try {
      await bus.jsm.consumers.delete(bus.subjects.stream, durable);
    } catch (err) {
      if (!isApiError(err, CONSUMER_NOT_FOUND) && !isApiError(err, STREAM_NOT_FOUND)) throw err;
    }
  }
}

/** Rebuild this process's index from scratch by replaying the events stream. */
export async function rebuildFromStream(
  database: Database,
  bus: Bus,
  feed: IndexFeed,
): Promise<void> {
  await feed.stop();
  await clearIndex(database);
  await dropFeedConsumers(bus);
  feed.start();
}
