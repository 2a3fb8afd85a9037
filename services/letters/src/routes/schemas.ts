import { Type } from 'typebox';
import { letterActions } from '../domain/staff';
import { KindSchema, RatingSchema, StateSchema } from '../domain/view-schemas';

// Request schemas shared by the routes (validation and OpenAPI).

export const Uuid = Type.String({ format: 'uuid' });
export const StationKey = Type.String({ minLength: 1, maxLength: 40 });
export const StationParams = Type.Object({ station: StationKey });
export const StationIdParams = Type.Object({ station: StationKey, id: Uuid });

export const Page = {
  page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

export const MOBILE_PATTERN = '^1[3-9]\\d{9}$';

export const NewLetterBody = Type.Object(
  {
    kind: KindSchema,
    departmentId: Type.Optional(Uuid),
    subject: Type.String({ minLength: 2, maxLength: 100, description: '主题' }),
    content: Type.String({ minLength: 5, maxLength: 3000, description: '内容' }),
    relatedSerial: Type.Optional(
      Type.String({ maxLength: 40, description: '申办流水号（投诉，可选）' }),
    ),
    staffName: Type.Optional(
      Type.String({ maxLength: 50, description: '被投诉人员（投诉，可选）' }),
    ),
    contactName: Type.String({ minLength: 1, maxLength: 50, description: '姓名' }),
    mobile: Type.String({ pattern: MOBILE_PATTERN, description: '手机号码' }),
    publicConsent: Type.Boolean({ description: '同意公开' }),
    fileIds: Type.Optional(
      Type.Array(Uuid, { maxItems: 5, description: '资料库中的文件（须登录）' }),
    ),
  },
  { additionalProperties: false },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Uuid),
});

const Code = Type.String({ minLength: 1, maxLength: 40, description: '受理编码（信件编号）' });
const LookupMobile = Type.String({ minLength: 1, maxLength: 20, description: '手机号码' });

export const LookupBody = Type.Object(
  { code: Code, mobile: LookupMobile },
  { additionalProperties: false },
);

export const RatingBody = Type.Object(
  {
    code: Code,
    mobile: Type.Optional(LookupMobile),
    rating: RatingSchema,
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const MyLettersQuery = Type.Object({
  station: Type.Optional(StationKey),
  ...Page,
});

export const FaqQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50 })),
  departmentId: Type.Optional(Uuid),
  ...Page,
});

export const StaffLetterQuery = Type.Object({
  state: Type.Optional(StateSchema),
  kind: Type.Optional(KindSchema),
  departmentId: Type.Optional(Uuid),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 50, description: '受理编码或主题' })),
  ...Page,
});

export const ActionParams = Type.Object({
  station: StationKey,
  id: Uuid,
  action: Type.Union(letterActions.map((a) => Type.Literal(a))),
});

export const ActionBody = Type.Object(
  {
    departmentId: Type.Optional(Uuid),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    text: Type.Optional(Type.String({ maxLength: 5000, description: '答复内容' })),
    explanation: Type.Optional(Type.String({ maxLength: 2000, description: '不予受理的说明' })),
  },
  { additionalProperties: false },
);

export const FaqBody = Type.Object(
  {
    question: Type.String({ minLength: 2, maxLength: 200 }),
    answer: Type.String({ minLength: 2, maxLength: 5000 }),
  },
  { additionalProperties: false },
);

export const StaffFaqQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('published'), Type.Literal('withdrawn')])),
  ...Page,
});
