import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { getPublicDepartment, listPublicDepartments } from '../../domain/browse';
import { createDepartment, listDepartments, updateDepartment } from '../../domain/departments';
import { change } from '../../plugins/catalog';
import {
  Department,
  PowerTypeCode,
  PowerTypeCount,
  PublicDepartment,
  ServiceObject,
  StationIdParams,
  StationParams,
} from '../schemas';

const DepartmentCode = Type.String({ minLength: 1, maxLength: 32 });
const DepartmentName = Type.String({ minLength: 1, maxLength: 40 });
const SortOrder = Type.Integer({ minimum: 0, maximum: 1000000 });

/** 部门: the public 按部门 view and department station pages; staff manage the list. */
export default async function departmentRoutes(app: HallApp) {
  const tags = ['departments'];
  const editors = app.guard.staff(['editor', 'station_admin'], { stationParam: 'station' });
  const readers = app.guard.staffOrOperator(['editor', 'station_admin'], {
    stationParam: 'station',
  });

  app.get(
    '/stations/:station/departments',
    {
      schema: {
        tags,
        summary: '部门列表（按部门），含各部门的事项数',
        params: StationParams,
        querystring: Type.Object({
          serviceObject: Type.Optional(ServiceObject),
          online: Type.Optional(Type.Boolean({ description: '仅显示可以在线申报事项' })),
          powerType: Type.Optional(PowerTypeCode),
        }),
        response: { 200: Type.Object({ departments: Type.Array(PublicDepartment) }) },
      },
    },
    async (request) => {
      const { station } = request.params;
      const departments = await app.database.withStation(station, (tx) =>
        listPublicDepartments(tx, station, request.query),
      );
      return { departments };
    },
  );

  app.get(
    '/stations/:station/departments/:id',
    {
      schema: {
        tags,
        summary: '部门站点：部门及其各类事项数',
        params: StationIdParams,
        querystring: Type.Object({
          serviceObject: Type.Optional(ServiceObject),
          online: Type.Optional(Type.Boolean()),
        }),
        response: {
          200: Type.Object({
            ...PublicDepartment.properties,
            countsByPowerType: Type.Array(PowerTypeCount),
          }),
        },
      },
    },
    async (request) => {
      const { station, id } = request.params;
      return app.database.withStation(station, (tx) =>
        getPublicDepartment(tx, station, id, request.query),
      );
    },
  );

  app.get(
    '/stations/:station/admin/departments',
    {
      preHandler: readers,
      schema: {
        tags,
        summary: '全部部门（含已停用）',
        params: StationParams,
        response: { 200: Type.Object({ departments: Type.Array(Department) }) },
      },
    },
    async (request) => {
      const { station } = request.params;
      return {
        departments: await app.database.withStation(station, (tx) => listDepartments(tx, station)),
      };
    },
  );

  app.post(
    '/stations/:station/admin/departments',
    {
      preHandler: editors,
      schema: {
        tags,
        summary: '新增部门',
        params: StationParams,
        body: Type.Object(
          {
            code: DepartmentCode,
            name: DepartmentName,
            sortOrder: Type.Optional(SortOrder),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Department },
      },
    },
    async (request, reply) => {
      const { station } = request.params;
      const created = await change(app.catalog, request, station, (tx, ctx) =>
        createDepartment(tx, ctx, request.body),
      );
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/stations/:station/admin/departments/:id',
    {
      preHandler: editors,
      schema: {
        tags,
        summary: '修改、停用或启用部门',
        params: StationIdParams,
        body: Type.Object(
          {
            code: Type.Optional(DepartmentCode),
            name: Type.Optional(DepartmentName),
            sortOrder: Type.Optional(SortOrder),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Department },
      },
    },
    async (request) => {
      const { station, id } = request.params;
      return change(app.catalog, request, station, (tx, ctx) =>
        updateDepartment(tx, ctx, id, request.body),
      );
    },
  );
}
