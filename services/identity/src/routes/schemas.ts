import { Type } from 'typebox';

/** Shared response schemas, so the OpenAPI document describes what clients receive. */
export const TokenPair = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer({ description: '访问令牌有效秒数' }),
  refreshExpiresIn: Type.Integer({ description: '会话空闲超时秒数' }),
});

export const FieldErrorSchema = Type.Object({
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
});

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldErrorSchema)),
  },
  { description: 'RFC 9457 problem details' },
);

export const Station = Type.Object({
  key: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  divisionCode: Type.Union([Type.String(), Type.Null()]),
  parent: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  sortOrder: Type.Integer(),
});

export const Username = Type.String({ minLength: 1, maxLength: 40 });
export const Password = Type.String({ minLength: 1, maxLength: 128 });
export const StationKey = Type.String({ minLength: 1, maxLength: 40 });
