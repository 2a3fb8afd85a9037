import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { Objm, StorageType, type ObjectInfo } from '@nats-io/obj';
import type { Bus } from '@hall/platform';
import { checkKey, type BlobStore } from './types';

export interface ObjectStoreOptions {
  nc: Bus['nc'];
  jsm: JetStreamManager;
  bucket: string;
  replicas: number;
}

/**
 * A JetStream object store bucket on the service's NATS connection. Writes go through
 * `@nats-io/obj` (chunked, SHA-256 digest, chunks purged when a put fails). Reads do not use its
 * `get`, which pushes every chunk into an unbounded web stream however slowly the client reads:
 * they fetch one chunk per `read()` with a direct get (`next_by_subj`), so memory stays at a chunk
 * per download, and check the digest at the end.
 */
export async function openObjectStore(options: ObjectStoreOptions): Promise<BlobStore> {
  const { bucket, jsm } = options;
  const store = await new Objm(options.nc).create(bucket, {
    storage: StorageType.File,
    replicas: options.replicas,
  });
  // The object store's stream and chunk subjects (NATS ADR-20).
  const stream = `OBJ_${bucket}`;
  const chunkSubjects = `$O.${bucket}.C.>`;

  const live = async (key: string): Promise<ObjectInfo | null> => {
    const info = await store.info(checkKey(key));
    return info && !info.deleted ? info : null;
  };

  function chunks(info: ObjectInfo): Readable {
    const subject = `$O.${bucket}.C.${info.nuid}`;
    const hash = createHash('sha256');
    let next = 1;
    let received = 0;
    return new Readable({
      async read() {
        try {
          if (received === info.chunks) {
            // The digest is base64url with its padding: compare without it.
            const expected = info.digest.replace(/^SHA-256=/, '').replace(/=+$/, '');
            if (hash.digest('base64url') !== expected)
              throw new Error(`object ${info.name} is corrupt: digest mismatch`);
            this.push(null);
            return;
          }
          const msg = await jsm.direct.getMessage(stream, { seq: next, next_by_subj: subject });
          if (!msg) throw new Error(`object ${info.name} is missing chunk ${received + 1}`);
          next = msg.seq + 1;
          received++;
          hash.update(msg.data);
          this.push(msg.data);
        } catch (err) {
          this.destroy(err as Error);
        }
      },
    });
  }

  return {
    kind: 'objectstore',

    async put(key, content) {
      await store.put(
        { name: checkKey(key) },
        Readable.toWeb(content) as unknown as globalThis.ReadableStream<Uint8Array>,
      );
    },

    async get(key) {
      const info = await live(key);
      if (!info) return null;
      return info.size === 0 ? Readable.from([]) : chunks(info);
    },

    async delete(key) {
      await store.delete(checkKey(key));
    },

    async exists(key) {
      return (await live(key)) !== null;
    },

    async sweep(olderThan) {
      // Chunks whose object has no metadata: a put that never finished (the process died).
      const state = await jsm.streams.info(stream, { subjects_filter: chunkSubjects });
      const subjects = Object.keys(state.state.subjects ?? {});
      if (subjects.length === 0) return 0;
      const referenced = async () => new Set((await store.list()).map((i) => i.nuid));
      let known = await referenced();
      const stale: string[] = [];
      for (const subject of subjects) {
        if (known.has(subject.slice(subject.lastIndexOf('.') + 1))) continue;
        const last = await jsm.streams.getMessage(stream, { last_by_subj: subject });
        if (last && last.time < olderThan) stale.push(subject);
      }
      if (stale.length === 0) return 0;
      // A put may have finished since the first listing: look again right before purging.
      known = await referenced();
      let removed = 0;
      for (const subject of stale) {
        if (known.has(subject.slice(subject.lastIndexOf('.') + 1))) continue;
        await jsm.streams.purge(stream, { filter: subject });
        removed++;
      }
      return removed;
    },
  } satisfies BlobStore;
}
