import { Type, type Static, type TSchema } from 'typebox';

// Response shapes: routes serialize with them (so the OpenAPI document describes exactly what
// clients receive) and the view builders are typed by them.

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Time = Type.String({ description: 'RFC 3339' });

export const KindSchema = Type.Union([
  Type.Literal('consultation'),
  Type.Literal('complaint'),
  Type.Literal('suggestion'),
]);
export const StateSchema = Type.Union([
  Type.Literal('received'),
  Type.Literal('assigned'),
  Type.Literal('replied'),
  Type.Literal('closed'),
  Type.Literal('out_of_scope'),
]);
export const RatingSchema = Type.Union([
  Type.Literal('satisfied'),
  Type.Literal('basically_satisfied'),
  Type.Literal('dissatisfied'),
]);

export const ReceiptView = Type.Object({
  id: Type.String(),
  code: Type.String({ description: '受理编码' }),
  kind: KindSchema,
  receivedAt: Time,
  dueAt: Time,
});

const summaryProperties = {
  id: Type.String(),
  station: Type.String(),
  code: Type.String({ description: '受理编码' }),
  kind: KindSchema,
  kindLabel: Type.String({ description: '咨询 / 投诉 / 建议' }),
  subject: Type.String(),
  departmentName: Nullable(Type.String()),
  state: StateSchema,
  stateLabel: Type.String(),
  receivedAt: Time,
  dueAt: Time,
  repliedAt: Nullable(
    Type.String({ description: 'when it was answered (reply or 不予受理 explanation)' }),
  ),
};

export const LetterSummary = Type.Object(summaryProperties);

const Attachment = Type.Object({
  fileId: Type.String(),
  name: Type.String(),
  size: Type.Integer(),
  mediaType: Type.String(),
});

const detailProperties = {
  content: Type.String(),
  relatedSerial: Nullable(Type.String({ description: '申办流水号 (投诉)' })),
  staffName: Nullable(Type.String({ description: '被投诉人员 (投诉)' })),
  contactNameMasked: Type.String(),
  mobileMasked: Type.String(),
  publicConsent: Type.Boolean(),
  attachments: Type.Array(Attachment),
  reply: Nullable(
    Type.Object({ text: Type.String(), departmentName: Nullable(Type.String()), repliedAt: Time }),
  ),
  outOfScope: Nullable(Type.Object({ explanation: Type.String(), at: Time })),
  followUps: Type.Array(Type.Object({ note: Type.String(), at: Time })),
  closedAt: Nullable(Time),
  rating: Nullable(
    Type.Object({
      rating: RatingSchema,
      ratingLabel: Type.String(),
      comment: Nullable(Type.String()),
      at: Time,
    }),
  ),
};

const Step = Type.Object({ action: Type.String(), label: Type.String(), at: Time });

export const LetterPublicView = Type.Object({
  ...summaryProperties,
  ...detailProperties,
  timeline: Type.Array(Step),
});

const staffProperties = {
  overdue: Type.Boolean(),
  departmentId: Nullable(Type.String()),
  remainingWorkdays: Nullable(
    Type.Integer({ description: '0 on the due day, negative when overdue, null once answered' }),
  ),
};

export const StaffLetterSummary = Type.Object({ ...summaryProperties, ...staffProperties });

export const StaffLetterView = Type.Object({
  ...summaryProperties,
  ...detailProperties,
  ...staffProperties,
  revision: Type.Integer(),
  writerKind: Type.Union([Type.Literal('person'), Type.Literal('unit'), Type.Literal('anonymous')]),
  timeline: Type.Array(
    Type.Object({
      action: Type.String(),
      label: Type.String(),
      at: Time,
      actor: Type.Object({ kind: Type.String(), id: Nullable(Type.String()) }),
      note: Nullable(Type.String()),
    }),
  ),
  allowedActions: Type.Array(Type.String()),
});

export const ContactView = Type.Object({ contactName: Type.String(), mobile: Type.String() });

const faqProperties = {
  id: Type.String(),
  station: Type.String(),
  question: Type.String(),
  answer: Type.String(),
  departmentId: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  publishedAt: Time,
};

export const FaqView = Type.Object(faqProperties);

export const StaffFaqView = Type.Object({
  ...faqProperties,
  letterId: Type.String(),
  state: Type.Union([Type.Literal('published'), Type.Literal('withdrawn')]),
  updatedAt: Time,
  withdrawnAt: Nullable(Time),
});

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

export type ReceiptView = Static<typeof ReceiptView>;
export type LetterSummary = Static<typeof LetterSummary>;
export type LetterPublicView = Static<typeof LetterPublicView>;
export type StaffLetterSummary = Static<typeof StaffLetterSummary>;
export type StaffLetterView = Static<typeof StaffLetterView>;
export type FaqView = Static<typeof FaqView>;
export type StaffFaqView = Static<typeof StaffFaqView>;
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
