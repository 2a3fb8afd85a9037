import { HallError, type HallApp } from '@hall/platform';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  changePassword,
  getProfile,
  getSecurityQuestions,
  setSecurityQuestions,
  updateProfile,
} from '../../domain/accounts';
import { metaOf } from '../../plugins/identity';
import { Password } from '../schemas';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** 【个人/企业空间】: 个人信息 / 资料设置, 修改密码, 密保问题 — the signed-in citizen's own data. */
export default async function meRoutes(app: HallApp) {
  const tags = ['me'];
  app.addHook('preHandler', app.guard.citizen);
  // Routes that check the current password are limited per account, so a stolen access token
  // cannot be used to guess it at speed.
  const passwordChecked = {
    rateLimit: {
      max: app.identity.config.AUTH_RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      keyGenerator: (request: FastifyRequest) => request.actor?.id ?? request.ip,
    },
  };
  const self = (id: string | undefined) => {
    if (!id) throw HallError.unauthenticated();
    return id;
  };

  app.get('/me', { schema: { tags, summary: '个人/单位资料' } }, async (request) =>
    getProfile(app.identity, self(request.actor?.id)),
  );

  app.patch(
    '/me',
    {
      schema: {
        tags,
        summary: '资料设置',
        body: Type.Object(
          {
            mobile: Type.Optional(Type.String({ maxLength: 20 })),
            email: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            operatorName: Type.Optional(Type.String({ maxLength: 40 })),
            legalRepName: Type.Optional(Type.String({ maxLength: 40 })),
            legalRepIdNumber: Type.Optional(Type.String({ maxLength: 30 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) =>
      updateProfile(app.identity, self(request.actor?.id), request.body, metaOf(request)),
  );

  app.put(
    '/me/password',
    {
      config: passwordChecked,
      schema: {
        tags,
        summary: '修改密码',
        body: Type.Object({ currentPassword: Password, newPassword: Password }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await changePassword(app.identity, self(request.actor?.id), request.body, metaOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me/security-questions',
    {
      schema: {
        tags,
        summary: '密保问题（不含答案）',
        response: { 200: Type.Object({ questions: Type.Array(Type.String()) }) },
      },
    },
    async (request) => ({
      questions: await getSecurityQuestions(app.identity, self(request.actor?.id)),
    }),
  );

  app.put(
    '/me/security-questions',
    {
      config: passwordChecked,
      schema: {
        tags,
        summary: '设置密保问题',
        body: Type.Object({
          currentPassword: Password,
          questions: Type.Array(
            Type.Object({
              question: Type.String({ maxLength: 100 }),
              answer: Type.String({ maxLength: 100 }),
            }),
            { maxItems: 10 },
          ),
        }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await setSecurityQuestions(
        app.identity,
        self(request.actor?.id),
        request.body,
        metaOf(request),
      );
      return reply.code(204).send(null);
    },
  );
}
