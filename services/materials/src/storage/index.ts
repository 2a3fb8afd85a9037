import type { Bus } from '@hall/platform';
import type { MaterialsConfig } from '../config';
import { openFsStore } from './fs';
import { openObjectStore } from './objectstore';
import type { BlobStore } from './types';

export type { BlobStore } from './types';
export { openFsStore, openObjectStore };

/** The backend the configuration names. */
export function openStorage(config: MaterialsConfig, bus: Bus): Promise<BlobStore> {
  return config.MATERIALS_STORAGE === 'objectstore'
    ? openObjectStore({
        nc: bus.nc,
        jsm: bus.jsm,
        bucket: config.MATERIALS_BUCKET,
        replicas: config.MATERIALS_BUCKET_REPLICAS,
      })
    : openFsStore(config.MATERIALS_STORAGE_DIR);
}
