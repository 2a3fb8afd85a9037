import { Type, type TSchema } from 'typebox';
import { applicationStates } from '../db/schema';
import { queues } from '../domain/staff';
import { staffActions } from '../domain/machine';

// Request schemas shared by the routes (validation and OpenAPI).

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Uuid = Type.String({ format: 'uuid' });
export const StationKey = Type.String({ minLength: 1, maxLength: 40 });
export const IdParams = Type.Object({ id: Uuid });
export const StationParams = Type.Object({ station: StationKey });
export const StationIdParams = Type.Object({ station: StationKey, id: Uuid });

export const Page = {
  page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const StateParam = Type.Union(applicationStates.map((s) => Type.Literal(s)));

const basicText = (maxLength: number, description: string) =>
  Type.Optional(Nullable(Type.String({ maxLength, description })));

export const BasicPatch = Type.Object(
  {
    name: basicText(100, '申请人 / 申请单位'),
    idNumber: basicText(30, '身份证号码 / 统一社会信用代码'),
    legalRepresentative: basicText(50, '法定代表人（单位）'),
    contactName: basicText(50, '联系人'),
    mobile: basicText(20, '手机号码'),
    address: basicText(200, '联系地址'),
    postcode: basicText(10, '邮政编码'),
    remarks: basicText(500, '备注'),
  },
  { additionalProperties: false },
);

export const DraftPatchBody = Type.Object(
  {
    step: Type.Optional(
      Type.Union(['notice', 'basic', 'form', 'materials'].map((s) => Type.Literal(s))),
    ),
    basic: Type.Optional(BasicPatch),
    answers: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 64 }),
        Nullable(Type.Union([Type.String({ maxLength: 5000 }), Type.Number(), Type.Boolean()])),
        { maxProperties: 200 },
      ),
    ),
    materials: Type.Optional(
      Type.Array(
        Type.Object(
          {
            materialId: Type.String({ minLength: 1, maxLength: 64 }),
            provision: Nullable(
              Type.Union(['upload', 'window', 'deferred', 'none'].map((p) => Type.Literal(p))),
            ),
            fileIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
  },
  { additionalProperties: false },
);

const score = Type.Integer({ minimum: 1, maximum: 5 });
export const EvaluationBody = Type.Object(
  {
    level: Type.Integer({ minimum: 1, maximum: 5, description: '1 非常不满意 … 5 非常满意' }),
    indicators: Type.Object(
      {
        overall: score,
        efficiency: score,
        guideAccuracy: score,
        convenience: score,
        usability: score,
      },
      { additionalProperties: false },
    ),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    anonymous: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const ActionParams = Type.Object({
  station: StationKey,
  id: Uuid,
  action: Type.Union(staffActions.map((a) => Type.Literal(a))),
});

const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const ActionBody = Type.Object(
  {
    opinion: Type.Optional(Type.String({ maxLength: 1000, description: '办理意见' })),
    reason: Type.Optional(Type.String({ maxLength: 1000, description: '不予受理 / 驳回理由' })),
    supplement: Type.Optional(
      Type.Object(
        {
          materials: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 }),
          fields: Type.Array(Type.String({ maxLength: 80 }), { maxItems: 100 }),
          note: Type.String({ maxLength: 1000 }),
        },
        { additionalProperties: false },
      ),
    ),
    outcome: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('not_approved')])),
    resultFileIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
    licence: Type.Optional(
      Type.Object(
        {
          name: text(100),
          number: text(100),
          issuer: text(100),
          validFrom: Day,
          validTo: Type.Optional(Nullable(Day)),
        },
        { additionalProperties: false },
      ),
    ),
    fees: Type.Optional(
      Type.Object(
        {
          items: Type.Array(
            Type.Object(
              {
                name: text(100),
                amount: Type.Number({ minimum: 0, maximum: 100_000_000, description: '元' }),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 20 },
          ),
          paid: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const WorklistQuery = Type.Object({
  queue: Type.Union(
    queues.map((q) => Type.Literal(q)),
    { default: 'all' },
  ),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  serial: Type.Optional(Type.String({ maxLength: 40 })),
  applicant: Type.Optional(Type.String({ maxLength: 100 })),
  item: Type.Optional(Uuid),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  overdue: Type.Optional(Type.Boolean()),
  ...Page,
});

export const ProgressBody = Type.Object(
  {
    serial: Type.String({ minLength: 1, maxLength: 40, description: '申办流水号' }),
    applicant: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: '申请人或申请单位' }),
    ),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: '查询密码' })),
  },
  { additionalProperties: false },
);
