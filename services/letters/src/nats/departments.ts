import { consumeEvents, decodeEvent, type EventConsumer } from '@hall/platform';
import { DepartmentChangedSchema } from '@hall/proto/hall/catalog/v1/catalog_events_pb';
import type { LettersDeps } from '../domain/deps';
import { storeDepartment } from '../domain/departments';

/** The departments read model from the catalog's department_changed events. */
export function consumeDepartments(deps: LettersDeps): EventConsumer {
  return consumeEvents({
    bus: deps.bus,
    database: deps.database,
    durable: 'letters-departments',
    filterSubject: deps.bus.subjects.domainEvents('catalog', 'department_changed'),
    scope: 'station',
    logger: deps.logger,
    handler: async (event, tx) => {
      const { department } = decodeEvent(event, DepartmentChangedSchema);
      if (!department || department.station !== event.station) {
        deps.logger.error(
          { eventId: event.id, station: event.station },
          'department_changed without a department of its station; ignored',
        );
        return;
      }
      await storeDepartment(tx, department, event.occurredAt);
    },
  });
}
