import { Type } from 'typebox';
import { ItemDefinitionSchema, TimeLimitSchema } from '../domain/definition';
import { powerTypeCodes } from '../domain/power-types';

// Request and response schemas shared by the routes; responses are serialized by them, so the
// OpenAPI document describes exactly what clients receive.

export const StationKey = Type.String({ minLength: 1, maxLength: 40 });
export const Uuid = Type.String({ format: 'uuid' });
export const StationParams = Type.Object({ station: StationKey });
export const StationIdParams = Type.Object({ station: StationKey, id: Uuid });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const PowerTypeCode = Type.Union(powerTypeCodes.map((c) => Type.Literal(c)));
export const ServiceObject = Type.Union([Type.Literal('person'), Type.Literal('legal')]);

export const PowerTypeCount = Type.Object({
  code: Type.String(),
  name: Type.String(),
  count: Type.Integer(),
});

export const DepartmentRef = Type.Object({ id: Type.String(), name: Type.String() });

export const ListedItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  implCode: Type.String(),
  powerType: Type.String(),
  powerTypeName: Type.String(),
  department: DepartmentRef,
  handlingType: Type.String(),
  online: Type.Boolean(),
  onlineDepth: Nullable(Type.Integer()),
  serviceObjects: Type.Array(Type.String()),
  promisedTimeLimit: Nullable(TimeLimitSchema),
});

export const ListedParent = Type.Object({
  ...ListedItem.properties,
  subItems: Type.Array(ListedItem),
});

export const ItemPage = Type.Object({
  items: Type.Array(ListedParent),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  countsByPowerType: Type.Array(PowerTypeCount),
  countsByDepartment: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), count: Type.Integer() }),
  ),
});

export const PublicItem = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  station: Type.String(),
  state: Type.String({ description: 'published 当前版本 / superseded 历史版本' }),
  department: DepartmentRef,
  parent: Nullable(DepartmentRef),
  subItems: Type.Array(ListedItem),
  definition: ItemDefinitionSchema,
  publishedAt: Nullable(Type.String()),
});

export const Department = Type.Object({
  id: Type.String(),
  station: Type.String(),
  code: Type.String(),
  name: Type.String(),
  sortOrder: Type.Integer(),
  enabled: Type.Boolean(),
});

export const PublicDepartment = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  sortOrder: Type.Integer(),
  itemCount: Type.Integer(),
});

export const ItemHead = Type.Object({
  id: Type.String(),
  station: Type.String(),
  name: Type.String(),
  implCode: Type.String(),
  departmentId: Type.String(),
  parentId: Nullable(Type.String()),
  powerType: Type.String(),
  status: Type.String({ description: 'draft 未发布 / published 已发布 / withdrawn 已下架' }),
  publishedVersion: Nullable(Type.Integer()),
  draftVersion: Nullable(Type.Integer()),
  revision: Type.Integer({ description: '修订号：修改时放在 If-Match 头中' }),
  publishedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
});

export const AdminItem = Type.Object({
  ...ItemHead.properties,
  draft: Nullable(
    Type.Object({
      version: Type.Integer(),
      definition: ItemDefinitionSchema,
      updatedAt: Type.String(),
    }),
  ),
  published: Nullable(
    Type.Object({
      version: Type.Integer(),
      definition: ItemDefinitionSchema,
      publishedAt: Nullable(Type.String()),
    }),
  ),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      state: Type.String(),
      createdAt: Type.String(),
      updatedAt: Type.String(),
      publishedAt: Nullable(Type.String()),
      supersededAt: Nullable(Type.String()),
      createdBy: Nullable(Type.String({ description: '创建人（工作人员编号）' })),
      updatedBy: Nullable(Type.String({ description: '最后修改人' })),
      publishedBy: Nullable(Type.String({ description: '发布人' })),
    }),
  ),
});

export const FieldErrorSchema = Type.Object({
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
});

export const Attachment = Type.Object({
  id: Type.String(),
  station: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String(),
});
