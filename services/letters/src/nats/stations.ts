import { startStationSync, type StationSync } from '@hall/platform';
import type { LettersDeps } from '../domain/deps';
import { upsertStations } from '../domain/stations';

/** The stations read model (names, enabled), kept in step with identity. */
export function startLettersStationSync(deps: LettersDeps): StationSync {
  return startStationSync({
    bus: deps.bus,
    database: deps.database,
    durable: 'letters-stations',
    logger: deps.logger,
    store: upsertStations,
  });
}
