// Token checks and actor types without the service runtime (database, NATS, Fastify), so the
// SvelteKit front ends can import them and bundle only jose.
export * from './actor';
export * from './verify';
