import { Type } from 'typebox';

// Request and response schemas of the robot's route (validation, serialisation and OpenAPI).

export const StationParams = Type.Object({ station: Type.String({ minLength: 1, maxLength: 40 }) });

export const AskBody = Type.Object(
  {
    question: Type.String({ minLength: 1, maxLength: 200, description: '问题，1–200 字' }),
  },
  { additionalProperties: false },
);

const Intent = Type.Union(
  [
    Type.Literal('greeting'),
    Type.Literal('progress'),
    Type.Literal('list'),
    Type.Literal('materials'),
    Type.Literal('location'),
    Type.Literal('hours'),
    Type.Literal('time_limit'),
    Type.Literal('fee'),
    Type.Literal('guide'),
    Type.Literal('faq'),
    Type.Literal('unknown'),
  ],
  { description: '问题的意图' },
);

export const AskAnswer = Type.Object({
  question: Type.String(),
  intent: Intent,
  answer: Type.String({ description: '答复（纯文本）' }),
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      name: Type.String(),
      departmentName: Type.String(),
      powerType: Type.String(),
      powerTypeLabel: Type.String(),
      online: Type.Boolean(),
      href: Type.String({ description: '门户中该事项办事指南的路径' }),
      detail: Type.String({ description: '回答问题的部分（多行以换行分隔）' }),
    }),
    { maxItems: 5 },
  ),
  faqs: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      question: Type.String(),
      answer: Type.String(),
      departmentName: Type.String(),
    }),
    { maxItems: 3 },
  ),
  links: Type.Array(Type.Object({ label: Type.String(), href: Type.String() })),
});
