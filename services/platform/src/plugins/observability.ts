import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

type Check = () => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Register a dependency `/readyz` must see healthy (database, NATS, …). */
    addReadinessCheck(name: string, check: Check): void;
    metrics: Registry;
  }
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: Check): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
    check().then(
      () => (clearTimeout(timer), resolve()),
      (err: unknown) => (clearTimeout(timer), reject(err as Error)),
    );
  });
}

/** `/healthz` (the process runs), `/readyz` (its dependencies answer) and `/metrics`. */
export const observabilityPlugin = fp<{ service: string }>(
  async (app: FastifyInstance, { service }) => {
    const checks = new Map<string, Check>();
    app.decorate('addReadinessCheck', (name: string, check: Check) => void checks.set(name, check));

    const registry = new Registry();
    registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: registry });
    app.decorate('metrics', registry);
    const duration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url;
      if (!route || route === '/metrics') return;
      duration.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    const hide = { schema: { hide: true }, logLevel: 'warn' as const };
    app.get('/healthz', hide, async () => ({ status: 'ok' }));
    app.get('/readyz', hide, async (request, reply) => {
      const results: Record<string, string> = {};
      let ready = true;
      await Promise.all(
        [...checks].map(async ([name, check]) => {
          try {
            await withTimeout(check);
            results[name] = 'ok';
          } catch (err) {
            ready = false;
            results[name] = 'unavailable';
            request.log.warn({ check: name, err }, 'readiness check failed');
          }
        }),
      );
      return reply
        .code(ready ? 200 : 503)
        .send({ status: ready ? 'ok' : 'unavailable', checks: results });
    });
    app.get('/metrics', hide, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: 'hall-observability', fastify: '5.x' },
);
