import { HallError, type HallApp } from '@hall/platform';
import { answerQuestion } from '../../domain/answers';
import { AskAnswer, AskBody, StationParams } from '../schemas';

/** 问答机器人: anyone may ask, without signing in; rate-limited per client address. */
export default async function askRoutes(app: HallApp) {
  const deps = app.assistant;
  app.post(
    '/stations/:station/ask',
    {
      config: {
        rateLimit: {
          max: deps.config.ASSISTANT_RATE_LIMIT_PER_MINUTE,
          timeWindow: 60_000,
          errorResponseBuilder: (_request, context) =>
            new HallError(429, 'too_many_requests', '提问过于频繁，请稍后再试', {
              headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
            }),
        },
      },
      schema: {
        tags: ['ask'],
        summary: '问答机器人：回答一个问题（事项材料、地点、时间、时限、收费、进度、常见问题…）',
        params: StationParams,
        body: AskBody,
        response: { 200: AskAnswer },
      },
    },
    async (request) => {
      const question = request.body.question.trim();
      if (question === '')
        throw HallError.validation([
          { field: 'question', code: 'question.blank', message: '请输入您要咨询的问题' },
        ]);
      return answerQuestion(deps.database, deps.rarity, request.params.station, question);
    },
  );
}
