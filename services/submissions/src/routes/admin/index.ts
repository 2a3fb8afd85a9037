import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { listFollowUps, respondFollowUp } from '../../domain/evaluations';
import { READER_ROLES } from '../../domain/machine';
import {
  staffApplication,
  takeAction,
  worklist,
  type ActionBody as Body,
} from '../../domain/staff';
import { ApplicationView, FollowUpView, WorkItemView } from '../../domain/view-schemas';
import { actionContext, revisionFrom, staffOf, withEtag } from '../../plugins/submissions';
import {
  ActionBody,
  ActionParams,
  Page,
  StationIdParams,
  StationParams,
  WorklistQuery,
} from '../schemas';

const QueueCounts = Type.Object({
  prereview: Type.Integer(),
  accept: Type.Integer(),
  supplement: Type.Integer(),
  complete: Type.Integer(),
  finished: Type.Integer(),
  all: Type.Integer(),
});

/**
 * The console's side: the station's worklist, the detail with full personal data (audited),
 * decisions, and the follow-up of 差评. Staff of another station get 404; staff with a
 * department see that department's applications only.
 */
export default async function adminRoutes(app: HallApp) {
  const tags = ['applications (staff)'];
  const deps = app.submissions;
  const readers = app.guard.staff(READER_ROLES, { stationParam: 'station' });

  app.get(
    '/admin/stations/:station/applications',
    {
      preHandler: readers,
      schema: {
        tags,
        summary: '办件工作台：按队列、检索条件列出，超期优先',
        params: StationParams,
        querystring: WorklistQuery,
        response: {
          200: Type.Object({
            items: Type.Array(WorkItemView),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            counts: QueueCounts,
            overdueCount: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      return deps.database.withStation(actor.station, (tx) =>
        worklist(tx, deps, actor, request.query),
      );
    },
  );

  app.get(
    '/admin/stations/:station/applications/:id',
    {
      preHandler: readers,
      schema: {
        tags,
        summary: '办件详情（含完整个人信息；查看留痕）',
        params: StationIdParams,
        response: { 200: ApplicationView },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request);
      const ctx = actionContext(deps, request, actor.station);
      return withEtag(reply, await staffApplication(deps, ctx, actor, request.params.id));
    },
  );

  app.post(
    '/admin/stations/:station/applications/:id/actions/:action',
    {
      preHandler: readers,
      schema: {
        tags,
        summary: '办理：预审、补齐补正、受理、不予受理、驳回、办结',
        params: ActionParams,
        body: ActionBody,
        response: { 200: ApplicationView },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request);
      const ctx = actionContext(deps, request, actor.station);
      const view = await takeAction(
        deps,
        ctx,
        actor,
        request.params.id,
        request.params.action,
        revisionFrom(request),
        (request.body ?? {}) as Body,
      );
      return withEtag(reply, view);
    },
  );

  app.get(
    '/admin/stations/:station/follow-ups',
    {
      preHandler: readers,
      schema: {
        tags,
        summary: '差评回访任务',
        params: StationParams,
        querystring: Type.Object({
          state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('responded')])),
          ...Page,
        }),
        response: {
          200: Type.Object({
            items: Type.Array(FollowUpView),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      return deps.database.withStation(actor.station, (tx) =>
        listFollowUps(tx, actor, request.query),
      );
    },
  );

  app.post(
    '/admin/stations/:station/follow-ups/:id',
    {
      preHandler: readers,
      schema: {
        tags,
        summary: '回复差评（整改情况）',
        params: StationIdParams,
        body: Type.Object(
          { response: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: FollowUpView },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      const ctx = actionContext(deps, request, actor.station);
      return respondFollowUp(deps, ctx, actor, request.params.id, request.body.response);
    },
  );
}
