import { Type } from 'typebox';
import { MAX_NAME_LENGTH } from '../domain/names';

// Request and response schemas shared by the routes; responses are serialized by them, so the
// OpenAPI document describes exactly what clients receive.

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });

export const FileType = Type.Union([
  Type.Literal('pdf'),
  Type.Literal('jpg'),
  Type.Literal('png'),
  Type.Literal('ofd'),
  Type.Literal('docx'),
  Type.Literal('xlsx'),
]);

export const FileInfo = Type.Object({
  id: Type.String(),
  name: Type.String({ description: '显示名称，以扩展名结尾' }),
  mediaType: Type.String({ description: '按内容识别的类型' }),
  extension: FileType,
  size: Type.Integer({ description: '字节数' }),
  sha256: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
});

export const LibraryPage = Type.Object({
  items: Type.Array(FileInfo),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  usedBytes: Type.Integer(),
  quotaBytes: Type.Integer(),
});

export const RenameBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }) },
  { additionalProperties: false },
);

export const DownloadLink = Type.Object({
  url: Type.String({ description: '相对地址，无需令牌，有效期内可下载' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const UploadQuery = Type.Object({
  station: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  item: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  version: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  material: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const ContentQuery = Type.Object({
  expires: Type.Optional(Type.String({ maxLength: 20 })),
  signature: Type.Optional(Type.String({ maxLength: 100 })),
  disposition: Type.Optional(Type.Union([Type.Literal('attachment'), Type.Literal('inline')])),
});
