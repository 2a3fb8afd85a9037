import {
  startStationSync as syncStations,
  type Bus,
  type BusLogger,
  type StationSync,
} from '@hall/platform';
import type { CatalogDeps } from '../domain/deps';
import { upsertStations } from '../domain/stations';

export type { StationSync };

/**
 * Keep the `stations` read model up to date from identity (events as they come, the whole
 * registry at start; see `startStationSync` of the platform).
 */
export function startStationSync(
  bus: Bus,
  deps: CatalogDeps,
  logger: BusLogger,
  options: { retryMs?: number; maxRetryMs?: number } = {},
): StationSync {
  return syncStations({
    bus,
    database: deps.database,
    durable: 'catalog-stations',
    logger,
    store: upsertStations,
    // A station enabled or disabled changes what its public pages answer.
    onStored: (stations) => {
      for (const station of stations) deps.publicChanged(station.key);
    },
    ...options,
  });
}
