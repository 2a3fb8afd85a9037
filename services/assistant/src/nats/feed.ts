import {
  consumeEvents,
  decodeEvent,
  HallError,
  type BusEvent,
  type EventConsumer,
  type Tx,
} from '@hall/platform';
import {
  DepartmentChangedSchema,
  ItemPublishedSchema,
  ItemWithdrawnSchema,
} from '@hall/proto/hall/catalog/v1/catalog_events_pb';
import {
  GetItemRequestSchema,
  GetItemResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import type { ItemVersion } from '@hall/proto/hall/catalog/v1/item_pb';
import {
  FaqPublishedSchema,
  FaqWithdrawnSchema,
} from '@hall/proto/hall/letters/v1/letters_events_pb';
import type { AssistantDeps } from '../domain/deps';
import {
  applyDepartment,
  indexFaq,
  indexItemVersion,
  withdrawFaq,
  withdrawItem,
} from '../domain/indexing';

/**
 * The events that feed the index, one durable consumer each (nats-server 2.9 filters a consumer
 * on one subject). Consumers run side by side; the index functions check versions and stream
 * sequences, so the outcome does not depend on which consumer gets to an item first.
 */
export const FEEDS = [
  { durable: 'assistant-item-published', domain: 'catalog', event: 'item_published' },
  { durable: 'assistant-item-withdrawn', domain: 'catalog', event: 'item_withdrawn' },
  { durable: 'assistant-department-changed', domain: 'catalog', event: 'department_changed' },
  { durable: 'assistant-faq-published', domain: 'letters', event: 'faq_published' },
  { durable: 'assistant-faq-withdrawn', domain: 'letters', event: 'faq_withdrawn' },
] as const;

type Feed = (typeof FEEDS)[number];

/** A published version of an item, from the catalog; null when the catalog no longer has it. */
export async function fetchItemVersion(
  deps: AssistantDeps,
  station: string,
  itemId: string,
  version: number,
): Promise<ItemVersion | null> {
  try {
    const reply = await deps.bus.request(
      'catalog',
      'get_item',
      GetItemRequestSchema,
      { station, itemId, version },
      GetItemResponseSchema,
    );
    return reply.item ?? null;
  } catch (err) {
    // Anything else (the catalog away, a timeout) fails the event, which is retried later.
    if (err instanceof HallError && err.status === 404) return null;
    throw err;
  }
}

function handlerOf(deps: AssistantDeps, feed: Feed): (event: BusEvent, tx: Tx) => Promise<void> {
  switch (feed.event) {
    case 'item_published':
      return async (event, tx) => {
        const summary = decodeEvent(event, ItemPublishedSchema).item;
        if (!summary) return;
        const version = await fetchItemVersion(
          deps,
          event.station,
          summary.itemId,
          summary.version,
        );
        if (!version) {
          deps.logger.warn(
            { eventId: event.id, itemId: summary.itemId, version: summary.version },
            'the catalog no longer has a published item version; not indexed',
          );
          return;
        }
        await indexItemVersion(tx, event.station, version);
      };
    case 'item_withdrawn':
      return async (event, tx) => {
        const message = decodeEvent(event, ItemWithdrawnSchema);
        await withdrawItem(tx, event.station, message.itemId, message.version);
      };
    case 'department_changed':
      return async (event, tx) => {
        const department = decodeEvent(event, DepartmentChangedSchema).department;
        if (department) await applyDepartment(tx, event.station, department, event.streamSequence);
      };
    case 'faq_published':
      return async (event, tx) => {
        const faq = decodeEvent(event, FaqPublishedSchema);
        await indexFaq(
          tx,
          event.station,
          {
            id: faq.faqId,
            question: faq.question,
            answer: faq.answer,
            departmentId: faq.departmentId ?? null,
            departmentName: faq.departmentName,
          },
          event.streamSequence,
        );
      };
    case 'faq_withdrawn':
      return async (event, tx) => {
        const message = decodeEvent(event, FaqWithdrawnSchema);
        await withdrawFaq(tx, event.station, message.faqId, event.streamSequence);
      };
  }
}

export interface IndexFeed {
  /** Start (or, after stop, restart) consuming. */
  start(): void;
  /** Stop consuming; the events being handled finish first. */
  stop(): Promise<void>;
  readonly consumers: readonly EventConsumer[];
}

/** The index's consumers of catalog and letters events. */
export function createIndexFeed(deps: AssistantDeps): IndexFeed {
  let running: EventConsumer[] = [];
  return {
    start() {
      if (running.length > 0) return;
      running = FEEDS.map((feed) =>
        consumeEvents({
          bus: deps.bus,
          database: deps.database,
          durable: feed.durable,
          filterSubject: deps.bus.subjects.domainEvents(feed.domain, feed.event),
          logger: deps.logger,
          handler: handlerOf(deps, feed),
        }),
      );
    },
    async stop() {
      const stopping = running;
      running = [];
      await Promise.all(stopping.map((c) => c.stop()));
    },
    get consumers() {
      return running;
    },
  };
}
