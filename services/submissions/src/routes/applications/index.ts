import { HallError, type HallApp } from '@hall/platform';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { stateConflict, withOwnApplication } from '../../domain/access';
import {
  createDraft,
  deleteDraft,
  getOwnApplication,
  listOwnApplications,
  reapply,
  saveDraft,
  type DraftPatch,
} from '../../domain/drafts';
import { evaluate } from '../../domain/evaluations';
import { READER_ROLES } from '../../domain/machine';
import { buildReceipt, receiptPdf, receiptView } from '../../domain/receipt';
import { staffRow } from '../../domain/staff';
import { resubmitApplication, submitApplication, type SubmitResult } from '../../domain/submit';
import type { Viewer } from '../../domain/view';
import {
  ApplicationListItemView,
  ApplicationView,
  EvaluationView,
  ReceiptView,
  SubmittedReceipt,
} from '../../domain/view-schemas';
import { applicantOf, revisionFrom, withEtag } from '../../plugins/submissions';
import {
  DraftPatchBody,
  EvaluationBody,
  IdParams,
  Page,
  StateParam,
  StationKey,
  StationParams,
  Uuid,
} from '../schemas';

/** 在线申报 and 我的办件: the citizen's own applications (another's answer 404). */
export default async function applicationRoutes(app: HallApp) {
  const tags = ['applications'];
  const deps = app.submissions;
  const citizen = app.guard.citizen;

  app.post(
    '/stations/:station/applications',
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: '在线申报：按事项当前发布版本新建草稿',
        params: StationParams,
        body: Type.Object({ itemId: Uuid }, { additionalProperties: false }),
        response: { 201: ApplicationView },
      },
    },
    async (request, reply) => {
      const view = await createDraft(
        deps,
        applicantOf(request),
        request.params.station,
        request.body.itemId,
      );
      return reply.code(201).send(withEtag(reply, view));
    },
  );

  app.get(
    '/applications',
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: '我的办件（全部站点）',
        querystring: Type.Object({
          state: Type.Optional(StateParam),
          station: Type.Optional(StationKey),
          q: Type.Optional(Type.String({ maxLength: 50, description: '事项名称或申办流水号' })),
          ...Page,
        }),
        response: {
          200: Type.Object({
            items: Type.Array(ApplicationListItemView),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
        },
      },
    },
    async (request) => listOwnApplications(deps, applicantOf(request), request.query),
  );

  app.get(
    '/applications/:id',
    {
      preHandler: citizen,
      schema: { tags, summary: '办件详情', params: IdParams, response: { 200: ApplicationView } },
    },
    async (request, reply) =>
      withEtag(reply, await getOwnApplication(deps, applicantOf(request), request.params.id)),
  );

  app.patch(
    '/applications/:id',
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: '暂存：保存所填内容（草稿；补齐补正时仅限要求补正的部分）',
        params: IdParams,
        body: DraftPatchBody,
        response: { 200: ApplicationView },
      },
    },
    async (request, reply) => {
      const view = await saveDraft(
        deps,
        applicantOf(request),
        request.params.id,
        revisionFrom(request),
        request.body as DraftPatch,
      );
      return withEtag(reply, view);
    },
  );

  app.delete(
    '/applications/:id',
    {
      preHandler: citizen,
      schema: { tags, summary: '删除暂存的办件', params: IdParams },
    },
    async (request, reply) => {
      await deleteDraft(deps, applicantOf(request), request.params.id, revisionFrom(request));
      return reply.code(204).send();
    },
  );

  /** The receipt's facts of a (re)submission (the same for a repeated request), from what it read. */
  const receiptOf = async (submission: Promise<SubmitResult>) => {
    const { row, item, station, plain } = await submission;
    return buildReceipt(deps, row, item, station, { kind: 'applicant' }, plain);
  };

  app.post(
    '/applications/:id/submit',
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: '提交申报（重复提交返回同一申报告知单；二维码见 GET …/receipt）',
        params: IdParams,
        response: { 200: SubmittedReceipt },
      },
    },
    async (request) =>
      receiptOf(
        submitApplication(deps, applicantOf(request), request.params.id, revisionFrom(request)),
      ),
  );

  app.post(
    '/applications/:id/resubmit',
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: '补齐补正后提交',
        params: IdParams,
        response: { 200: SubmittedReceipt },
      },
    },
    async (request) =>
      receiptOf(
        resubmitApplication(deps, applicantOf(request), request.params.id, revisionFrom(request)),
      ),
  );

  app.post(
    '/applications/:id/reapply',
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: '重新申报（已驳回的办件）',
        params: IdParams,
        response: { 200: ApplicationView, 201: ApplicationView },
      },
    },
    async (request, reply) => {
      const { created, view } = await reapply(deps, applicantOf(request), request.params.id);
      return reply.code(created ? 201 : 200).send(withEtag(reply, view));
    },
  );

  app.post(
    '/applications/:id/evaluation',
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: '好差评（办结后，一事一评）',
        params: IdParams,
        body: EvaluationBody,
        response: { 201: EvaluationView },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await evaluate(deps, applicantOf(request), request.params.id, request.body)),
  );

  /** The receipt for its applicant, or for staff of the handling station (no password). */
  const loadReceipt = async (request: FastifyRequest, id: string) => {
    const actor = request.actor;
    if (actor?.kind === 'person' || actor?.kind === 'unit') {
      return withOwnApplication(deps.database, actor, id, {}, async (tx, row) => {
        if (row.state === 'draft') throw stateConflict('办件尚未提交，没有申报告知单');
        return receiptView(tx, deps, row, { kind: 'applicant' });
      });
    }
    if (actor?.kind === 'staff' && READER_ROLES.some((r) => actor.roles.includes(r))) {
      const viewer: Viewer = { kind: 'staff', actor };
      return deps.database.withStation(actor.station, async (tx) =>
        receiptView(tx, deps, await staffRow(tx, actor, id), viewer),
      );
    }
    throw HallError.forbidden();
  };

  app.get(
    '/applications/:id/receipt',
    {
      preHandler: app.guard.signedIn,
      schema: {
        tags,
        summary: '申报告知单',
        params: IdParams,
        response: { 200: ReceiptView },
      },
    },
    async (request) => loadReceipt(request, request.params.id),
  );

  app.get(
    '/applications/:id/receipt.pdf',
    {
      preHandler: app.guard.signedIn,
      schema: { tags, summary: '申报告知单（PDF，A4）', params: IdParams },
    },
    async (request, reply) => {
      const receipt = await loadReceipt(request, request.params.id);
      const pdf = await receiptPdf(receipt, deps.config);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `inline; filename="receipt-${receipt.serial}.pdf"; filename*=UTF-8''${encodeURIComponent(`申报告知单-${receipt.serial}.pdf`)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );
}
