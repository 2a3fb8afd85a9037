import { startStationSync, type StationSync } from '@hall/platform';
import type { AssistantDeps } from '../domain/deps';
import { upsertStations } from '../domain/stations';

/** The stations read model (names, enabled), kept in step with identity. */
export function startAssistantStationSync(
  deps: AssistantDeps,
  options: { retryMs?: number; maxRetryMs?: number } = {},
): StationSync {
  return startStationSync({
    bus: deps.bus,
    database: deps.database,
    durable: 'assistant-stations',
    logger: deps.logger,
    store: upsertStations,
    ...options,
  });
}
