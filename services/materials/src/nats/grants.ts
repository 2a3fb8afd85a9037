import { consumeEvents, decodeEvent, type EventConsumer } from '@hall/platform';
import { LetterReceivedSchema } from '@hall/proto/hall/letters/v1/letters_events_pb';
import { FilesAttachedSchema } from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import type { MaterialsDeps } from '../domain/deps';
import { applyFilesAttached, applyLetterReceived } from '../domain/grants';

/**
 * Grants from submissions' FilesAttached events (durable `materials-grants`): each event once in
 * effect, in a transaction acting for the event's station.
 */
export function consumeFileGrants(deps: MaterialsDeps): EventConsumer {
  return consumeEvents({
    bus: deps.bus,
    database: deps.database,
    durable: 'materials-grants',
    filterSubject: deps.bus.subjects.domainEvents('submissions', 'files_attached'),
    scope: 'station',
    logger: deps.logger,
    handler: async (event, tx) => {
      await applyFilesAttached(
        tx,
        event.station,
        decodeEvent(event, FilesAttachedSchema),
        deps.logger,
      );
    },
  });
}

/**
 * Grants from the letters service's LetterReceived events (durable `materials-letter-grants`:
 * a second consumer, since nats-server 2.9 has no consumer with several filter subjects).
 */
export function consumeLetterGrants(deps: MaterialsDeps): EventConsumer {
  return consumeEvents({
    bus: deps.bus,
    database: deps.database,
    durable: 'materials-letter-grants',
    filterSubject: deps.bus.subjects.domainEvents('letters', 'letter_received'),
    scope: 'station',
    logger: deps.logger,
    handler: async (event, tx) => {
      await applyLetterReceived(
        tx,
        event.station,
        decodeEvent(event, LetterReceivedSchema),
        deps.logger,
      );
    },
  });
}
