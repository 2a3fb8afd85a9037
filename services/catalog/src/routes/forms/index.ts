import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { checkForm } from '../../domain/forms';
import { FieldErrorSchema, StationParams } from '../schemas';

/** The form designer's live check of a business form schema (业务表单). */
export default async function formRoutes(app: HallApp) {
  app.post(
    '/stations/:station/admin/forms/check',
    {
      preHandler: app.guard.staff(['editor', 'station_admin'], { stationParam: 'station' }),
      schema: {
        tags: ['items (staff)'],
        summary: '检查业务表单定义',
        params: StationParams,
        body: Type.Unknown({ description: '业务表单 JSON Schema' }),
        response: {
          200: Type.Object({ ok: Type.Boolean(), errors: Type.Array(FieldErrorSchema) }),
        },
      },
    },
    async (request) => {
      const errors = checkForm(request.body);
      return { ok: errors.length === 0, errors };
    },
  );
}
