import { consumeEvents, type BusLogger, type EventConsumer } from '@hall/platform';
import { applyAnnouncement } from '../domain/announcement-store';
import { announcementOf } from '../domain/announcements';
import type { PublicityDeps } from '../domain/deps';

export const ANNOUNCEMENTS_DURABLE = 'publicity-announcements';

/**
 * 办件公告 and the statistics, from submissions' events: a durable consumer that resumes where it
 * stopped (after an outage it works through what it missed, then keeps up as events arrive: the
 * pull is answered as soon as an event is stored, no polling interval). Each event is applied in
 * the transaction that records it as processed, acting for its station.
 */
export function startAnnouncementConsumer(deps: PublicityDeps, logger: BusLogger): EventConsumer {
  return consumeEvents({
    bus: deps.bus,
    database: deps.database,
    durable: ANNOUNCEMENTS_DURABLE,
    filterSubject: deps.bus.subjects.domainEvents('submissions'),
    logger,
    handler: async (event, tx) => {
      const row = announcementOf(event);
      if (!row) return;
      if (row.station !== event.station) {
        // A station's events may only speak of that station's applications.
        logger.error(
          { eventId: event.id, station: event.station, type: event.type },
          'submissions event names an application of another station; ignored',
        );
        return;
      }
      await applyAnnouncement(tx, row);
    },
    afterCommit: (event) => deps.publicChanged(event.station),
  });
}
