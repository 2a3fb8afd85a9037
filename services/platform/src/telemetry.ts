/**
 * OpenTelemetry for a hall service. Load it before anything else:
 *   node --import tsx --import @hall/platform/telemetry src/server.ts
 * Traces go to OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; without it spans still exist
 * (trace ids reach the logs and travel in NATS headers) but nothing is exported.
 * Incoming/outgoing HTTP and pino come from the auto-instrumentations, Fastify from
 * @fastify/otel; PostgreSQL units of work and NATS messages are spanned by the platform itself.
 */
import FastifyOtelInstrumentation from '@fastify/otel';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { NodeSDK } from '@opentelemetry/sdk-node';

if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT && !process.env.OTEL_TRACES_EXPORTER) {
  process.env.OTEL_TRACES_EXPORTER = 'none';
}
process.env.OTEL_METRICS_EXPORTER ??= 'none';
process.env.OTEL_LOGS_EXPORTER ??= 'none';

const sdk = new NodeSDK({
  instrumentations: [
    getNodeAutoInstrumentations({
      // Only what the hall uses; the file-system and DNS instrumentations are noise.
      '@opentelemetry/instrumentation-fs': { enabled: false },
      '@opentelemetry/instrumentation-dns': { enabled: false },
      '@opentelemetry/instrumentation-net': { enabled: false },
    }),
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      ignorePaths: (o) => /^\/(healthz|readyz|metrics)/.test(o.url),
    }),
  ],
});
sdk.start();

process.once('beforeExit', () => void sdk.shutdown());
