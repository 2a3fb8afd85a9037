import autocannon from 'autocannon';

/** One request's path and headers, made just before it is sent. */
export interface NextRequest {
  path: string;
  headers: Record<string, string>;
}

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** JSON bodies; connection i sends bodies[i % length] for its whole life. */
  bodies?: unknown[];
  /** A raw body sent with every request as it is (e.g. multipart/form-data; give its type in headers). */
  body?: Buffer;
  /**
   * Every request's own path and headers (e.g. one draft per submit), taken in turn by all the
   * connections. Overrides the url's path.
   */
  next?: () => NextRequest;
  connections: number;
  /** Run for this long… */
  seconds?: number;
  /** …or until this many requests have answered (`seconds` is then what it took). */
  amount?: number;
  /** Seconds before a request counts as timed out (autocannon's default: 10). */
  timeout?: number;
}

export interface LoadResult {
  /** Requests per second: the mean of the per-second counts, or requests ÷ seconds with `amount`. */
  rps: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
  mean: number;
  requests: number;
  /** The measured time: the duration asked for, or how long `amount` requests took. */
  seconds: number;
  /** Responses other than 2xx, socket errors and timeouts: any of them spoils the run. */
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One autocannon run (its API, in this process: the server runs in another). */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const bodies = (spec.bodies ?? []).map((b) => JSON.stringify(b));
  let nextConnection = 0;
  const next = spec.next;
  const started = process.hrtime.bigint();
  let lastAnswer = started;
  const options: autocannon.Options = {
    url: spec.url,
    method: spec.method ?? 'GET',
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.seconds ?? 10 }),
    ...(spec.timeout !== undefined ? { timeout: spec.timeout } : {}),
    headers: { ...(bodies.length ? { 'content-type': 'application/json' } : {}), ...spec.headers },
    ...(spec.body ? { body: spec.body } : {}),
    ...(next
      ? {
          requests: [
            {
              setupRequest: (request) => {
                const { path, headers } = next();
                return { ...request, path, headers: { ...request.headers, ...headers } };
              },
            },
          ],
        }
      : {}),
    ...(bodies.length
      ? {
          setupClient: (client: autocannon.Client) => {
            client.setBody(bodies[nextConnection++ % bodies.length]!);
          },
        }
      : {}),
    // Counted runs end at autocannon's next sample tick after the last answer: tick often, and
    // time the run to its last answer rather than to its end.
    ...(spec.amount !== undefined ? { sampleInt: 50 } : {}),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(options, (err: unknown, done: autocannon.Result) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(done),
    );
    run.on('response', () => {
      lastAnswer = process.hrtime.bigint();
    });
  });
  const elapsed = Number(lastAnswer - started) / 1e9;
  const seconds = spec.amount !== undefined ? elapsed : (spec.seconds ?? 10);
  return {
    rps: spec.amount !== undefined ? result.requests.total / elapsed : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    requests: result.requests.total,
    seconds,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
