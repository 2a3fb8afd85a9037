import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { MaterialsDeps } from '../domain/deps';
import type { Sweeper } from '../domain/sweep';

declare module 'fastify' {
  interface FastifyInstance {
    materials: MaterialsDeps;
    /** The periodic sweep; tests run it directly. */
    sweeper: Sweeper;
  }
}

/** Makes the materials service's dependencies available to its routes. */
export const materialsPlugin = fp<{ deps: MaterialsDeps; sweeper: Sweeper }>(
  async (app: FastifyInstance, { deps, sweeper }) => {
    app.decorate('materials', deps);
    app.decorate('sweeper', sweeper);
  },
  { name: 'materials-deps', fastify: '5.x' },
);
