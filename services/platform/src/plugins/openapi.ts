import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The service's OpenAPI document at `/openapi.json`, browsable at `/docs`. */
export const openapiPlugin = fp<{ service: string; version: string; description: string }>(
  async (app: FastifyInstance, { service, version, description }) => {
    await app.register(swagger, {
      openapi: {
        info: { title: `hall ${service}`, version, description },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'hall-openapi', fastify: '5.x' },
);
