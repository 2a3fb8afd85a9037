import type { Readable } from 'node:stream';

/**
 * Where the bytes of files live, under a key (the file id). Both backends pass the same contract
 * test (test/storage/contract.test.ts).
 */
export interface BlobStore {
  readonly kind: 'fs' | 'objectstore';
  /**
   * Store `content` under `key`, streaming. All or nothing: when `content` fails or the write
   * does, the promise rejects and nothing is left under `key` (leftovers of a crash are what
   * `sweep` removes).
   */
  put(key: string, content: Readable): Promise<void>;
  /** The content, streaming; null when there is nothing under `key`. */
  get(key: string): Promise<Readable | null>;
  /** Remove `key`; nothing there is fine. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Remove leftovers of interrupted puts last written before `olderThan`; returns how many. */
  sweep(olderThan: Date): Promise<number>;
}

/** Keys are file ids; anything else could escape the storage folder or the bucket's subjects. */
const KEY = /^[A-Za-z0-9_-]{1,128}$/;

export function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid storage key '${key}'`);
  return key;
}
