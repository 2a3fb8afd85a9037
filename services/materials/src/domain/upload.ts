import { pipeline } from 'node:stream';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { enqueueAudit, HallError, type Actor, type Tx } from '@hall/platform';
import { v7 as uuidv7 } from 'uuid';
import type { MaterialsDeps, Owner } from './deps';
import { extensionOf, fileTypes, typeList, typeOfExtension, type FileType } from './file-types';
import {
  deletePending,
  fileInfo,
  insertPending,
  lockOwner,
  markStored,
  usedBytes,
  type FileInfo,
} from './files';
import type { UploadLimits } from './limits';
import { displayName, sizeText, uploadedName } from './names';
import { Inspector } from './sniff';

/** Types stored as ZIP containers: their head alone cannot tell them apart. */
const zipTypes: ReadonlySet<FileType> = new Set(['ofd', 'docx', 'xlsx']);

// Refusals. Messages may name the file: they go to the uploader only, never to the log (the
// error handler logs a refusal's code and status alone).

function typeNotAllowed(name: string, limits: UploadLimits): HallError {
  const what = limits.material ? `“${limits.material}”` : '';
  const message =
    limits.types.length > 0
      ? `“${name}”的文件类型不允许上传，${what}仅接受 ${typeList(limits.types)} 文件`
      : `${what}不接受本地上传的文件类型，请咨询办理部门`;
  return new HallError(415, 'file_type_not_allowed', '文件类型不允许', {
    errors: [{ field: 'file', code: 'file.type_not_allowed', message }],
  });
}

function typeMismatch(name: string, claimed: FileType, actual: FileType | null): HallError {
  const content = actual
    ? `实际是 ${fileTypes[actual].label}`
    : `不是有效的 ${fileTypes[claimed].label}`;
  return new HallError(422, 'file_type_mismatch', '文件内容与文件类型不符', {
    errors: [
      {
        field: 'file',
        code: 'file.type_mismatch',
        message: `文件“${name}”的内容${content}，与扩展名不符，请检查后重新上传`,
      },
    ],
  });
}

function tooLarge(name: string, limits: UploadLimits): HallError {
  const whose = limits.sizeSource === 'material' ? `“${limits.material}”每个文件` : '单个文件';
  return new HallError(413, 'file_too_large', '文件过大', {
    errors: [
      {
        field: 'file',
        code: 'file.too_large',
        message: `文件“${name}”过大：${whose}不能超过 ${sizeText(limits.maxBytes)}`,
      },
    ],
  });
}

function quotaExceeded(quota: number): HallError {
  return new HallError(413, 'quota_exceeded', '资料库空间不足', {
    errors: [
      {
        field: 'file',
        code: 'file.quota_exceeded',
        message: `资料库空间已满（上限 ${sizeText(quota)}），请先删除不再使用的文件`,
      },
    ],
  });
}

const uploadExpired = () =>
  new HallError(408, 'upload_expired', '上传超时，请重新上传', {
    errors: [{ field: 'file', code: 'file.expired', message: '上传时间过长，请重新上传' }],
  });

const fileError = (code: string, message: string) =>
  HallError.validation([{ field: 'file', code, message }]);

/** An upload streamed into storage, its pending row not yet stored. */
interface Received {
  id: string;
  name: string;
  type: FileType;
  size: number;
  sha256: string;
}

/** Remove what a failed upload left: the blob, then its pending row (kept for the sweep when the blob could not be removed). */
async function discard(deps: MaterialsDeps, id: string): Promise<void> {
  try {
    await deps.storage.delete(id);
  } catch (err) {
    deps.logger.warn({ err, fileId: id }, 'could not remove a failed upload; the sweep will');
    return;
  }
  await deps.database.transaction((tx) => deletePending(tx, id));
}

/**
 * Stream one file part into storage through the inspector. The name's extension is checked
 * first (nothing is read when it is not allowed); the content must then be what the name
 * claims; `maxBytes` is busboy's limit for this part, so a larger file stops being stored there.
 */
async function receive(
  deps: MaterialsDeps,
  owner: Owner,
  part: MultipartFile,
  limits: UploadLimits,
  budget: { maxBytes: number; quota: number | null },
): Promise<Received> {
  const name = uploadedName(part.filename);
  const claimed = typeOfExtension(extensionOf(name));
  if (!name || !claimed || !limits.types.includes(claimed)) {
    part.file.resume();
    throw typeNotAllowed(name || '未命名文件', limits);
  }

  const id = uuidv7();
  await deps.database.transaction((tx) =>
    insertPending(tx, owner, { id, name, extension: claimed, now: deps.now() }),
  );
  try {
    const inspector = new Inspector((family) =>
      zipTypes.has(claimed) ? family === 'zip' : family === claimed,
    );
    // Errors of the part (the client went away) destroy the inspector, which fails the put.
    pipeline(part.file, inspector, () => {});
    await deps.storage.put(id, inspector);
    const { size, sha256, type } = inspector.inspection();
    if (part.file.truncated) {
      if (budget.quota !== null && budget.maxBytes < limits.maxBytes)
        throw quotaExceeded(budget.quota);
      throw tooLarge(name, limits);
    }
    if (size === 0) throw fileError('file.empty', `文件“${name}”是空文件`);
    if (type !== claimed) throw typeMismatch(name, claimed, type);
    return { id, name, type, size, sha256 };
  } catch (err) {
    await discard(deps, id);
    throw err;
  }
}

/** busboy's limits, raised by the parts iterator: too many fields or parts. */
const formLimitCodes = new Set(['FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT']);

export interface UploadInput {
  actor: Actor;
  owner: Owner;
  ip: string | null;
  limits: UploadLimits;
  /** The request's multipart parts, with busboy limiting each file to `fileSize` bytes. */
  parts: (fileSize: number) => AsyncIterable<Multipart>;
}

/**
 * Take one uploaded file: stream it to storage (counted, hashed, sniffed; never held in memory),
 * then, under the owner's lock, check the quota and mark it stored. Every refusal leaves nothing
 * behind. Staff uploads (result materials) have no quota and are audited.
 */
export async function acceptUpload(deps: MaterialsDeps, input: UploadInput): Promise<FileInfo> {
  const { owner, actor, limits } = input;
  const quota = owner.kind === 'staff' ? null : deps.config.MATERIALS_QUOTA_BYTES;
  let maxBytes = limits.maxBytes;
  if (quota !== null) {
    const used = await deps.database.transaction((tx) => usedBytes(tx, owner));
    if (used >= quota) throw quotaExceeded(quota);
    maxBytes = Math.min(maxBytes, quota - used);
  }

  let received: Received | null = null;
  try {
    let nameField: string | null = null;
    try {
      for await (const part of input.parts(maxBytes)) {
        if (part.type === 'field') {
          if (part.fieldname === 'name' && String(part.value).trim() !== '') {
            if (part.valueTruncated)
              throw HallError.validation([
                { field: 'name', code: 'name.too_long', message: '文件名称过长' },
              ]);
            nameField = String(part.value);
          }
          continue;
        }
        if (part.fieldname !== 'file' || received) {
          part.file.resume();
          throw fileError('file.unexpected', '一次只能上传一个文件（字段名 file）');
        }
        received = await receive(deps, owner, part, limits, { maxBytes, quota });
      }
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code === 'FST_FILES_LIMIT')
        throw fileError('file.unexpected', '一次只能上传一个文件（字段名 file）');
      if (formLimitCodes.has(code))
        throw HallError.validation([
          {
            field: 'form',
            code: 'form.too_many_parts',
            message: '表单内容过多，请只提交文件和名称',
          },
        ]);
      throw err;
    }
    if (!received) throw fileError('file.missing', '请选择要上传的文件');

    const upload = received;
    const name = displayName(nameField ?? upload.name, upload.type);
    const commit = async (tx: Tx) => {
      await lockOwner(tx, owner);
      if (quota !== null && (await usedBytes(tx, owner)) + upload.size > quota)
        throw quotaExceeded(quota);
      const row = await markStored(tx, upload.id, {
        name,
        type: upload.type,
        mediaType: fileTypes[upload.type].mediaType,
        size: upload.size,
        sha256: upload.sha256,
        now: deps.now(),
      });
      if (!row) throw uploadExpired();
      if (actor.kind === 'staff')
        await enqueueAudit(tx, deps.namespace, {
          domain: 'materials',
          station: actor.station,
          actor,
          event: 'materials.file.uploaded',
          target: { kind: 'file', id: row.id },
          ip: input.ip,
          details: { size: row.size, extension: row.extension },
        });
      return row;
    };
    const row =
      actor.kind === 'staff'
        ? await deps.database.withStation(actor.station, commit)
        : await deps.database.transaction(commit);
    received = null;
    deps.afterCommit();
    return fileInfo(row);
  } catch (err) {
    if (received) await discard(deps, received.id);
    throw err;
  }
}
