import type { HallApp } from '@hall/platform';
import { publishFaq, stationFaqs, updateFaq, withdrawFaq } from '../../domain/faqs';
import {
  DESK_ROLES,
  letterQueue,
  revealContact,
  staffLetter,
  takeAction,
} from '../../domain/staff';
import {
  ContactView,
  StaffFaqView,
  StaffLetterSummary,
  StaffLetterView,
  pageOf,
} from '../../domain/view-schemas';
import { actionContext, revisionFrom, staffOf } from '../../plugins/letters';
import {
  ActionBody,
  ActionParams,
  FaqBody,
  StaffFaqQuery,
  StaffLetterQuery,
  StationIdParams,
  StationParams,
} from '../schemas';

/**
 * The console's letters desk: the station's queue, a letter (audited), the writer's contact
 * (audited), the actions, and the station's 常见问题. Staff of another station get 404; staff with
 * a department see that department's letters and FAQs only.
 */
export default async function adminRoutes(app: HallApp) {
  const tags = ['letters (staff)'];
  const deps = app.letters;
  const desk = app.guard.staff(DESK_ROLES, { stationParam: 'station' });

  app.get(
    '/admin/stations/:station/letters',
    {
      preHandler: desk,
      schema: {
        tags,
        summary: '信件办理：待答复的在前，按答复期限排序',
        params: StationParams,
        querystring: StaffLetterQuery,
        response: { 200: pageOf(StaffLetterSummary) },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      return deps.database.withStation(actor.station, (tx) =>
        letterQueue(tx, actor, request.query, deps.now()),
      );
    },
  );

  app.get(
    '/admin/stations/:station/letters/:id',
    {
      preHandler: desk,
      schema: {
        tags,
        summary: '信件详情（查看留痕）',
        params: StationIdParams,
        response: { 200: StaffLetterView },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request);
      const view = await staffLetter(
        deps,
        actionContext(deps, request, actor),
        actor,
        request.params.id,
      );
      return reply.header('etag', `"${view.revision}"`).send(view);
    },
  );

  app.post(
    '/admin/stations/:station/letters/:id/contact',
    {
      preHandler: desk,
      schema: {
        tags,
        summary: '查看来信人姓名和手机号码（留痕）',
        params: StationIdParams,
        response: { 200: ContactView },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      return revealContact(deps, actionContext(deps, request, actor), actor, request.params.id);
    },
  );

  app.post(
    '/admin/stations/:station/letters/:id/actions/:action',
    {
      preHandler: desk,
      schema: {
        tags,
        summary: '转办、答复、不予受理、跟进记录、办结（须带 If-Match）',
        params: ActionParams,
        body: ActionBody,
        response: { 200: StaffLetterView },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request);
      const view = await takeAction(
        deps,
        actionContext(deps, request, actor),
        actor,
        request.params.id,
        request.params.action,
        revisionFrom(request),
        request.body ?? {},
      );
      return reply.header('etag', `"${view.revision}"`).send(view);
    },
  );

  app.post(
    '/admin/stations/:station/letters/:id/faq',
    {
      preHandler: desk,
      schema: {
        tags,
        summary: '发布为常见问题（来信人同意公开且已答复）',
        params: StationIdParams,
        body: FaqBody,
        response: { 201: StaffFaqView },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request);
      const faq = await publishFaq(
        deps,
        actionContext(deps, request, actor),
        actor,
        request.params.id,
        request.body,
      );
      return reply.code(201).send(faq);
    },
  );

  app.get(
    '/admin/stations/:station/faqs',
    {
      preHandler: desk,
      schema: {
        tags,
        summary: '本站点的常见问题（已发布和已撤回）',
        params: StationParams,
        querystring: StaffFaqQuery,
        response: { 200: pageOf(StaffFaqView) },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      return deps.database.withStation(actor.station, (tx) =>
        stationFaqs(tx, actor, request.query),
      );
    },
  );

  app.patch(
    '/admin/stations/:station/faqs/:id',
    {
      preHandler: desk,
      schema: {
        tags,
        summary: '修改常见问题',
        params: StationIdParams,
        body: FaqBody,
        response: { 200: StaffFaqView },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      return updateFaq(
        deps,
        actionContext(deps, request, actor),
        actor,
        request.params.id,
        request.body,
      );
    },
  );

  app.delete(
    '/admin/stations/:station/faqs/:id',
    {
      preHandler: desk,
      schema: {
        tags,
        summary: '撤回常见问题',
        params: StationIdParams,
        response: { 200: StaffFaqView },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      return withdrawFaq(deps, actionContext(deps, request, actor), actor, request.params.id);
    },
  );
}
