import type { HallApp } from '@hall/platform';
import { publishedFaq, publishedFaqs } from '../../domain/faqs';
import { FaqView, pageOf } from '../../domain/view-schemas';
import { FaqQuery, StationIdParams, StationParams } from '../schemas';

/** 常见问题: a station's published questions and answers. */
export default async function faqRoutes(app: HallApp) {
  const tags = ['faqs'];
  const deps = app.letters;

  app.get(
    '/stations/:station/faqs',
    {
      schema: {
        tags,
        summary: '常见问题（已发布）',
        params: StationParams,
        querystring: FaqQuery,
        response: { 200: pageOf(FaqView) },
      },
    },
    async (request) => publishedFaqs(deps, request.params.station, request.query),
  );

  app.get(
    '/stations/:station/faqs/:id',
    {
      schema: {
        tags,
        summary: '常见问题详情',
        params: StationIdParams,
        response: { 200: FaqView },
      },
    },
    async (request) => publishedFaq(deps, request.params.station, request.params.id),
  );
}
