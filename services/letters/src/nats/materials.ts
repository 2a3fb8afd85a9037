import { HallError, type Bus } from '@hall/platform';
import {
  GetOwnedFilesRequestSchema,
  GetOwnedFilesResponseSchema,
} from '@hall/proto/hall/materials/v1/materials_rpc_pb';
import type { Attachment } from '../db/schema';

export function fileNotOwned(): HallError {
  return new HallError(422, 'file_not_owned', '所选附件不存在或不属于您，请重新选择', {
    errors: [{ field: 'fileIds', code: 'file.not_owned', message: '请从您的资料库中选择附件' }],
  });
}

/**
 * The writer's stored files with these ids, in the order given, through materials'
 * get_owned_files (an RPC: call it outside any transaction). Any id that is not such a file →
 * 422 `file_not_owned`; the materials service never says which one.
 */
export async function ownedAttachments(
  bus: Bus,
  owner: { kind: 'person' | 'unit'; id: string },
  fileIds: string[],
): Promise<Attachment[]> {
  const ids = [...new Set(fileIds)];
  if (ids.length === 0) return [];
  let files;
  try {
    ({ files } = await bus.request(
      'materials',
      'get_owned_files',
      GetOwnedFilesRequestSchema,
      { owner, fileIds: ids },
      GetOwnedFilesResponseSchema,
    ));
  } catch (err) {
    if (err instanceof HallError && err.status === 404) throw fileNotOwned();
    throw err;
  }
  const byId = new Map(files.map((f) => [f.id, f]));
  return ids.map((id) => {
    const file = byId.get(id);
    if (!file) throw fileNotOwned();
    return { fileId: id, name: file.name, size: Number(file.size), mediaType: file.mediaType };
  });
}
