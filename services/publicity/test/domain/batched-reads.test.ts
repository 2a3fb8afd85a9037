import t from 'tap';
import { BatchedReads } from '../../src/domain/batched-reads';

/** A read whose answers the test releases by hand, recording what each read asked for. */
function controlledReads(missing: ReadonlySet<string> = new Set()) {
  const reads: Array<{
    station: string;
    ids: string[];
    answer: () => void;
    fail: (err: Error) => void;
  }> = [];
  const read = (station: string, ids: string[]) =>
    new Promise<Map<string, string>>((resolve, reject) => {
      reads.push({
        station,
        ids,
        answer: () =>
          resolve(
            new Map(
              ids.filter((id) => !missing.has(id)).map((id) => [id, `${station}:${id}`] as const),
            ),
          ),
        fail: reject,
      });
    });
  return { reads, read };
}

/** Let the promise callbacks that are due run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

t.test('an idle reader reads at once; a busy one gathers what waits into one read', async (t) => {
  const { reads, read } = controlledReads(new Set(['x']));
  const batched = new BatchedReads({ read, concurrency: 1, maxIds: 100 });

  const first = batched.rows('cq', ['a', 'b']);
  t.same(
    reads.map((r) => r.ids),
    [['a', 'b']],
    'the first request is read at once, alone',
  );

  const second = batched.rows('cq', ['c', 'x', 'a']);
  const third = batched.rows('cq', ['d', 'c']);
  await settle();
  t.equal(reads.length, 1, 'while a read is in flight the others wait');

  reads[0]!.answer();
  t.same(await first, ['cq:a', 'cq:b']);
  await settle();
  t.same(
    reads.map((r) => r.ids),
    [
      ['a', 'b'],
      ['c', 'x', 'a', 'd'],
    ],
    'the waiting requests go out as one read, each id once',
  );
  reads[1]!.answer();
  t.same(await second, ['cq:c', 'cq:a'], 'in the order asked; an id without a row left out');
  t.same(await third, ['cq:d', 'cq:c'], 'in the order asked');
});

t.test('stations are read apart, in turn', async (t) => {
  const { reads, read } = controlledReads();
  const batched = new BatchedReads({ read, concurrency: 1, maxIds: 100 });
  const busy = batched.rows('cq', ['a']);
  const yuzhong = batched.rows('yuzhong', ['b']);
  const cq = batched.rows('cq', ['c']);
  const yuzhongAgain = batched.rows('yuzhong', ['d']);

  reads[0]!.answer();
  await busy;
  await settle();
  t.same(
    reads.slice(1).map((r) => [r.station, r.ids]),
    [['yuzhong', ['b', 'd']]],
    'the station that waited first goes next, with all it waits for',
  );
  reads[1]!.answer();
  await settle();
  t.same(reads[2] && [reads[2].station, reads[2].ids], ['cq', ['c']]);
  reads[2]!.answer();
  t.same(await Promise.all([yuzhong, cq, yuzhongAgain]), [['yuzhong:b'], ['cq:c'], ['yuzhong:d']]);
});

t.test(
  'a read holds at most maxIds ids, and at most `concurrency` reads are in flight',
  async (t) => {
    const { reads, read } = controlledReads();
    const batched = new BatchedReads({ read, concurrency: 2, maxIds: 4 });
    const asked = [['a'], ['b'], ['c', 'd'], ['e', 'f'], ['g'], ['h', 'i', 'j', 'k', 'l']].map(
      (ids) => batched.rows('cq', ids),
    );
    t.same(
      reads.map((r) => r.ids),
      [['a'], ['b']],
      'two at once',
    );
    reads[0]!.answer();
    await settle();
    t.same(reads[2]?.ids, ['c', 'd', 'e', 'f'], 'filled up to the limit');
    reads[1]!.answer();
    await settle();
    t.same(
      reads[3]?.ids,
      ['g'],
      'the next request would pass the limit: it waits for the next read',
    );
    reads[2]!.answer();
    reads[3]!.answer();
    await settle();
    t.same(reads[4]?.ids, ['h', 'i', 'j', 'k', 'l'], 'a request larger than the limit goes alone');
    reads[4]!.answer();
    t.same(
      (await Promise.all(asked)).flat(),
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'].map((id) => `cq:${id}`),
    );
  },
);

t.test('a failed read fails its requests only; the next ones are read', async (t) => {
  const { reads, read } = controlledReads();
  const batched = new BatchedReads({ read, concurrency: 1, maxIds: 100 });
  const busy = batched.rows('cq', ['a']);
  const failing = [batched.rows('cq', ['b']), batched.rows('cq', ['c'])];
  reads[0]!.fail(new Error('connection reset'));
  await t.rejects(busy, { message: 'connection reset' });
  await settle();
  const later = batched.rows('cq', ['d']);
  reads[1]!.fail(new Error('statement timeout'));
  for (const request of failing) await t.rejects(request, { message: 'statement timeout' });
  await settle();
  t.same(reads[2]?.ids, ['d'], 'a failure frees its place');
  reads[2]!.answer();
  t.same(await later, ['cq:d']);
});

t.test('no ids, no read', async (t) => {
  const { reads, read } = controlledReads();
  const batched = new BatchedReads({ read, concurrency: 1, maxIds: 100 });
  t.same(await batched.rows('cq', []), []);
  t.equal(reads.length, 0);
});
