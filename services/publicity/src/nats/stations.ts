import { startStationSync, type BusLogger, type StationSync } from '@hall/platform';
import type { PublicityDeps } from '../domain/deps';
import { upsertStations } from '../domain/stations';

/** The stations read model (names, enabled), kept in step with identity. */
export function startPublicityStationSync(
  deps: PublicityDeps,
  logger: BusLogger,
  options: { retryMs?: number; maxRetryMs?: number } = {},
): StationSync {
  return startStationSync({
    bus: deps.bus,
    database: deps.database,
    durable: 'publicity-stations',
    logger,
    store: upsertStations,
    // A station enabled or disabled changes what its public pages answer.
    onStored: (stations) => {
      for (const station of stations) deps.publicChanged(station.key);
    },
    ...options,
  });
}
