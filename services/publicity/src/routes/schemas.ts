import { Type, type TSchema } from 'typebox';
import { applicationStates, publicationStates } from '../db/schema';

// Request and response schemas shared by the routes (validation, serialisation and OpenAPI).

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Literals = Type.Enum;

export const Uuid = Type.String({ format: 'uuid' });
export const StationKey = Type.String({ minLength: 1, maxLength: 40 });
export const StationParams = Type.Object({ station: StationKey });
export const StationIdParams = Type.Object({ station: StationKey, id: Uuid });
export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD（Asia/Shanghai）' });
const Time = Type.String({ format: 'date-time' });
const Keyword = Type.String({ maxLength: 50, description: '关键字' });

export const PublicPage = {
  page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
};
export const StaffPage = {
  page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

const paged = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

export const PublicationStatus = Literals(publicationStates);

export const Attachment = Type.Object({
  id: Uuid,
  station: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  url: Type.String({ description: '公开下载地址（被已发布的公告或公示引用后可下载）' }),
  createdAt: Time,
});

// ------------------------------------------------------------------ 通知公告

export const NoticeBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 100, description: '标题' }),
    body: Type.String({ maxLength: 200_000, description: '正文（富文本 HTML，保存时净化）' }),
    attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, description: '附件' })),
  },
  { additionalProperties: false },
);

export const Notice = Type.Object({
  id: Uuid,
  station: Type.String(),
  title: Type.String(),
  body: Type.String(),
  status: PublicationStatus,
  statusLabel: Type.String(),
  pinned: Type.Boolean(),
  attachments: Type.Array(Attachment),
  imageIds: Type.Array(Uuid),
  publishedAt: Nullable(Time),
  createdAt: Time,
  updatedAt: Time,
  revision: Type.Integer(),
});

export const NoticeSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  excerpt: Type.String(),
  pinned: Type.Boolean(),
  status: PublicationStatus,
  statusLabel: Type.String(),
  attachmentCount: Type.Integer(),
  publishedAt: Nullable(Time),
  updatedAt: Time,
  revision: Type.Integer(),
});

export const PublicNoticeSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  excerpt: Type.String(),
  pinned: Type.Boolean(),
  attachmentCount: Type.Integer(),
  publishedAt: Nullable(Time),
});

export const PublicNotice = Type.Object({
  id: Uuid,
  station: Type.String(),
  title: Type.String(),
  body: Type.String(),
  pinned: Type.Boolean(),
  attachments: Type.Array(Attachment),
  publishedAt: Nullable(Time),
  updatedAt: Time,
});

export const NoticePage = paged(NoticeSummary);
export const PublicNoticePage = paged(PublicNoticeSummary);
export const NoticeAction = Literals(['publish', 'unpublish', 'pin', 'unpin'] as const);

// ------------------------------------------------------------------ 办件公示

export const EntryBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 100, description: '标题' }),
    itemName: Type.String({ minLength: 1, maxLength: 100, description: '事项名称' }),
    departmentId: Type.String({ format: 'uuid', description: '部门（权力清单的部门）' }),
    summary: Type.Optional(Type.String({ maxLength: 2000, description: '公示内容摘要' })),
    periodStart: Day,
    periodEnd: Day,
    fileId: Type.String({ format: 'uuid', description: '公示详情文件（先上传为附件）' }),
  },
  { additionalProperties: false },
);

const PeriodFields = {
  periodStart: Day,
  periodEnd: Day,
  periodState: Literals(['upcoming', 'open', 'ended'] as const),
  periodLabel: Type.String(),
};

export const Entry = Type.Object({
  id: Uuid,
  station: Type.String(),
  title: Type.String(),
  itemName: Type.String(),
  departmentId: Uuid,
  departmentName: Type.String(),
  summary: Type.String(),
  ...PeriodFields,
  file: Nullable(Attachment),
  status: PublicationStatus,
  statusLabel: Type.String(),
  publishedAt: Nullable(Time),
  createdAt: Time,
  updatedAt: Time,
  revision: Type.Integer(),
});

export const PublicEntry = Type.Object({
  id: Uuid,
  title: Type.String(),
  itemName: Type.String(),
  departmentName: Type.String(),
  summary: Type.String(),
  ...PeriodFields,
  file: Nullable(
    Type.Object({
      fileName: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
      url: Type.String(),
    }),
  ),
  publishedAt: Nullable(Time),
});

export const EntryPage = paged(Entry);
export const PublicEntryPage = paged(PublicEntry);
export const EntryAction = Literals(['publish', 'unpublish'] as const);

export const StaffListQuery = Type.Object({
  status: Type.Optional(PublicationStatus),
  q: Type.Optional(Keyword),
  ...StaffPage,
});

export const PublicListQuery = Type.Object({ q: Type.Optional(Keyword), ...PublicPage });

// ------------------------------------------------------------------ 办件公告

export const AnnouncementQuery = Type.Object({
  department: Type.Optional(Type.String({ format: 'uuid', description: '受理部门' })),
  from: Type.Optional(Type.String({ format: 'date', description: '受理日期起（含）' })),
  to: Type.Optional(Type.String({ format: 'date', description: '受理日期止（含）' })),
  q: Type.Optional(Type.String({ maxLength: 50, description: '事项名称关键字或申办流水号' })),
  ...PublicPage,
});

/**
 * A nullable string as OpenAPI 3.0 writes it. The list's serialiser writes it directly; a union
 * (anyOf) would make it test each value against each branch, format checks included.
 */
const NullableString = (options: { format?: string; enum?: readonly string[] } = {}) =>
  Type.Unsafe<string | null>({ type: 'string', nullable: true, ...options });

export const AnnouncementItem = Type.Object({
  serial: Type.String(),
  itemName: Type.String(),
  departmentId: Uuid,
  departmentName: Type.String(),
  applicantType: Literals(['person', 'unit'] as const),
  applicant: Type.String({ description: '申请人（已脱敏）' }),
  state: Literals(applicationStates),
  stateLabel: Type.String(),
  outcome: Type.Unsafe<'approved' | 'not_approved' | null>({
    type: 'string',
    nullable: true,
    enum: ['approved', 'not_approved', null],
  }),
  outcomeLabel: NullableString(),
  submittedAt: NullableString({ format: 'date-time' }),
  acceptedAt: NullableString({ format: 'date-time' }),
  completedAt: NullableString({ format: 'date-time' }),
});

export const AnnouncementPage = Type.Object({
  items: Type.Array(AnnouncementItem),
  total: Type.Integer(),
  totalCapped: Type.Boolean(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

// ------------------------------------------------------------------ statistics

const OnTime = Type.Object({
  completed: Type.Integer(),
  onTime: Type.Integer(),
  rate: Nullable(Type.Number()),
});
const Satisfaction = Type.Object({
  evaluations: Type.Integer(),
  meanLevel: Nullable(Type.Number()),
  satisfiedShare: Nullable(Type.Number()),
});
const Counts = Type.Object({ today: Type.Integer(), month: Type.Integer(), total: Type.Integer() });

export const Statistics = Type.Object({
  station: Type.String(),
  today: Day,
  received: Counts,
  completed: Counts,
  onTime: Type.Object({ month: OnTime, total: OnTime }),
  satisfaction: Type.Object({ month: Satisfaction, total: Satisfaction }),
  daily: Type.Array(
    Type.Object({
      day: Day,
      received: Type.Integer(),
      completed: Type.Integer(),
      completedOnTime: Type.Integer(),
      evaluations: Type.Integer(),
      satisfied: Type.Integer(),
    }),
  ),
});

// ------------------------------------------------------------------ 站点个性化

const ProfileText = (maxLength: number, description: string) =>
  Type.Optional(Nullable(Type.String({ maxLength, description })));

export const ProfileBody = Type.Object(
  {
    displayName: ProfileText(50, '站点显示名称（留空则用站点名称）'),
    bannerTitle: ProfileText(50, '横幅标题'),
    bannerSubtitle: ProfileText(100, '横幅副标题'),
    contact: Type.Optional(
      Type.Object(
        {
          address: ProfileText(200, '地址'),
          phone: Type.Optional(
            Nullable(
              Type.String({
                maxLength: 40,
                pattern: '^$|^[0-9+()（） -]{3,40}$',
                description: '电话，如 023-63899999',
              }),
            ),
          ),
          hours: ProfileText(100, '办公时间'),
          email: Type.Optional(
            Nullable(
              Type.String({
                maxLength: 100,
                pattern: '^$|^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
                description: '电子邮箱',
              }),
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Profile = Type.Object({
  station: Type.String(),
  name: Type.String(),
  registryName: Type.String(),
  displayName: Nullable(Type.String()),
  bannerTitle: Nullable(Type.String()),
  bannerSubtitle: Nullable(Type.String()),
  contact: Type.Object({
    address: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    hours: Nullable(Type.String()),
    email: Nullable(Type.String()),
  }),
  revision: Type.Integer(),
  updatedAt: Nullable(Time),
});
