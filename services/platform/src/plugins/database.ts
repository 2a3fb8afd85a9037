import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/database';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
  }
}

/** Makes the service's database available to routes and checks it for readiness. */
export const databasePlugin = fp<{ database: Database }>(
  async (app: FastifyInstance, { database }) => {
    app.decorate('database', database);
    app.addReadinessCheck('database', () => database.ping());
    app.addHook('onClose', () => database.close());
  },
  { name: 'hall-database', fastify: '5.x', dependencies: ['hall-observability'] },
);
