import type { FastifyInstance } from 'fastify';
import type { Bus, BusLogger } from '../bus/bus';
import { TOKEN_PATTERN } from '../bus/subjects';
import { isStationKey } from '../db/tenancy';
import { observeAnswerCaches, type AnswerCache } from './answers';

const EVERY_STATION = '_all';

export interface CacheInvalidation {
  /**
   * `station`'s public answers changed (every station's when none is given): call it once the
   * change is committed. This replica's caches forget them at once, the others as soon as the
   * notification reaches them.
   */
  changed(station?: string): void;
  stop(): Promise<void>;
}

/**
 * Keeps the answer caches of a domain's replicas fresh: a change is announced on core NATS,
 * `${ns}.cache.<domain>.<station>` (outside the events stream: nothing to keep or replay), and
 * every replica listening drops that station's answers. A notification missed while the
 * connection was down cannot be replayed, so after a reconnect every answer is dropped; the
 * caches' time limit bounds anything else that goes astray.
 */
export function connectCacheInvalidation(
  bus: Bus,
  domain: string,
  caches: AnswerCache<unknown>[],
  logger: BusLogger,
): CacheInvalidation {
  if (!TOKEN_PATTERN.test(domain)) throw new Error(`invalid cache domain '${domain}'`);
  const prefix = `${bus.namespace}.cache.${domain}`;
  const drop = (station?: string): void => {
    for (const cache of caches) cache.invalidate(station);
  };
  const subscription = bus.nc.subscribe(`${prefix}.*`, {
    callback: (err, msg) => {
      if (err) return;
      const token = msg.subject.slice(prefix.length + 1);
      if (token === EVERY_STATION) drop();
      else if (isStationKey(token)) drop(token);
    },
  });
  const removeListener = bus.onReconnect(() => drop());
  return {
    changed(station) {
      if (station !== undefined && !isStationKey(station)) station = undefined;
      drop(station);
      try {
        bus.nc.publish(`${prefix}.${station ?? EVERY_STATION}`);
      } catch (err) {
        // Closed or draining: the other replicas' time limit takes over.
        logger.warn({ err, domain, station }, 'cache change could not be announced');
      }
    },
    async stop() {
      removeListener();
      if (!subscription.isClosed()) await subscription.drain().catch(() => {});
    },
  };
}

/**
 * A service's caches of public answers of `domain`: fresh on every replica (one change drops
 * them all), counted on /metrics.
 */
export function openAnswerCaches(
  app: FastifyInstance,
  bus: Bus,
  domain: string,
  caches: AnswerCache<unknown>[],
): CacheInvalidation {
  const invalidation = connectCacheInvalidation(bus, domain, caches, app.log);
  observeAnswerCaches(app, caches);
  return invalidation;
}
