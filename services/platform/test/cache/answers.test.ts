import t from 'tap';
import { AnswerCache, connectCacheInvalidation, queryKey } from '../../src';
import { testNamespace } from '../../src/testing/nats';
import { captureLogger, openTestBus, waitFor } from '../bus/helpers';

/** A load that answers when told to, counting how often it ran. */
function controlledLoad<V>() {
  const calls: Array<{ resolve: (v: V) => void; reject: (e: Error) => void }> = [];
  return {
    calls,
    load: () => new Promise<V>((resolve, reject) => calls.push({ resolve, reject })),
  };
}

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

t.test('a second request is answered from the cache until the time limit', async (t) => {
  const time = clock();
  const cache = new AnswerCache<string>({ name: 'c', maxEntries: 10, ttlMs: 1000, now: time.now });
  let loads = 0;
  const load = async () => `answer ${++loads}`;
  t.equal(await cache.get('cq', 'a', load), 'answer 1');
  t.equal(await cache.get('cq', 'a', load), 'answer 1');
  t.equal(await cache.get('yuzhong', 'a', load), 'answer 2', 'another station, its own answer');
  time.advance(999);
  t.equal(await cache.get('cq', 'a', load), 'answer 1');
  t.equal(loads, 2);
  t.same(cache.stats(), { hits: 2, misses: 2, shared: 0, entries: 2 });
});

t.test('past the time limit an answer is read again, in the background at first', async (t) => {
  const time = clock();
  const cache = new AnswerCache<string>({ name: 'c', maxEntries: 10, ttlMs: 1000, now: time.now });
  const { calls, load } = controlledLoad<string>();
  const first = cache.get('cq', 'a', load);
  calls[0]!.resolve('v1');
  t.equal(await first, 'v1');

  time.advance(1000);
  t.equal(await cache.get('cq', 'a', load), 'v1', 'answered once more at once…');
  t.equal(calls.length, 2, '…while it is read again');
  t.equal(await cache.get('cq', 'a', load), 'v1', 'one reading at a time');
  t.equal(calls.length, 2);
  calls[1]!.resolve('v2');
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(await cache.get('cq', 'a', load), 'v2', 'then the new answer');

  // A failed reading drops the answer: the next request reads (and sees the failure).
  time.advance(1000);
  t.equal(await cache.get('cq', 'a', load), 'v2');
  calls[2]!.reject(new Error('database away'));
  await new Promise((resolve) => setImmediate(resolve));
  const next = cache.get('cq', 'a', load);
  t.equal(calls.length, 4, 'read before answering');
  calls[3]!.resolve('v3');
  t.equal(await next, 'v3');

  // Long unused (past twice the limit): read before answering.
  time.advance(2000);
  const late = cache.get('cq', 'a', load);
  t.equal(calls.length, 5);
  calls[4]!.resolve('v4');
  t.equal(await late, 'v4');

  // A change heard of while reading in the background: that reading is not kept.
  time.advance(1000);
  t.equal(await cache.get('cq', 'a', load), 'v4');
  cache.invalidate('cq');
  calls[5]!.resolve('read before the change');
  await new Promise((resolve) => setImmediate(resolve));
  const after = cache.get('cq', 'a', load);
  t.equal(calls.length, 7);
  calls[6]!.resolve('v5');
  t.equal(await after, 'v5');
});

t.test('answers past the time limit together are read again a few at a time', async (t) => {
  const time = clock();
  const cache = new AnswerCache<string>({
    name: 'c',
    maxEntries: 10,
    ttlMs: 1000,
    refreshConcurrency: 2,
    now: time.now,
  });
  const reads: string[] = [];
  const { calls, load } = controlledLoad<string>();
  const loadOf = (key: string) => () => {
    reads.push(key);
    return load();
  };
  const keys = ['a', 'b', 'c', 'd', 'e'];
  for (const key of keys) {
    const first = cache.get('cq', key, loadOf(key));
    calls.at(-1)!.resolve(`${key}1`);
    await first;
  }
  reads.length = 0;
  calls.length = 0;

  time.advance(1000);
  for (const key of keys)
    t.equal(await cache.get('cq', key, loadOf(key)), `${key}1`, `${key}: answered at once`);
  t.same(reads, ['a', 'b'], 'two read again at once, the others wait');
  t.equal(await cache.get('cq', 'c', loadOf('c')), 'c1', 'asked again while waiting: not twice');

  cache.invalidate('yuzhong');
  calls[0]!.resolve('a2');
  await new Promise((resolve) => setImmediate(resolve));
  t.same(reads, ['a', 'b', 'c'], 'one done, the next begins');
  t.equal(await cache.get('cq', 'a', loadOf('a')), 'a2');

  // d is read by a request before its turn (past twice the limit), e is dropped by a change of
  // its station: neither is read in the background afterwards.
  time.advance(1000);
  const d = cache.get('cq', 'd', loadOf('d'));
  t.same(reads, ['a', 'b', 'c', 'd'], 'd read before answering');
  calls[3]!.resolve('d2');
  t.equal(await d, 'd2');
  cache.invalidate('cq');
  calls[1]!.resolve('b2');
  calls[2]!.resolve('c2');
  await new Promise((resolve) => setImmediate(resolve));
  t.same(reads, ['a', 'b', 'c', 'd'], 'nothing else is read');
  t.equal(cache.stats().entries, 0);
});

t.test(
  'given versions, an answer past its time limit is kept while its station is unchanged',
  async (t) => {
    const time = clock();
    const versions = new Map([
      ['cq', 'v1'],
      ['yuzhong', 'y1'],
    ]);
    const versionReads: Array<{ station: string; resolve: () => void; reject: () => void }> = [];
    const cache = new AnswerCache<string>({
      name: 'c',
      maxEntries: 10,
      ttlMs: 1000,
      now: time.now,
      version: (station) =>
        new Promise((resolve, reject) =>
          versionReads.push({
            station,
            resolve: () => resolve(versions.get(station)!),
            reject: () => reject(new Error('database away')),
          }),
        ),
    });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    let loads = 0;
    const load = async () => `answer ${++loads}`;

    t.equal(await cache.get('cq', 'a', load), 'answer 1');
    t.same(
      versionReads.map((r) => r.station),
      ['cq'],
      'the first load of a station reads its version',
    );
    t.equal(await cache.get('cq', 'b', load), 'answer 2', 'loaded while the version is read');
    versionReads[0]!.resolve();
    await settle();
    t.equal(await cache.get('cq', 'c', load), 'answer 3', 'loaded once the version is known');

    time.advance(1000);
    t.equal(await cache.get('cq', 'c', load), 'answer 3', 'past its limit: answered');
    t.equal(versionReads.length, 2, 'and the version is read again');
    t.equal(await cache.get('cq', 'c', load), 'answer 3');
    t.equal(versionReads.length, 2, 'one reading at a time');
    versionReads[1]!.resolve();
    await settle();
    t.equal(await cache.get('cq', 'c', load), 'answer 3', 'unchanged: kept…');
    t.equal(loads, 3, '…without reading it again');
    t.equal(
      await cache.get('cq', 'b', load),
      'answer 2',
      'an answer read before the version was known is answered…',
    );
    await settle();
    t.equal(loads, 4, '…and read again');
    t.equal(await cache.get('cq', 'b', load), 'answer 4');

    time.advance(999);
    t.equal(await cache.get('cq', 'c', load), 'answer 3', 'kept for a whole limit');
    t.equal(versionReads.length, 2);

    // Changed behind the cache's back (no invalidation heard of): read again.
    time.advance(1);
    versions.set('cq', 'v2');
    t.equal(await cache.get('cq', 'c', load), 'answer 3');
    versionReads[2]!.resolve();
    await settle();
    t.equal(await cache.get('cq', 'c', load), 'answer 3', 'the version moved: answered once more…');
    await settle();
    t.equal(loads, 5, '…while it is read again');
    t.equal(await cache.get('cq', 'c', load), 'answer 5');

    // A failed version reading decides nothing; past twice the limit it is read before answering.
    time.advance(1000);
    t.equal(await cache.get('cq', 'c', load), 'answer 5');
    versionReads[3]!.reject();
    await settle();
    t.equal(loads, 5, 'a failed version reading reads nothing');
    // Long unused: the version is read before answering, once for every request waiting.
    time.advance(1000);
    const waiting = [cache.get('cq', 'c', load), cache.get('cq', 'c', load)];
    await settle();
    t.equal(versionReads.length, 5, 'one version reading for both');
    versionReads[4]!.resolve();
    t.same(await Promise.all(waiting), ['answer 5', 'answer 5'], 'unchanged: answered as it was');
    t.equal(loads, 5, 'without reading it again');
    time.advance(2000);
    versions.set('cq', 'v3');
    const late = cache.get('cq', 'c', load);
    await settle();
    versionReads[5]!.resolve();
    t.equal(await late, 'answer 6', 'changed: read before answering');

    // An invalidation forgets the station's version: answers read after it are not marked with it.
    const before = versionReads.length;
    cache.invalidate('cq');
    t.equal(await cache.get('cq', 'd', load), 'answer 7');
    t.equal(versionReads.length, before + 1, 'its version is read anew');
  },
);

t.test("invalidating a station drops its answers and no other station's", async (t) => {
  const cache = new AnswerCache<string>({ name: 'c', maxEntries: 10, ttlMs: 60_000 });
  let loads = 0;
  const load = async () => `answer ${++loads}`;
  await cache.get('cq', 'a', load);
  await cache.get('yuzhong', 'a', load);
  cache.invalidate('cq');
  t.equal(await cache.get('cq', 'a', load), 'answer 3');
  t.equal(await cache.get('yuzhong', 'a', load), 'answer 2');
  cache.invalidate();
  t.equal(await cache.get('yuzhong', 'a', load), 'answer 4', 'every station');
  t.equal(await cache.get('cq', 'a', load), 'answer 5');
});

t.test('an answer loaded across an invalidation is neither kept nor shared', async (t) => {
  const cache = new AnswerCache<string>({ name: 'c', maxEntries: 10, ttlMs: 60_000 });
  const { calls, load } = controlledLoad<string>();
  const first = cache.get('cq', 'a', load);
  await Promise.resolve();
  t.equal(calls.length, 1);
  // The change commits while the first load still reads what was there before it.
  cache.invalidate('cq');
  const second = cache.get('cq', 'a', load);
  t.equal(calls.length, 2, 'a request after the change does not join the older load');
  calls[0]!.resolve('before');
  calls[1]!.resolve('after');
  t.equal(await first, 'before', 'the older request gets what it read');
  t.equal(await second, 'after');
  t.equal(await cache.get('cq', 'a', load), 'after', 'only the newer answer was kept');
  t.equal(calls.length, 2);

  // Every station's invalidation works the same way.
  cache.invalidate('cq');
  const third = cache.get('cq', 'a', load);
  cache.invalidate();
  calls[2]!.resolve('stale');
  t.equal(await third, 'stale');
  const fourth = cache.get('cq', 'a', load);
  t.equal(calls.length, 4, 'the stale answer was not kept');
  calls[3]!.resolve('fresh');
  t.equal(await fourth, 'fresh');
});

t.test('concurrent requests share one load; a failed load is not kept', async (t) => {
  const cache = new AnswerCache<string>({ name: 'c', maxEntries: 10, ttlMs: 60_000 });
  const { calls, load } = controlledLoad<string>();
  const waiting = [cache.get('cq', 'a', load), cache.get('cq', 'a', load)];
  const other = cache.get('cq', 'b', load);
  await Promise.resolve();
  t.equal(calls.length, 2, 'one load for a, one for b');
  calls[0]!.reject(new Error('database away'));
  for (const w of waiting) await t.rejects(w, { message: 'database away' });
  calls[1]!.resolve('b');
  t.equal(await other, 'b');
  const retry = cache.get('cq', 'a', load);
  t.equal(calls.length, 3, 'the failure was not kept');
  calls[2]!.resolve('a');
  t.equal(await retry, 'a');
  t.same(cache.stats(), { hits: 0, misses: 3, shared: 1, entries: 2 });
});

t.test('the least recently used answer goes first when the cache is full', async (t) => {
  const cache = new AnswerCache<string>({ name: 'c', maxEntries: 2, ttlMs: 60_000 });
  const loaded: string[] = [];
  const load = (key: string) => async () => (loaded.push(key), key);
  await cache.get('cq', 'a', load('a'));
  await cache.get('cq', 'b', load('b'));
  await cache.get('cq', 'a', load('a')); // a is now the most recently used
  await cache.get('cq', 'c', load('c')); // b goes
  await cache.get('cq', 'a', load('a'));
  await cache.get('cq', 'b', load('b'));
  t.same(loaded, ['a', 'b', 'c', 'b']);
  t.equal(cache.stats().entries, 2);
});

t.test('holds says whether get would answer without loading', async (t) => {
  const time = clock();
  const cache = new AnswerCache<string>({ name: 'c', maxEntries: 10, ttlMs: 1000, now: time.now });
  const { calls, load } = controlledLoad<string>();
  t.notOk(cache.holds('cq', 'a'), 'nothing yet');
  const first = cache.get('cq', 'a', load);
  t.notOk(cache.holds('cq', 'a'), 'not while it loads');
  calls[0]!.resolve('v1');
  await first;
  t.ok(cache.holds('cq', 'a'));
  t.notOk(cache.holds('yuzhong', 'a'), "not another station's");
  time.advance(1999);
  t.ok(cache.holds('cq', 'a'), 'past the limit it is still answered once more');
  time.advance(1);
  t.notOk(cache.holds('cq', 'a'), 'not past twice the limit');
  t.same(cache.stats(), { hits: 0, misses: 1, shared: 0, entries: 1 }, 'asking is not a use');

  const again = cache.get('cq', 'a', load);
  calls[1]!.resolve('v2');
  await again;
  t.ok(cache.holds('cq', 'a'));
  cache.invalidate('cq');
  t.notOk(cache.holds('cq', 'a'), 'not after an invalidation');
  t.notOk(
    new AnswerCache({ name: 'off', maxEntries: 1, ttlMs: 0 }).holds('cq', 'a'),
    'an answer cache turned off holds nothing',
  );
});

t.test('a time limit of 0 turns the cache off', async (t) => {
  const cache = new AnswerCache<number>({ name: 'c', maxEntries: 10, ttlMs: 0 });
  let loads = 0;
  await cache.get('cq', 'a', async () => ++loads);
  t.equal(await cache.get('cq', 'a', async () => ++loads), 2);
  t.equal(cache.enabled, false);
  t.throws(() => new AnswerCache({ name: 'c', maxEntries: 0, ttlMs: 1 }));
});

t.test('query keys do not depend on the order of the parameters', async (t) => {
  t.equal(queryKey({ q: '教师', page: 1 }), queryKey({ page: 1, q: '教师', online: undefined }));
  t.not(queryKey({ q: '教师', page: 1 }), queryKey({ q: '教师', page: 2 }));
  t.not(queryKey({ department: '1' }), queryKey({ powerType: '1' }));
});

t.test('a change announced by one replica drops the answers of every replica', async (t) => {
  const namespace = testNamespace();
  const [busA, busB] = [
    await openTestBus(t, { namespace, name: 'replica-a' }),
    await openTestBus(t, { namespace, name: 'replica-b' }),
  ];
  const [cacheA, cacheB] = [
    new AnswerCache<string>({ name: 'a', maxEntries: 10, ttlMs: 60_000 }),
    new AnswerCache<string>({ name: 'b', maxEntries: 10, ttlMs: 60_000 }),
  ];
  const logger = captureLogger();
  const [a, b] = [
    connectCacheInvalidation(busA, 'catalog', [cacheA], logger),
    connectCacheInvalidation(busB, 'catalog', [cacheB], logger),
  ];
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  // Another domain's changes are not this one's.
  const other = connectCacheInvalidation(busB, 'publicity', [], logger);
  t.teardown(() => other.stop());
  await Promise.all([busA.nc.flush(), busB.nc.flush()]);

  let version = 1;
  const load = async () => `v${version}`;
  const fill = async () => [await cacheA.get('cq', 'k', load), await cacheB.get('cq', 'k', load)];
  t.same(await fill(), ['v1', 'v1']);
  await cacheB.get('yuzhong', 'k', load);

  version = 2;
  other.changed('cq');
  await busB.nc.flush();
  t.same(await fill(), ['v1', 'v1'], "publicity's change leaves the catalog's answers");

  a.changed('cq');
  t.equal(await cacheA.get('cq', 'k', load), 'v2', 'the announcing replica at once');
  await waitFor('replica b to hear of the change', async () => {
    return (await cacheB.get('cq', 'k', load)) === 'v2';
  });
  t.equal(await cacheB.get('yuzhong', 'k', load), 'v1', 'another station kept');

  version = 3;
  a.changed();
  await waitFor('every station dropped at replica b', async () => {
    return (await cacheB.get('yuzhong', 'k', load)) === 'v3';
  });
  t.same(logger.entries, []);
});
