import { enqueueAudit, HallError, type Actor, type HallApp } from '@hall/platform';
import type { FastifyRequest } from 'fastify';
import { accessibleFile, asActor, isHandlingStaff } from '../../domain/access';
import type { Owner } from '../../domain/deps';
import { deleteFromLibrary, fileInfo, renameFile, storedFile } from '../../domain/files';
import { uploadLimits } from '../../domain/limits';
import { createLink, verifyLink } from '../../domain/links';
import { contentDisposition, displayName } from '../../domain/names';
import { acceptUpload } from '../../domain/upload';
import {
  ContentQuery,
  DownloadLink,
  FileInfo,
  IdParams,
  RenameBody,
  UploadQuery,
} from '../schemas';

/**
 * Besides the file, a form may carry `name` and whatever fields the page posting it has (they are
 * ignored); each field is small, so all of them stay a few KiB.
 */
export const FORM_LIMITS = { files: 1, fields: 16, parts: 17, fieldSize: 1024 };

const linkInvalid = () => new HallError(403, 'link_invalid', '下载链接无效或已过期，请重新获取');

/**
 * Wait until the request body has been read to its end (or the client has gone), reading and
 * discarding whatever nobody else reads. An upload refused part-way is answered only then: a
 * client still sending when the answer arrives may never finish its request (Node's own client
 * stalls waiting for a drain), so the connection would hang instead of being reused.
 */
function drained(request: FastifyRequest): Promise<void> {
  const raw = request.raw;
  if (raw.complete || raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    raw.once('end', resolve);
    raw.once('close', resolve);
    // Not piped into the multipart parser (refused before reading): read it here.
    if (raw.readableFlowing !== true) raw.resume();
  });
}

function signedIn(request: FastifyRequest): Actor {
  if (!request.actor) throw HallError.unauthenticated();
  return request.actor;
}

/** The account a citizen, unit or staff member uploads as. */
function ownerOf(actor: Actor): Owner {
  if (actor.kind === 'operator') throw HallError.forbidden();
  return { kind: actor.kind, id: actor.id };
}

/** Upload, look at, rename, delete and download files. */
export default async function fileRoutes(app: HallApp) {
  const tags = ['files'];
  const deps = app.materials;

  app.post(
    '/files',
    {
      preHandler: [
        app.guard.signedIn,
        async (request) => {
          const actor = signedIn(request);
          const citizen = actor.kind === 'person' || actor.kind === 'unit';
          if (!citizen && !isHandlingStaff(actor)) throw HallError.forbidden();
        },
      ],
      schema: {
        tags,
        summary:
          '上传一个文件（multipart：文件字段 file，可选文本字段 name）；带 station、item、version、material 时按该材料的类型和大小要求检查',
        consumes: ['multipart/form-data'],
        querystring: UploadQuery,
        response: { 201: FileInfo },
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      try {
        if (!request.isMultipart())
          throw new HallError(415, 'unsupported_media_type', '请以 multipart/form-data 上传文件');
        const limits = await uploadLimits(deps, request.query);
        const info = await acceptUpload(deps, {
          actor,
          owner: ownerOf(actor),
          ip: request.ip,
          limits,
          parts: (fileSize) => request.parts({ limits: { fileSize, ...FORM_LIMITS } }),
        });
        return await reply.code(201).send(info);
      } catch (err) {
        await drained(request);
        throw err;
      }
    },
  );

  app.get(
    '/files/:id',
    {
      preHandler: app.guard.signedIn,
      schema: {
        tags,
        summary: '文件信息（本人、办件申请人或办理该办件站点的工作人员）',
        params: IdParams,
        response: { 200: FileInfo },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      const { file } = await asActor(deps, actor, (tx) =>
        accessibleFile(tx, actor, request.params.id),
      );
      return fileInfo(file);
    },
  );

  app.patch(
    '/files/:id',
    {
      preHandler: app.guard.signedIn,
      schema: {
        tags,
        summary: '重命名资料库中的文件（扩展名保持不变）',
        params: IdParams,
        body: RenameBody,
        response: { 200: FileInfo },
      },
    },
    async (request) => {
      const owner = ownerOf(signedIn(request));
      return deps.database.transaction((tx) =>
        renameFile(tx, owner, request.params.id, (type) => displayName(request.body.name, type)),
      );
    },
  );

  app.delete(
    '/files/:id',
    {
      preHandler: app.guard.signedIn,
      schema: {
        tags,
        summary: '从资料库删除（仍被办件使用的文件会保留以供办理）',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const owner = ownerOf(signedIn(request));
      await deps.database.transaction((tx) =>
        deleteFromLibrary(tx, owner, request.params.id, deps.now()),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/files/:id/links',
    {
      preHandler: app.guard.signedIn,
      schema: {
        tags,
        summary: '获取短时有效的下载链接；工作人员查看申请人材料会记入审计日志',
        params: IdParams,
        response: { 201: DownloadLink },
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      const link = await asActor(deps, actor, async (tx) => {
        const { file, access } = await accessibleFile(tx, actor, request.params.id);
        if (actor.kind === 'staff' && access.via === 'staff')
          await enqueueAudit(tx, deps.namespace, {
            domain: 'materials',
            station: access.station,
            actor,
            event: 'materials.file.viewed',
            target: { kind: 'file', id: file.id },
            ip: request.ip,
            details:
              access.caseKind === 'letter'
                ? { letterId: access.caseId }
                : { applicationId: access.caseId },
          });
        return createLink(
          deps.linkSecret,
          file.id,
          deps.now(),
          deps.config.MATERIALS_LINK_TTL_SECONDS,
        );
      });
      deps.afterCommit();
      return reply.code(201).send(link);
    },
  );

  app.get(
    '/files/:id/content',
    {
      schema: {
        tags,
        summary: '按下载链接下载文件内容（无需令牌；链接过期或被篡改时 403）',
        params: IdParams,
        querystring: ContentQuery,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { expires, signature, disposition } = request.query;
      if (!verifyLink(deps.linkSecret, id, expires, signature, deps.now())) throw linkInvalid();
      const file = await deps.database.transaction((tx) => storedFile(tx, id));
      if (!file) throw HallError.notFound('文件不存在或已删除');
      const content = await deps.storage.get(file.id);
      if (!content) {
        request.log.error({ fileId: file.id }, 'stored file has no blob');
        throw HallError.notFound('文件不存在或已删除');
      }
      return reply
        .header('content-type', file.mediaType)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(disposition ?? 'attachment', file.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('etag', `"${file.sha256}"`)
        .send(content);
    },
  );
}
