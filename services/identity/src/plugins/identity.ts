import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { IdentityDeps, RequestMeta } from '../domain/deps';

declare module 'fastify' {
  interface FastifyInstance {
    identity: IdentityDeps;
  }
}

/** Makes identity's data functions' dependencies available to its routes and RPC handlers. */
export const identityPlugin = fp<{ deps: IdentityDeps }>(
  async (app: FastifyInstance, { deps }) => {
    app.decorate('identity', deps);
  },
  { name: 'identity-deps', fastify: '5.x' },
);

export const metaOf = (request: FastifyRequest): RequestMeta => ({ ip: request.ip });
