import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { resetPassword, resetQuestions } from '../../domain/accounts';
import { metaOf } from '../../plugins/identity';
import { Password, Username } from '../schemas';

/** 【忘记密码】: username → 密保问题 → answers and a new password. */
export default async function passwordResetRoutes(app: HallApp) {
  const tags = ['password-reset'];
  const rateLimit = { max: app.identity.config.AUTH_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 };

  app.post(
    '/password-reset/questions',
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: '获取密保问题',
        body: Type.Object({ username: Username }),
        response: { 200: Type.Object({ questions: Type.Array(Type.String()) }) },
      },
    },
    async (request) => ({ questions: await resetQuestions(app.identity, request.body.username) }),
  );

  app.post(
    '/password-reset',
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: '回答密保问题并重置密码',
        body: Type.Object({
          username: Username,
          answers: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 10 }),
          newPassword: Password,
        }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await resetPassword(app.identity, request.body, metaOf(request));
      return reply.code(204).send(null);
    },
  );
}
