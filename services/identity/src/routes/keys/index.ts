import type { HallApp } from '@hall/platform';

/** The public keys services verify access tokens with. */
export default async function keysRoutes(app: HallApp) {
  app.get(
    '/.well-known/jwks.json',
    { schema: { tags: ['tokens'], summary: '令牌验证公钥 (JWKS)' } },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return app.identity.keys.publicJwks;
    },
  );
}
