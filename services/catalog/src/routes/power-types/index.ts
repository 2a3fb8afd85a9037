import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { powerTypes } from '../../domain/power-types';

/** The 11 national power types (事项类型), for the 按类别 view. */
export default async function powerTypeRoutes(app: HallApp) {
  app.get(
    '/power-types',
    {
      schema: {
        tags: ['browse'],
        summary: '事项类型（权力类型）',
        response: {
          200: Type.Object({
            powerTypes: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
          }),
        },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=86400');
      return { powerTypes: powerTypes.map((p) => ({ code: p.code, name: p.name })) };
    },
  );
}
