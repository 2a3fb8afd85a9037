/**
 * Reads of rows by id, gathered from concurrent requests into shared statements. At most
 * `concurrency` reads are in flight; what is asked meanwhile waits and then goes out together, one
 * statement per station (its transaction acts for that station). An idle service reads each
 * request's rows at once; a busy one pays one transaction for many requests rather than one each,
 * so its pool serves more of them.
 */
export class BatchedReads<Row> {
  private readonly waiting = new Map<string, Waiter<Row>[]>();
  private inFlight = 0;

  constructor(
    private readonly options: {
      /** The rows of these ids of `station` (any order; an id without a row left out). */
      read: (station: string, ids: string[]) => Promise<Map<string, Row>>;
      /** Reads in flight at once. */
      concurrency: number;
      /** Ids in one read at most: a batch closes at the request that would pass it. */
      maxIds: number;
    },
  ) {}

  /** The rows of `ids` of `station`, in the order of `ids`; an id without a row left out. */
  rows(station: string, ids: string[]): Promise<Row[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(station) ?? [];
      queue.push({ ids, resolve, reject });
      this.waiting.set(station, queue);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.options.concurrency && this.waiting.size > 0) {
      // Stations take turns in the order they first waited (a Map iterates in insertion order).
      const [station, queue] = this.waiting.entries().next().value as [string, Waiter<Row>[]];
      const batch: Waiter<Row>[] = [];
      let size = 0;
      while (
        queue.length > 0 &&
        (batch.length === 0 || size + queue[0]!.ids.length <= this.options.maxIds)
      ) {
        const waiter = queue.shift()!;
        batch.push(waiter);
        size += waiter.ids.length;
      }
      this.waiting.delete(station);
      if (queue.length > 0) this.waiting.set(station, queue);
      this.inFlight += 1;
      void this.run(station, batch);
    }
  }

  private async run(station: string, batch: Waiter<Row>[]): Promise<void> {
    try {
      const found = await this.options.read(station, [...new Set(batch.flatMap((w) => w.ids))]);
      for (const waiter of batch)
        waiter.resolve(waiter.ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : [])));
    } catch (err) {
      for (const waiter of batch) waiter.reject(err);
    } finally {
      this.inFlight -= 1;
      this.dispatch();
    }
  }
}

interface Waiter<Row> {
  ids: string[];
  resolve: (rows: Row[]) => void;
  reject: (err: unknown) => void;
}
