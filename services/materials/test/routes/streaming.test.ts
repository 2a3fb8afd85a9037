import { createHash } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { HallApp } from '@hall/platform';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import t from 'tap';
import { multipart } from '../fixtures';
import { buildTestMaterials, expectProblem, ownerSql, upload, type Caller } from '../helper';

const MIB = 1024 * 1024;

/**
 * POST a PDF of `size` bytes to a listening app as a real HTTP client would, generating the body
 * as it goes (one reused 64 KiB block), so the test itself holds no copy of the file.
 */
async function streamUpload(
  app: HallApp,
  caller: Caller,
  size: number,
  onProgress: () => void = () => {},
  filename = '大文件.pdf',
): Promise<{ status: number; body: string; sha256: string }> {
  const { port } = app.server.address() as AddressInfo;
  const { body, contentType } = multipart([{ name: 'file', filename, content: Buffer.alloc(0) }]);
  const closing = body.subarray(body.indexOf('\r\n--', body.indexOf('\r\n\r\n')));
  const opening = body.subarray(0, body.length - closing.length);
  const block = Buffer.alloc(64 * 1024, 0x20);
  block.write('%PDF-1.7\n', 0, 'latin1');
  const hash = createHash('sha256');
  let sent = 0;
  const content = new Readable({
    read() {
      if (sent >= size) {
        this.push(closing);
        this.push(null);
        return;
      }
      const piece = block.subarray(0, Math.min(block.length, size - sent));
      if (sent > 0 && piece[0] === 0x25) piece[0] = 0x20;
      hash.update(piece);
      sent += piece.length;
      onProgress();
      this.push(Buffer.from(piece));
    },
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/files',
        headers: {
          ...caller.headers,
          'content-type': contentType,
          'content-length': String(opening.length + size + closing.length),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, sha256: hash.digest('hex') }),
        );
      },
    );
    req.on('error', reject);
    req.write(opening);
    content.pipe(req);
  });
}

t.test('a 64 MiB upload streams: memory grows far less than the file', async (t) => {
  const { app, tokens } = await buildTestMaterials(t, { LOG_LEVEL: 'warn' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const person = await tokens.person();
  // Warm up (JIT, pools, buffers) so the baseline is the steady state.
  t.equal((await streamUpload(app, person, 4 * MIB)).status, 201);

  // Every chunk off the socket is a new buffer, so 64 MiB of garbage pass through whatever the
  // code does; collecting before each sample measures what is still held, not what awaits the GC.
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed + baseline.arrayBuffers;
  let samples = 0;
  let blocks = 0;
  // Sampled as the client sends: every 4 MiB (64 blocks), 16 times over the upload.
  const result = await streamUpload(app, person, 64 * MIB, () => {
    if (++blocks % 64 !== 0) return;
    gc();
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
    samples++;
  });
  t.equal(samples, 16, 'sampled throughout the upload');
  t.equal(result.status, 201, result.body);
  const info = JSON.parse(result.body) as { size: number; sha256: string };
  t.equal(info.size, 64 * MIB);
  t.equal(info.sha256, result.sha256, 'hashed as it streamed');
  const rssGrowth = (peakRss - baseline.rss) / MIB;
  const heapGrowth = (peakHeap - baseline.heapUsed - baseline.arrayBuffers) / MIB;
  t.comment(
    `rss +${rssGrowth.toFixed(1)} MiB, heap+buffers +${heapGrowth.toFixed(1)} MiB for a 64 MiB file`,
  );
  // What the process holds after collection: chunks in flight (and backing stores V8 frees in
  // the background), not the file.
  t.ok(heapGrowth < 24, `heap and buffers grew ${heapGrowth.toFixed(1)} MiB (< 24 MiB)`);
  // RSS also counts freed memory the allocator keeps; holding the file would need 64 MiB more.
  t.ok(rssGrowth < 48, `rss grew ${rssGrowth.toFixed(1)} MiB (< 48 MiB)`);
});

t.test('over the service-wide limit: 413 while streaming, nothing kept', async (t) => {
  const { app, tokens, databaseUrl, storageDir } = await buildTestMaterials(t, {
    MATERIALS_MAX_FILE_BYTES: String(2 * MIB),
  });
  const sql = ownerSql(t, databaseUrl);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const person = await tokens.person();

  let sentWhenRefused = 0;
  let sent = 0;
  const result = await streamUpload(app, person, 16 * MIB, () => {
    sent += 64 * 1024;
    if (sentWhenRefused === 0 && sent > 2 * MIB) sentWhenRefused = sent;
  });
  t.equal(result.status, 413);
  const body = JSON.parse(result.body) as { code: string; errors: Array<{ message: string }> };
  t.equal(body.code, 'file_too_large');
  t.match(body.errors[0]?.message, /大文件\.pdf.*2 MB/);
  t.equal((await sql`select 1 from files`).length, 0, 'no row');
  t.same(await readdir(join(storageDir, 'tmp')), [], 'no temp file');
  const shards = await readdir(join(storageDir, 'objects'));
  for (const shard of shards)
    t.same(await readdir(join(storageDir, 'objects', shard)), [], 'no blob');

  const exact = await streamUpload(app, person, 2 * MIB);
  t.equal(exact.status, 201, 'exactly the limit is fine');
});

t.test(
  'a refused name or a disguised body is answered over a real connection, nothing kept',
  async (t) => {
    const { app, tokens, databaseUrl, storageDir } = await buildTestMaterials(t);
    const sql = ownerSql(t, databaseUrl);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const person = await tokens.person();
    const refused = await streamUpload(app, person, 8 * MIB, () => {}, '安装包.exe');
    t.equal(refused.status, 415, 'refused before reading, the rest of the body discarded');
    t.equal(JSON.parse(refused.body).code, 'file_type_not_allowed');
    const disguised = await streamUpload(app, person, 8 * MIB, () => {}, '照片.png');
    t.equal(disguised.status, 422, 'a PDF named .png');
    t.equal(JSON.parse(disguised.body).code, 'file_type_mismatch');
    t.equal((await sql`select 1 from files`).length, 0, 'no row');
    t.same(await readdir(join(storageDir, 'tmp')), [], 'no temp file');
    const after = await streamUpload(app, person, MIB);
    t.equal(after.status, 201, 'the service is fine afterwards');
  },
);

t.test('inject: one byte over the limit is refused', async (t) => {
  const { app, tokens } = await buildTestMaterials(t, { MATERIALS_MAX_FILE_BYTES: '5000' });
  const person = await tokens.person();
  const { pdfOfSize } = await import('../fixtures');
  t.equal(
    (await upload(app, person, { filename: 'a.pdf', content: pdfOfSize(5000) })).statusCode,
    201,
  );
  expectProblem(
    t,
    await upload(app, person, { filename: 'b.pdf', content: pdfOfSize(5001) }),
    413,
    'file_too_large',
  );
});
