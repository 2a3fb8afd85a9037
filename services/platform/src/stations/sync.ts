import { StationChangedSchema } from '@hall/proto/hall/identity/v1/identity_events_pb';
import {
  ListStationsRequestSchema,
  ListStationsResponseSchema,
} from '@hall/proto/hall/identity/v1/identity_rpc_pb';
import type { Station } from '@hall/proto/hall/identity/v1/station_pb';
import type { BusLogger, Bus } from '../bus/bus';
import { consumeEvents, decodeEvent, type EventConsumer } from '../bus/consumer';
import type { Database, Tx } from '../db/database';

export interface StationSync {
  /** Resolves once the first full sync through identity.list_stations has succeeded. */
  readonly synced: Promise<void>;
  stop(): Promise<void>;
}

export interface StationSyncOptions {
  bus: Bus;
  database: Database;
  /** Durable consumer name of the service's station_changed consumer, e.g. `catalog-stations`. */
  durable: string;
  logger: BusLogger;
  /** Store stations as identity announced them, in the given transaction (no station set). */
  store: (tx: Tx, stations: Station[]) => Promise<void>;
  /** Runs once what `store` wrote has committed. */
  onStored?: (stations: Station[]) => void;
  /** First retry delay of the initial sync; doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * Keep a service's stations read model up to date: identity's station_changed events as they
 * come, and the whole registry through identity.list_stations at start. identity may not be up
 * yet when the service boots: the sync then retries in the background (the events fill the gaps
 * meanwhile) and the service starts anyway. What a service keeps of a station is its own
 * (`store`).
 */
export function startStationSync(options: StationSyncOptions): StationSync {
  const { bus, database, logger, store } = options;
  const consumer: EventConsumer = consumeEvents({
    bus,
    database,
    durable: options.durable,
    filterSubject: bus.subjects.domainEvents('identity', 'station_changed'),
    scope: 'none',
    logger,
    handler: async (event, tx) => {
      const message = decodeEvent(event, StationChangedSchema);
      if (message.station) await store(tx, [message.station]);
    },
    afterCommit: (event) => {
      const message = decodeEvent(event, StationChangedSchema);
      if (message.station) options.onStored?.([message.station]);
    },
  });

  let running = true;
  let wake: (() => void) | null = null;
  let markSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });
  const retryMs = options.retryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;

  const loop = (async () => {
    for (let attempt = 1; running; attempt++) {
      try {
        const reply = await bus.request(
          'identity',
          'list_stations',
          ListStationsRequestSchema,
          { includeDisabled: true },
          ListStationsResponseSchema,
          { timeoutMs: 3000 },
        );
        await database.transaction((tx) => store(tx, reply.stations));
        options.onStored?.(reply.stations);
        logger.info({ stations: reply.stations.length }, 'stations synced from identity');
        markSynced();
        return;
      } catch (err) {
        if (!running) return;
        const delay = Math.min(maxRetryMs, retryMs * 2 ** Math.min(attempt - 1, 10));
        const fields = { err: (err as Error).message, attempt, retryInMs: delay };
        if (attempt === 1) logger.warn(fields, 'cannot sync stations from identity yet; retrying');
        else logger.info(fields, 'still cannot sync stations from identity');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();

  return {
    synced,
    async stop() {
      running = false;
      (wake as (() => void) | null)?.();
      await loop;
      await consumer.stop();
    },
  };
}
