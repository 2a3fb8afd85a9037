import type { FastifyInstance } from 'fastify';
import { Counter, Gauge } from 'prom-client';

export interface AnswerCacheOptions {
  /** Name on /metrics (`catalog-items`, `publicity-announcements`). */
  name: string;
  /** Answers kept at most; the least recently used goes first. */
  maxEntries: number;
  /**
   * How long an answer is served without a change being heard of before it is read again (in
   * the background up to twice this long, see `AnswerCache`); 0 turns the cache off.
   */
  ttlMs: number;
  /** Answers read again in the background at once, at most (2); the others wait their turn. */
  refreshConcurrency?: number;
  /**
   * The version of what a station's answers are read from: an opaque tag, read from the
   * database, that every change of them moves — whoever makes the change, notified or not. With
   * it, an answer past its time limit is checked against a version read since: unchanged, it is
   * kept for another time limit without being read again; changed or unknown, it is read again.
   */
  version?: (station: string) => Promise<string>;
  /** The clock, replaceable in tests. */
  now?: () => number;
}

export interface AnswerCacheStats {
  /** Served from the cache. */
  hits: number;
  /** Loaded from the database. */
  misses: number;
  /** Joined a load another request had started for the same answer. */
  shared: number;
  entries: number;
}

interface Entry<V> {
  station: string;
  stamp: number;
  expires: number;
  value: V;
  /** The station's version read before the answer was (none known then: undefined). */
  version: string | undefined;
}

interface VersionRead {
  version: string;
  /** When the reading began: the version is of that moment or later. */
  readAt: number;
}

interface Loading<V> {
  stamp: number;
  promise: Promise<V>;
}

/**
 * Public answers of one station — a page of the 权力清单, of the 办件公告 — kept for a short time,
 * so the same page asked for again by the next citizen skips the database. They are the same for
 * everyone (nothing personal is ever put here) and change a few times a day to a few times a
 * minute, while they are read all day.
 *
 * Freshness does not rest on the time limit: whoever changes a station's data calls
 * `invalidate(station)` once the change is committed (through `CacheInvalidation`, every replica
 * hears of it), and an answer whose load began before the latest invalidation of its station is
 * neither served nor kept — so no answer read before a commit outlives the commit's
 * notification. The time limit bounds what a lost notification can cost: an answer past it is
 * read again — in the background while it is still within twice the limit (it is answered
 * meanwhile), before answering after that. Answers loaded together expire together: a few at a
 * time are read again in the background (`refreshConcurrency`), the rest wait their turn, so
 * their expiry does not send the database a storm of reads that starves the requests served.
 * Given the station's `version`, an answer past its limit is read again only when the version
 * moved: one small reading a station instead of one a page.
 *
 * Concurrent requests for an answer that is not cached share one load. Failed loads (a 404, a
 * database error) are not kept.
 */
export class AnswerCache<V> {
  readonly name: string;
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  /** In use order: the first key is the least recently used. */
  readonly #entries = new Map<string, Entry<V>>();
  readonly #loading = new Map<string, Loading<V>>();
  readonly #refreshConcurrency: number;
  /** Answers past their time limit waiting to be read again in the background, in turn. */
  readonly #refreshes = new Map<string, { station: string; load: () => Promise<V> }>();
  #refreshing = 0;
  readonly #version: ((station: string) => Promise<string>) | undefined;
  /** The latest version read of each station. */
  readonly #versions = new Map<string, VersionRead>();
  /** The version reading of each station under way, and when it began. */
  readonly #readingVersion = new Map<
    string,
    { readAt: number; promise: Promise<VersionRead | undefined> }
  >();
  /** Logical clock: incremented by every invalidation, read by every load. */
  #clock = 0;
  readonly #invalidatedAt = new Map<string, number>();
  #allInvalidatedAt = 0;
  readonly #counts = { hits: 0, misses: 0, shared: 0 };

  constructor(options: AnswerCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1)
      throw new Error('maxEntries must be a positive integer');
    if (!(options.ttlMs >= 0)) throw new Error('ttlMs must not be negative');
    this.name = options.name;
    this.#maxEntries = options.maxEntries;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
    this.#version = options.version;
    this.#refreshConcurrency = options.refreshConcurrency ?? 2;
    if (!Number.isInteger(this.#refreshConcurrency) || this.#refreshConcurrency < 1)
      throw new Error('refreshConcurrency must be a positive integer');
  }

  get enabled(): boolean {
    return this.#ttlMs > 0;
  }

  /** The answer for `key` of `station`: cached, or what `load` gives (then cached). */
  async get(station: string, key: string, load: () => Promise<V>): Promise<V> {
    if (!this.enabled) return load();
    const id = `${station}\u0000${key}`;
    const entry = this.#entries.get(id);
    if (entry && this.#current(station, entry.stamp)) {
      const now = this.#now();
      if (entry.expires + this.#ttlMs > now) {
        // Past its time limit without a change heard of: answered while it is checked or
        // read again in the background, so a page in use never makes a citizen wait.
        if (entry.expires <= now && !this.#loading.has(id) && !this.#refreshes.has(id))
          this.#revalidate(id, entry, load);
        return this.#hit(id, entry);
      }
      // Long unused, but marked with a version: one reading of the station's version (shared
      // by every request that needs it) says whether it may still be answered.
      if (
        this.#version &&
        entry.version !== undefined &&
        this.#confirm(id, entry, await this.#readVersion(station, entry.expires))
      )
        return this.#hit(id, entry);
    }
    if (entry && this.#entries.get(id) === entry) this.#entries.delete(id);
    const pending = this.#loading.get(id);
    if (pending && this.#current(station, pending.stamp)) {
      this.#counts.shared++;
      return pending.promise;
    }
    this.#counts.misses++;
    return this.#load(id, station, load);
  }

  /**
   * Whether an answer for `key` of `station` is held (one `get` would answer without reading),
   * for a caller choosing between two ways of answering. Not counted, not a use.
   */
  holds(station: string, key: string): boolean {
    if (!this.enabled) return false;
    const entry = this.#entries.get(`${station}\u0000${key}`);
    return (
      entry !== undefined &&
      this.#current(station, entry.stamp) &&
      entry.expires + this.#ttlMs > this.#now()
    );
  }

  /**
   * An answer past its time limit: kept for another limit when a version read since the limit
   * passed is the one it was read at; read again (in turn) when the version moved or is not
   * known; neither yet while the version is being read — a later request decides.
   */
  #revalidate(id: string, entry: Entry<V>, load: () => Promise<V>): void {
    if (this.#version && entry.version !== undefined) {
      const latest = this.#versions.get(entry.station);
      if (!latest || latest.readAt < entry.expires) {
        void this.#readVersion(entry.station, entry.expires);
        return;
      }
      if (this.#confirm(id, entry, latest)) return;
    }
    this.#refreshes.set(id, { station: entry.station, load });
    this.#refresh();
  }

  /**
   * Whether `read` shows the answer still what it was read from; if so (and it is still the one
   * kept) it is kept for another time limit from the reading.
   */
  #confirm(id: string, entry: Entry<V>, read: VersionRead | undefined): boolean {
    if (
      read === undefined ||
      read.version !== entry.version ||
      this.#entries.get(id) !== entry ||
      !this.#current(entry.station, entry.stamp)
    )
      return false;
    entry.expires = Math.max(entry.expires, read.readAt + this.#ttlMs);
    return true;
  }

  /**
   * A version of `station` read at `since` or later: the latest known, the reading under way, or
   * a new reading — one at a time for each station, shared. Undefined when the reading failed.
   */
  #readVersion(station: string, since = -Infinity): Promise<VersionRead | undefined> {
    const known = this.#versions.get(station);
    if (known && known.readAt >= since) return Promise.resolve(known);
    const running = this.#readingVersion.get(station);
    if (running && running.readAt >= since) return running.promise;
    if (!this.#version) return Promise.resolve(undefined);
    const readAt = this.#now();
    const promise: Promise<VersionRead | undefined> = this.#version(station).then(
      (version) => {
        const read = { version, readAt };
        const latest = this.#versions.get(station);
        if (!latest || latest.readAt <= readAt) this.#versions.set(station, read);
        if (this.#readingVersion.get(station)?.promise === promise)
          this.#readingVersion.delete(station);
        return read;
      },
      () => {
        if (this.#readingVersion.get(station)?.promise === promise)
          this.#readingVersion.delete(station);
        return undefined;
      },
    );
    this.#readingVersion.set(station, { readAt, promise });
    return promise;
  }

  async #load(id: string, station: string, load: () => Promise<V>): Promise<V> {
    const stamp = this.#clock;
    const expires = this.#now() + this.#ttlMs;
    // A version whose reading ended before this load begins: nothing it missed can be in the
    // answer unseen by a later reading (it may only be older, and then the answer is read again).
    const version = this.#versions.get(station)?.version;
    if (version === undefined) void this.#readVersion(station);
    const promise = load();
    const loading = { stamp, promise };
    this.#loading.set(id, loading);
    try {
      const value = await promise;
      if (this.#current(station, stamp))
        this.#keep(id, { station, stamp, expires, value, version });
      return value;
    } catch (err) {
      // Not kept, and no older answer outlives a failed reading either.
      this.#entries.delete(id);
      throw err;
    } finally {
      if (this.#loading.get(id) === loading) this.#loading.delete(id);
    }
  }

  /** Start the waiting background readings that may run now, oldest first. */
  #refresh(): void {
    while (this.#refreshing < this.#refreshConcurrency && this.#refreshes.size > 0) {
      const [id, { station, load }] = this.#refreshes.entries().next().value as [
        string,
        { station: string; load: () => Promise<V> },
      ];
      this.#refreshes.delete(id);
      // Dropped meanwhile, or read again by a request: nothing left to refresh.
      const entry = this.#entries.get(id);
      if (!entry || entry.expires > this.#now() || this.#loading.has(id)) continue;
      this.#refreshing++;
      this.#load(id, station, load)
        .catch(() => {})
        .finally(() => {
          this.#refreshing--;
          this.#refresh();
        });
    }
  }

  /** Answered from the cache: counted, and now the most recently used. */
  #hit(id: string, entry: Entry<V>): V {
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    this.#counts.hits++;
    return entry.value;
  }

  /** `station`'s answers are out of date (all stations' when no station is given). */
  invalidate(station?: string): void {
    this.#clock++;
    // The versions known are from before the change: answers read from now on are not marked
    // with them (they would only be read again for nothing).
    if (station === undefined) {
      this.#allInvalidatedAt = this.#clock;
      this.#invalidatedAt.clear();
      this.#entries.clear();
      this.#versions.clear();
      return;
    }
    this.#versions.delete(station);
    this.#invalidatedAt.set(station, this.#clock);
    for (const [id, entry] of this.#entries)
      if (entry.station === station) this.#entries.delete(id);
  }

  stats(): AnswerCacheStats {
    return { ...this.#counts, entries: this.#entries.size };
  }

  /** Loaded at or after the station's (and every station's) latest invalidation. */
  #current(station: string, stamp: number): boolean {
    return stamp >= this.#allInvalidatedAt && stamp >= (this.#invalidatedAt.get(station) ?? 0);
  }

  #keep(id: string, entry: Entry<V>): void {
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}

/**
 * The cache key of a validated query: its fields in name order, so `?a=1&b=2` and `?b=2&a=1`
 * share an answer.
 */
export function queryKey(query: object): string {
  return JSON.stringify(
    Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** The caches on /metrics: requests by outcome and entries held. */
export function observeAnswerCaches(app: FastifyInstance, caches: AnswerCache<unknown>[]): void {
  new Counter({
    name: 'hall_answer_cache_requests_total',
    help: 'Public answers asked of the cache, by cache and outcome (hit, miss, shared load)',
    labelNames: ['cache', 'outcome'],
    registers: [app.metrics],
    collect() {
      this.reset();
      for (const cache of caches) {
        const stats = cache.stats();
        this.inc({ cache: cache.name, outcome: 'hit' }, stats.hits);
        this.inc({ cache: cache.name, outcome: 'miss' }, stats.misses);
        this.inc({ cache: cache.name, outcome: 'shared' }, stats.shared);
      }
    },
  });
  new Gauge({
    name: 'hall_answer_cache_entries',
    help: 'Public answers held, by cache',
    labelNames: ['cache'],
    registers: [app.metrics],
    collect() {
      for (const cache of caches) this.set({ cache: cache.name }, cache.stats().entries);
    },
  });
}
