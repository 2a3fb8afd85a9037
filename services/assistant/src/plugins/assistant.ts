import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AssistantDeps } from '../domain/deps';
import type { WordRarity } from '../domain/rarity';
import type { IndexFeed } from '../nats/feed';

/** What the routes and tests reach: the dependencies, the index feed, the word counts. */
export interface AssistantServices extends AssistantDeps {
  feed: IndexFeed;
  rarity: WordRarity;
}

declare module 'fastify' {
  interface FastifyInstance {
    assistant: AssistantServices;
  }
}

/** Makes the service's dependencies (and its index feed, for rebuilds) available. */
export const assistantPlugin = fp<{ deps: AssistantServices }>(
  async (app: FastifyInstance, { deps }) => {
    app.decorate('assistant', deps);
  },
  { name: 'assistant-deps', fastify: '5.x' },
);
