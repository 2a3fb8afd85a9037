import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkKey, type BlobStore } from './types';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Files in a folder (shared by every replica, e.g. a network volume):
 * `objects/<last two characters of the key>/<key>`. A put writes `tmp/<key>.<random>`, fsyncs and
 * renames it into place, so a reader never sees half a file and a crash leaves only a temp file.
 */
export async function openFsStore(dir: string): Promise<BlobStore> {
  const objects = join(dir, 'objects');
  const tmp = join(dir, 'tmp');
  await mkdir(objects, { recursive: true });
  await mkdir(tmp, { recursive: true });
  // UUIDv7 keys start with the time: their end spreads them over the sub-folders.
  const folderOf = (key: string) => join(objects, checkKey(key).slice(-2));
  const pathOf = (key: string) => join(folderOf(key), key);

  return {
    kind: 'fs',

    async put(key, content) {
      const target = pathOf(key);
      const temp = join(tmp, `${key}.${randomBytes(6).toString('hex')}`);
      try {
        // flush: fsync before close, so a file renamed into place survives a power cut.
        await pipeline(content, createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true }));
        await mkdir(folderOf(key), { recursive: true });
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },

    async get(key) {
      try {
        const handle = await open(pathOf(key), 'r');
        return handle.createReadStream();
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
    },

    async sweep(olderThan) {
      let removed = 0;
      for (const name of await readdir(tmp)) {
        const path = join(tmp, name);
        try {
          if ((await stat(path)).mtime < olderThan) {
            await rm(path, { force: true });
            removed++;
          }
        } catch (err) {
          // Renamed into place or removed by its own put meanwhile.
          if (!isMissing(err)) throw err;
        }
      }
      return removed;
    },
  } satisfies BlobStore;
}
