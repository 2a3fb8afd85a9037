import { HallError, type Bus, type RpcServer } from '@hall/platform';
import {
  ListPublishedFaqsRequestSchema,
  ListPublishedFaqsResponseSchema,
} from '@hall/proto/hall/letters/v1/letters_rpc_pb';
import type { LettersDeps } from '../domain/deps';
import { faqPublishedMessage } from '../domain/events';
import { publishedFaqsPage } from '../domain/faqs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The letters service's request/reply endpoints: read models resynchronise the public FAQs. */
export function serveLettersRpc(bus: Bus, deps: LettersDeps): RpcServer[] {
  return [
    bus.serve(
      'letters',
      'list_published_faqs',
      ListPublishedFaqsRequestSchema,
      ListPublishedFaqsResponseSchema,
      async (req) => {
        if (req.afterFaqId && !UUID.test(req.afterFaqId))
          throw HallError.validation([
            { field: 'after_faq_id', code: 'format', message: '不是有效的编号' },
          ]);
        const limit = req.limit === 0 ? 500 : Math.min(Math.max(req.limit, 1), 1000);
        const page = await deps.database.withStation(req.station, (tx) =>
          publishedFaqsPage(tx, req.station, req.afterFaqId, limit),
        );
        return { faqs: page.rows.map(faqPublishedMessage), more: page.more };
      },
    ),
  ];
}
