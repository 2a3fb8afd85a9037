import { startStationSync, type BusLogger, type StationSync } from '@hall/platform';
import type { SubmissionsDeps } from '../domain/deps';
import { upsertStations } from '../domain/stations';

/** The stations read model (serial prefixes, names, enabled), kept in step with identity. */
export function startSubmissionsStationSync(
  deps: SubmissionsDeps,
  logger: BusLogger,
  options: { retryMs?: number; maxRetryMs?: number } = {},
): StationSync {
  return startStationSync({
    bus: deps.bus,
    database: deps.database,
    durable: 'submissions-stations',
    logger,
    store: upsertStations,
    ...options,
  });
}
