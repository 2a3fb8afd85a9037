import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** JSON bodies; connection i sends bodies[i % length] for its whole life. */
  bodies?: unknown[];
  connections: number;
  seconds: number;
}

export interface LoadResult {
  /** Mean of the per-second request counts. */
  rps: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
  mean: number;
  requests: number;
  /** Responses other than 2xx, socket errors and timeouts: any of them spoils the run. */
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One autocannon run (its API, in this process: the server runs in another). */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const bodies = (spec.bodies ?? []).map((b) => JSON.stringify(b));
  let nextConnection = 0;
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    connections: spec.connections,
    duration: spec.seconds,
    headers: { ...(bodies.length ? { 'content-type': 'application/json' } : {}), ...spec.headers },
    ...(bodies.length
      ? {
          setupClient: (client) => {
            client.setBody(bodies[nextConnection++ % bodies.length]!);
          },
        }
      : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
