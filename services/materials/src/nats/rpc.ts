import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { HallError, type RpcServer } from '@hall/platform';
import {
  GetOwnedFilesRequestSchema,
  GetOwnedFilesResponseSchema,
} from '@hall/proto/hall/materials/v1/materials_rpc_pb';
import { ownerKinds, type OwnerKind } from '../db/schema';
import type { MaterialsDeps } from '../domain/deps';
import { ownedFiles, UUID } from '../domain/files';

/** The materials service's request/reply endpoints. */
export function serveMaterialsRpc(deps: MaterialsDeps): RpcServer[] {
  return [
    deps.bus.serve(
      'materials',
      'get_owned_files',
      GetOwnedFilesRequestSchema,
      GetOwnedFilesResponseSchema,
      async (req) => {
        const owner = req.owner;
        if (
          !owner ||
          !(ownerKinds as readonly string[]).includes(owner.kind) ||
          !UUID.test(owner.id)
        )
          throw HallError.notFound('材料文件不存在');
        const rows = await deps.database.transaction((tx) =>
          ownedFiles(tx, { kind: owner.kind as OwnerKind, id: owner.id }, req.fileIds),
        );
        return {
          files: rows.map((row) => ({
            id: row.id,
            name: row.name,
            mediaType: row.mediaType ?? '',
            extension: row.extension,
            size: BigInt(row.size),
            sha256: row.sha256 ?? '',
            uploadedAt: timestampFromDate(row.uploadedAt ?? row.createdAt),
          })),
        };
      },
    ),
  ];
}
