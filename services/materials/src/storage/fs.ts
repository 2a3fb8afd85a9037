import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkKey, type BlobStore } from './types';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** Bytes written between two requests to the disk to store what has arrived. */
const SYNC_EVERY_BYTES = 8 * 1024 * 1024;

/**
 * Writes `content` to a new file at `path` and returns once all of it is on disk (fsync), so a
 * file renamed into place survives a power cut. While the rest is still arriving, the disk is
 * asked to store what has arrived every SYNC_EVERY_BYTES (fdatasync, not waited for): the
 * final fsync then has the last few megabytes left to write, where a single fsync at the end
 * made the whole file wait for the disk after its last byte had arrived.
 */
async function writeDurably(path: string, content: Readable): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  let syncing: Promise<void> | null = null;
  let syncFailure: unknown = null;
  let unsynced = 0;
  const writeAll = async (chunk: Buffer) => {
    for (let at = 0; at < chunk.length;)
      at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
  };
  try {
    await pipeline(
      content,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          writeAll(chunk).then(() => {
            if (syncFailure) return done(syncFailure as Error);
            unsynced += chunk.length;
            if (unsynced >= SYNC_EVERY_BYTES && !syncing) {
              unsynced = 0;
              syncing = handle.datasync().then(
                () => {
                  syncing = null;
                },
                (err: unknown) => {
                  syncFailure ??= err;
                  syncing = null;
                },
              );
            }
            done();
          }, done);
        },
      }),
    );
    await syncing;
    if (syncFailure) throw syncFailure;
    await handle.sync();
  } finally {
    await syncing;
    await handle.close();
  }
}

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
        await writeDurably(temp, content);
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
