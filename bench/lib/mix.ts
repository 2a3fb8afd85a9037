/**
 * Mixes of requests: what many citizens ask in turn. A mix is a fixed sequence drawn from a
 * distribution, the same on every run (seeded), read by the service and by the bare SQL each from
 * its own cursor; every distinct request's statements are captured from the service's own data
 * function, so the bare server replays exactly what the service runs for it.
 */
import { createHash } from 'node:crypto';
import type { CapturedStatement } from './protocol';

/** One request of a mix: the service's path and the bare server's route with the same SQL. */
export interface MixRequest {
  path: string;
  route: string;
}

/**
 * What many citizens ask in turn: a fixed sequence drawn from a distribution (the same for the
 * service and the bare SQL, each reading it from its own cursor), every distinct request's
 * statements captured from the service's own data function.
 */
export interface Mix {
  id: string;
  description: string;
  sequence: MixRequest[];
  /** Distinct requests in the sequence. */
  distinct: number;
  /** Bare route name → the statements the service runs for it (the set_config left out). */
  routes: Record<string, CapturedStatement[]>;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): the same on every run. */
export function seededRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws ranks 0…n-1 with probability ∝ 1/(rank+1): a few words are asked often, most rarely. */
export function zipf(n: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 0; r < n; r++) cumulative.push((sum += 1 / (r + 1)));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A mix of `length` requests drawn by `draw`; each distinct path captured once. */
export async function buildMix(
  id: string,
  description: string,
  length: number,
  draw: () => { path: string; capture: () => Promise<CapturedStatement[]> },
): Promise<Mix> {
  const routes: Record<string, CapturedStatement[]> = {};
  const routeOf = new Map<string, string>();
  const sequence: MixRequest[] = [];
  for (let i = 0; i < length; i++) {
    const { path, capture } = draw();
    let route = routeOf.get(path);
    if (!route) {
      route = `${id}-${routeOf.size}`;
      routeOf.set(path, route);
      routes[route] = await capture();
    }
    sequence.push({ path, route });
  }
  return { id, description, sequence, distinct: routeOf.size, routes };
}
