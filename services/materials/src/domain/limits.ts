import { HallError, isStationKey } from '@hall/platform';
import {
  GetItemRequestSchema,
  GetItemResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import { Collection } from '@hall/proto/hall/catalog/v1/item_pb';
import type { MaterialsDeps } from './deps';
import { allFileTypes, typeOfExtension, type FileType } from './file-types';
import { UUID } from './files';

const MIB = 1024 * 1024;

/** What one upload may be. */
export interface UploadLimits {
  maxBytes: number;
  /** Whose limit `maxBytes` is, for the message when a file exceeds it. */
  sizeSource: 'service' | 'material';
  types: FileType[];
  /** The material being uploaded for (its 材料名称), when the upload names one. */
  material: string | null;
}

export interface MaterialRef {
  station?: string | undefined;
  item?: string | undefined;
  version?: number | undefined;
  material?: string | undefined;
}

const fieldError = (field: string, code: string, message: string) =>
  HallError.validation([{ field, code, message }]);

/**
 * The service-wide limits, narrowed by an item material's `fileTypes` and `maxSizeMb` when the
 * upload names `station`, `item`, `version` and `material` (the version the application is
 * filled against, read through catalog.get_item).
 */
export async function uploadLimits(deps: MaterialsDeps, ref: MaterialRef): Promise<UploadLimits> {
  const serviceWide: UploadLimits = {
    maxBytes: deps.config.MATERIALS_MAX_FILE_BYTES,
    sizeSource: 'service',
    types: allFileTypes,
    material: null,
  };
  const given = (['station', 'item', 'version', 'material'] as const).filter(
    (k) => ref[k] !== undefined,
  );
  if (given.length === 0) return serviceWide;
  if (given.length < 4)
    throw HallError.validation(
      (['station', 'item', 'version', 'material'] as const)
        .filter((k) => ref[k] === undefined)
        .map((field) => ({
          field,
          code: 'material_ref.incomplete',
          message: '上传某项材料时须同时指明站点、事项、版本和材料',
        })),
    );
  const { station, item, version, material } = ref as Required<MaterialRef>;
  if (!isStationKey(station)) throw HallError.notFound('事项不存在');
  if (!UUID.test(item)) throw HallError.notFound('事项不存在');

  const reply = await deps.bus.request(
    'catalog',
    'get_item',
    GetItemRequestSchema,
    { station, itemId: item, version },
    GetItemResponseSchema,
  );
  const found = reply.item?.materials.find((m) => m.id === material);
  if (!found) throw fieldError('material', 'material.unknown', '该事项没有这项材料');
  if (found.collection !== Collection.UPLOAD)
    throw fieldError('material', 'material.not_upload', '该材料须到窗口提交，无需上传');

  const listed = new Set(
    found.fileTypes.map(typeOfExtension).filter((t): t is FileType => t !== null),
  );
  const types =
    found.fileTypes.length > 0 ? allFileTypes.filter((t) => listed.has(t)) : allFileTypes;
  const materialBytes = found.maxSizeMb > 0 ? found.maxSizeMb * MIB : Infinity;
  return materialBytes < serviceWide.maxBytes
    ? { maxBytes: materialBytes, sizeSource: 'material', types, material: found.name }
    : { ...serviceWide, types, material: found.name };
}
