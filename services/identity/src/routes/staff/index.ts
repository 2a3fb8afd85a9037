import { HallError, staffRoles, type Actor, type HallApp } from '@hall/platform';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  changeStaffPassword,
  createStaff,
  getStaffMe,
  listStaff,
  updateStaff,
} from '../../domain/staff';
import { metaOf } from '../../plugins/identity';
import { Password, StationKey, Username } from '../schemas';

const Role = Type.Union(staffRoles.map((r) => Type.Literal(r)));
const StaffView = Type.Object({
  id: Type.String(),
  station: Type.Union([Type.String(), Type.Null()]),
  username: Type.String(),
  name: Type.String(),
  mobileMasked: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  createdAt: Type.String(),
});
const StationParams = Type.Object({ station: StationKey });

function manager(request: FastifyRequest): Extract<Actor, { kind: 'staff' | 'operator' }> {
  const actor = request.actor;
  if (actor?.kind !== 'staff' && actor?.kind !== 'operator') throw HallError.forbidden();
  return actor;
}

/**
 * Staff accounts of a station. Its station admins manage them; operators manage every station's
 * and are the only ones who appoint station admins. Another station's staff answer 404.
 */
export default async function staffRoutes(app: HallApp) {
  const tags = ['staff'];
  const admins = app.guard.staffOrOperator(['station_admin'], { stationParam: 'station' });

  app.get(
    '/stations/:station/staff',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: '站点工作人员列表',
        params: StationParams,
        response: { 200: Type.Object({ staff: Type.Array(StaffView) }) },
      },
    },
    async (request) => ({ staff: await listStaff(app.identity, request.params.station) }),
  );

  app.post(
    '/stations/:station/staff',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: '新增工作人员',
        params: StationParams,
        body: Type.Object({
          username: Username,
          password: Password,
          name: Type.String({ maxLength: 40 }),
          mobile: Type.Optional(Type.String({ maxLength: 20 })),
          departmentId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
          roles: Type.Array(Role, { maxItems: 5 }),
        }),
        response: { 201: StaffView },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createStaff(
            app.identity,
            request.params.station,
            request.body,
            manager(request),
            metaOf(request),
          ),
        ),
  );

  app.patch(
    '/stations/:station/staff/:id',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: '修改、停用或启用工作人员，调整角色',
        params: Type.Object({ station: StationKey, id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 40 })),
            departmentId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
            roles: Type.Optional(Type.Array(Role, { maxItems: 5 })),
            enabled: Type.Optional(Type.Boolean()),
          },
          { minProperties: 1, additionalProperties: false },
        ),
        response: { 200: StaffView },
      },
    },
    async (request) =>
      updateStaff(
        app.identity,
        request.params.station,
        request.params.id,
        request.body,
        manager(request),
        metaOf(request),
      ),
  );

  app.get(
    '/staff/me',
    {
      preHandler: app.guard.staffOrOperator(),
      schema: { tags, summary: '当前工作人员', response: { 200: StaffView } },
    },
    async (request) => getStaffMe(app.identity, manager(request).id),
  );

  app.put(
    '/staff/me/password',
    {
      preHandler: app.guard.staffOrOperator(),
      schema: {
        tags,
        summary: '工作人员修改密码',
        body: Type.Object({ currentPassword: Password, newPassword: Password }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await changeStaffPassword(app.identity, manager(request).id, request.body, metaOf(request));
      return reply.code(204).send(null);
    },
  );
}
