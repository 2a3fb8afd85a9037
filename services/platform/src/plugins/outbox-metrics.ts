import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import type { OutboxRelay } from '../bus/outbox';

/**
 * The outbox on /metrics: events waiting for JetStream (alert when it grows: NATS is away or
 * the relay is stuck) and the relay's running totals.
 */
export function observeOutbox(app: FastifyInstance, relay: OutboxRelay): void {
  new Gauge({
    name: 'hall_outbox_pending_events',
    help: 'Events written to the outbox and not yet acknowledged by JetStream',
    registers: [app.metrics],
    async collect() {
      this.set(await relay.pending());
    },
  });
  new Gauge({
    name: 'hall_outbox_relay_events',
    help: 'Outbox relay totals since start, by outcome',
    labelNames: ['outcome'],
    registers: [app.metrics],
    collect() {
      const stats = relay.stats();
      this.set({ outcome: 'published' }, stats.published);
      this.set({ outcome: 'duplicate' }, stats.duplicates);
      this.set({ outcome: 'failed' }, stats.failures);
    },
  });
}
