import { Type, type Static, type TSchema } from 'typebox';

// Response shapes: routes serialize with them (so the OpenAPI document describes exactly what
// clients receive) and the view builders are typed by them.

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Time = Type.String({ description: 'RFC 3339' });

export const TimeLimitView = Type.Object({
  value: Type.Integer(),
  unit: Type.Union([Type.Literal('workday'), Type.Literal('day')]),
});

export const FileInfoView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  extension: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Nullable(Time),
});

export const MaterialSpecView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  media: Type.Array(Type.String()),
  necessity: Type.String({ description: 'required 必要 / deferrable 容缺后补 / optional 非必要' }),
  collection: Type.String({ description: 'upload 本地上传 / window 窗口提交' }),
  fileTypes: Type.Array(Type.String()),
  maxSizeMb: Type.Integer(),
  copies: Type.Integer(),
  blankFormId: Nullable(Type.String()),
  sampleId: Nullable(Type.String()),
  notes: Type.String(),
});

export const ItemView = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  implCode: Type.String(),
  powerType: Type.String(),
  handlingType: Type.String(),
  departmentId: Type.String(),
  departmentName: Type.String(),
  serviceObjects: Type.Array(Type.String()),
  online: Type.Boolean(),
  onlineDepth: Nullable(Type.Integer()),
  legalTimeLimit: Nullable(TimeLimitView),
  promisedTimeLimit: Nullable(TimeLimitView),
  notice: Type.String(),
  form: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: '业务表单' })),
  materials: Type.Array(MaterialSpecView),
});

const text = Nullable(Type.String());
export const BasicView = Type.Object({
  name: text,
  idType: Type.String(),
  idTypeLabel: Type.String(),
  idNumber: text,
  legalRepresentative: text,
  contactName: text,
  mobile: text,
  address: text,
  postcode: text,
  remarks: text,
});

export const ProvisionView = Type.Object({
  materialId: Type.String(),
  name: Type.String(),
  necessity: Type.String(),
  collection: Type.String(),
  provision: Nullable(Type.String({ description: 'upload / window / deferred / none' })),
  provisionLabel: Nullable(Type.String()),
  files: Type.Array(FileInfoView),
});

export const LicenceView = Type.Object({
  name: Type.String(),
  number: Type.String(),
  issuer: Type.String(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
});

export const FeesView = Type.Object({
  items: Type.Array(Type.Object({ name: Type.String(), amount: Type.Number() })),
  total: Type.Number(),
  paid: Type.Boolean(),
});

export const SupplementView = Type.Object({
  materials: Type.Array(Type.String()),
  fields: Type.Array(Type.String()),
  note: Type.String(),
  requestedAt: Time,
  resubmittedAt: Nullable(Time),
});

export const TimelineEntryView = Type.Object({
  at: Time,
  action: Type.String(),
  actionLabel: Type.String(),
  from: Nullable(Type.String()),
  to: Type.String(),
  stateLabel: Type.String(),
  opinion: Nullable(Type.String()),
  actor: Type.Object({
    kind: Type.String({ description: 'applicant / staff' }),
    roleLabel: Nullable(Type.String()),
    id: Type.Optional(Type.String({ description: '工作人员编号 (staff callers only)' })),
  }),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const EvaluationView = Type.Object({
  level: Type.Integer(),
  levelLabel: Type.String(),
  indicators: Type.Object({
    overall: Type.Integer(),
    efficiency: Type.Integer(),
    guideAccuracy: Type.Integer(),
    convenience: Type.Integer(),
    usability: Type.Integer(),
  }),
  comment: Nullable(Type.String()),
  anonymous: Type.Boolean(),
  at: Time,
});
export type EvaluationView = Static<typeof EvaluationView>;

export const ApplicationView = Type.Object({
  id: Type.String(),
  station: Type.String(),
  stationName: Type.String(),
  serial: Nullable(Type.String()),
  state: Type.String(),
  stateLabel: Type.String(),
  step: Type.String(),
  revision: Type.Integer({ description: '修订号：修改时放在 If-Match 头中' }),
  applicantKind: Type.String(),
  item: ItemView,
  basic: BasicView,
  answers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  materials: Type.Array(ProvisionView),
  createdAt: Time,
  updatedAt: Time,
  submittedAt: Nullable(Time),
  prereviewDueAt: Nullable(Time),
  acceptedAt: Nullable(Time),
  dueAt: Nullable(Time),
  completedAt: Nullable(Time),
  currentDueAt: Nullable(Time),
  overdue: Type.Boolean(),
  outcome: Nullable(Type.String()),
  outcomeLabel: Nullable(Type.String()),
  result: Type.Object({
    files: Type.Array(FileInfoView),
    licence: Nullable(LicenceView),
    fees: Nullable(FeesView),
  }),
  supplement: Nullable(SupplementView),
  reapplicationOf: Nullable(Type.String()),
  reappliedBy: Nullable(Type.String({ description: '重新申报 of this application' })),
  timeline: Type.Array(TimelineEntryView),
  evaluation: Nullable(EvaluationView),
  actions: Type.Array(Type.String()),
  availableActions: Type.Optional(Type.Array(Type.String())),
});
export type ApplicationView = Static<typeof ApplicationView>;

export const ApplicationListItemView = Type.Object({
  id: Type.String(),
  station: Type.String(),
  stationName: Type.String(),
  serial: Nullable(Type.String()),
  itemId: Type.String(),
  itemName: Type.String(),
  departmentName: Type.String(),
  state: Type.String(),
  stateLabel: Type.String(),
  createdAt: Time,
  updatedAt: Time,
  submittedAt: Nullable(Time),
  completedAt: Nullable(Time),
  currentDueAt: Nullable(Time),
  actions: Type.Array(Type.String()),
});
export type ApplicationListItemView = Static<typeof ApplicationListItemView>;

export const WorkItemView = Type.Object({
  id: Type.String(),
  serial: Type.String(),
  itemId: Type.String(),
  itemName: Type.String(),
  departmentId: Type.String(),
  departmentName: Type.String(),
  applicantKind: Type.String(),
  applicantName: Nullable(Type.String()),
  idNumberMasked: Type.String(),
  mobileMasked: Type.String(),
  state: Type.String(),
  stateLabel: Type.String(),
  submittedAt: Nullable(Time),
  currentDueAt: Nullable(Time),
  overdue: Type.Boolean(),
  revision: Type.Integer(),
});
export type WorkItemView = Static<typeof WorkItemView>;

const receiptFields = {
  applicationId: Type.String(),
  serial: Type.String(),
  queryPassword: Nullable(Type.String({ description: '查询密码 (applicant only)' })),
  station: Type.String(),
  stationName: Type.String(),
  itemName: Type.String(),
  departmentName: Type.String(),
  applicant: Type.Object({
    kind: Type.String(),
    name: Type.String(),
    idType: Type.String(),
    idTypeLabel: Type.String(),
    idNumberMasked: Type.String(),
    contactName: Type.String(),
    mobileMasked: Type.String(),
    address: Type.String(),
  }),
  submittedAt: Time,
  state: Type.String(),
  stateLabel: Type.String(),
  materials: Type.Array(
    Type.Object({
      name: Type.String(),
      necessity: Type.String(),
      necessityLabel: Type.String(),
      collection: Type.String(),
      provision: Nullable(Type.String()),
      provisionLabel: Type.String(),
      files: Type.Array(Type.String()),
    }),
  ),
  progressUrl: Type.String(),
};

/**
 * What 提交 and 补齐补正 answer: the 申报告知单's facts. Its printable form, with the QR code, is
 * `GET …/receipt`, which the portal shows after redirecting there; drawing the code on every
 * submit was work the portal threw away.
 */
export const SubmittedReceipt = Type.Object(receiptFields);
export type SubmittedReceipt = Static<typeof SubmittedReceipt>;

/** 申报告知单 as printed: its facts and the QR code of progressUrl. */
export const ReceiptView = Type.Object({
  ...receiptFields,
  qrCode: Type.String({ description: 'data:image/svg+xml;base64,… of progressUrl' }),
});
export type ReceiptView = Static<typeof ReceiptView>;

export const ProgressView = Type.Object({
  serial: Type.String(),
  itemName: Type.String(),
  station: Type.String(),
  stationName: Type.String(),
  departmentName: Type.String(),
  state: Type.String(),
  stateLabel: Type.String(),
  submittedAt: Nullable(Time),
  timeline: Type.Array(
    Type.Object({
      at: Time,
      action: Type.String(),
      actionLabel: Type.String(),
      state: Type.String(),
      stateLabel: Type.String(),
      opinion: Nullable(Type.String()),
    }),
  ),
});
export type ProgressView = Static<typeof ProgressView>;

export const FollowUpView = Type.Object({
  id: Type.String(),
  applicationId: Type.String(),
  serial: Nullable(Type.String()),
  itemName: Type.String(),
  level: Type.Integer(),
  levelLabel: Type.String(),
  comment: Nullable(Type.String()),
  state: Type.String(),
  response: Nullable(Type.String()),
  respondedAt: Nullable(Time),
  createdAt: Time,
});
export type FollowUpView = Static<typeof FollowUpView>;
