import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { testNamespace, testNatsUrl } from '@hall/platform/testing';
import { Objm } from '@nats-io/obj';
import t, { type Test } from 'tap';
import { openFsStore, openObjectStore, type BlobStore } from '../../src/storage';
import { testBus } from '../helper';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** A stream of `total` random bytes in `chunk`-sized pieces, failing after `failAfter` bytes. */
function source(data: Buffer, chunk = 64 * 1024, failAfter?: number): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && offset >= failAfter) {
        this.destroy(new Error('client went away'));
        return;
      }
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      this.push(data.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

/** What every storage backend must do. */
async function contract(t: Test, store: BlobStore, leftovers: () => Promise<number>) {
  const key = '01a2b3c4-0000-7000-8000-00000000000a';
  const data = randomBytes(1024 * 1024 + 12345);

  t.equal(await store.get(key), null, 'nothing there yet');
  t.notOk(await store.exists(key));

  await store.put(key, source(data));
  t.ok(await store.exists(key));
  const back = await readAll((await store.get(key))!);
  t.equal(
    createHash('sha256').update(back).digest('hex'),
    createHash('sha256').update(data).digest('hex'),
    'the same bytes back',
  );

  const empty = '01a2b3c4-0000-7000-8000-00000000000b';
  await store.put(empty, Readable.from([]));
  t.same(await readAll((await store.get(empty))!), Buffer.alloc(0), 'an empty blob');

  const failed = '01a2b3c4-0000-7000-8000-00000000000c';
  await t.rejects(
    store.put(failed, source(data, 64 * 1024, 300 * 1024)),
    /client went away/,
    'a failing source fails the put',
  );
  t.notOk(await store.exists(failed), 'and leaves nothing under its key');
  t.equal(await store.get(failed), null);
  t.equal(await leftovers(), 0, 'and nothing behind');

  await store.delete(key);
  t.notOk(await store.exists(key), 'deleted');
  t.equal(await store.get(key), null);
  await store.delete(key);
  t.pass('deleting again is fine');

  t.equal(
    await store.sweep(new Date(Date.now() + 3_600_000)),
    0,
    'nothing to sweep after clean puts',
  );
  await t.rejects(store.get('../etc/passwd'), /invalid storage key/, 'keys cannot escape');
}

t.test('fs backend', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'hall-store-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const store = await openFsStore(dir);
  await contract(t, store, async () => (await readdir(join(dir, 'tmp'))).length);

  // Written over several of the interim syncs (every 8 MiB): whole, or not at all.
  const big = randomBytes(20 * 1024 * 1024 + 777);
  const bigKey = '01a2b3c4-0000-7000-8000-00000000000e';
  await store.put(bigKey, source(big));
  t.equal(
    createHash('sha256')
      .update(await readAll((await store.get(bigKey))!))
      .digest('hex'),
    createHash('sha256').update(big).digest('hex'),
    'a file longer than two interim syncs comes back whole',
  );
  const cut = '01a2b3c4-0000-7000-8000-00000000000f';
  await t.rejects(
    store.put(cut, source(big, 64 * 1024, 10 * 1024 * 1024)),
    /client went away/,
    'a source failing after an interim sync fails the put',
  );
  t.notOk(await store.exists(cut), 'and leaves nothing under its key');
  t.same(await readdir(join(dir, 'tmp')), [], 'nor a temp file');

  // A crash mid-put leaves a temp file: the sweep removes it once old enough, not before.
  const leftover = join(dir, 'tmp', '01a2b3c4-0000-7000-8000-00000000000d.abc');
  await writeFile(leftover, 'half a file');
  t.equal(
    await store.sweep(new Date(Date.now() - 60_000)),
    0,
    'a fresh temp file is kept (an upload in progress)',
  );
  const old = new Date(Date.now() - 3_600_000);
  await utimes(leftover, old, old);
  t.equal(await store.sweep(new Date(Date.now() - 60_000)), 1, 'an old one is removed');
  t.same(await readdir(join(dir, 'tmp')), []);
});

t.test('objectstore backend', async (t) => {
  const bus = await testBus(t, { NATS_URL: testNatsUrl(), BUS_NAMESPACE: testNamespace() });
  const bucket = `store_${testNamespace()}`;
  t.teardown(() => bus.jsm.streams.delete(`OBJ_${bucket}`).catch(() => false));
  const store = await openObjectStore({ nc: bus.nc, jsm: bus.jsm, bucket, replicas: 1 });
  const chunkSubjects = async () => {
    const info = await bus.jsm.streams.info(`OBJ_${bucket}`, {
      subjects_filter: `$O.${bucket}.C.>`,
    });
    return info.state.subjects ?? {};
  };
  const objects = await new Objm(bus.nc).open(bucket);
  const orphanChunks = async () => {
    const live = new Set((await objects.list()).map((info) => info.nuid));
    return Object.keys(await chunkSubjects()).filter((s) => !live.has(s.split('.').pop()!)).length;
  };
  await contract(t, store, orphanChunks);

  // A crash mid-put leaves chunks without metadata: the sweep purges them once old enough.
  await bus.js.publish(`$O.${bucket}.C.CRASHEDPUTNUID`, randomBytes(1000));
  t.equal(
    await store.sweep(new Date(Date.now() - 60_000)),
    0,
    'fresh chunks are kept (a put in progress)',
  );
  t.equal(await store.sweep(new Date(Date.now() + 60_000)), 1, 'old orphan chunks are purged');
  t.same(Object.keys(await chunkSubjects()), [], 'no chunks left');
});
