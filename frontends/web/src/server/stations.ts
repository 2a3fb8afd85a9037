import type { Station } from '../types';

export interface StationCacheOptions {
  /** How long a fetched list is used without asking again. */
  ttlMs?: number;
  /** How long the last good list still serves while identity cannot be reached. */
  staleMs?: number;
}

/**
 * Every enabled station (identity's public registry), cached briefly in this process: a station
 * an operator adds, renames or disables shows within `ttlMs`. Parallel requests share one fetch,
 * and one list serves every look-up, so the cache stays bounded whatever keys are requested.
 */
export class StationCache {
  readonly #fetch: () => Promise<Station[]>;
  readonly #ttlMs: number;
  readonly #staleMs: number;
  #cache: { at: number; stations: Station[] } | undefined;
  #running: Promise<Station[]> | undefined;

  /** `fetch` is e.g. `() => identity.stations()`. */
  constructor(fetch: () => Promise<Station[]>, options: StationCacheOptions = {}) {
    this.#fetch = fetch;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#staleMs = options.staleMs ?? 10 * 60_000;
  }

  async list(now = Date.now()): Promise<Station[]> {
    const cache = this.#cache;
    if (cache && now - cache.at < this.#ttlMs) return cache.stations;
    this.#running ??= this.#fetch()
      .then((stations) => {
        this.#cache = { at: Date.now(), stations };
        return stations;
      })
      .finally(() => {
        this.#running = undefined;
      });
    try {
      return await this.#running;
    } catch (err) {
      const last = this.#cache;
      if (last && now - last.at < this.#staleMs) return last.stations;
      throw err;
    }
  }

  /** Forget the cached list (after an operator renames, adds or disables a station). */
  forget(): void {
    this.#cache = undefined;
  }
}
