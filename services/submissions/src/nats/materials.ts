import { timestampDate } from '@bufbuild/protobuf/wkt';
import { HallError, type Bus } from '@hall/platform';
import {
  GetOwnedFilesRequestSchema,
  GetOwnedFilesResponseSchema,
} from '@hall/proto/hall/materials/v1/materials_rpc_pb';
import type { FileSnapshot } from '../domain/model';

export function materialNotFound(): HallError {
  return new HallError(404, 'material_not_found', '所选材料文件不存在或不属于您，请重新选择');
}

/**
 * The stored files of `owner` with these ids, through materials' get_owned_files (an RPC: call
 * it outside any transaction). Any id that is not such a file → 404 `material_not_found`; the
 * materials service never says which one.
 */
export async function ownedFiles(
  bus: Bus,
  owner: { kind: 'person' | 'unit' | 'staff'; id: string },
  fileIds: string[],
): Promise<Map<string, FileSnapshot>> {
  const ids = [...new Set(fileIds)];
  if (ids.length === 0) return new Map();
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
    if (err instanceof HallError && err.status === 404) throw materialNotFound();
    throw err;
  }
  const found = new Map<string, FileSnapshot>(
    files.map((f) => [
      f.id,
      {
        id: f.id,
        name: f.name,
        extension: f.extension.toLowerCase(),
        mediaType: f.mediaType,
        size: Number(f.size),
        sha256: f.sha256,
        uploadedAt: f.uploadedAt ? timestampDate(f.uploadedAt).toISOString() : null,
      },
    ]),
  );
  if (ids.some((id) => !found.has(id))) throw materialNotFound();
  return found;
}
