import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { registerPerson, registerUnit } from '../../domain/accounts';
import { metaOf } from '../../plugins/identity';
import { Password, Username } from '../schemas';

const Text = (max: number) => Type.String({ maxLength: max });
const Registered = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** 【注册】: 个人注册 and 单位注册. */
export default async function accountRoutes(app: HallApp) {
  const tags = ['accounts'];
  const rateLimit = { max: app.identity.config.AUTH_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 };

  app.post(
    '/accounts/person',
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: '个人注册',
        body: Type.Object({
          username: Username,
          password: Password,
          realName: Text(40),
          idNumber: Text(30),
          mobile: Text(20),
        }),
        response: { 201: Registered },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerPerson(app.identity, request.body, metaOf(request))),
  );

  app.post(
    '/accounts/unit',
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: '单位注册',
        body: Type.Object({
          username: Username,
          password: Password,
          unitName: Text(100),
          creditCode: Text(30),
          legalRepName: Text(40),
          legalRepIdNumber: Text(30),
          operatorName: Text(40),
          operatorMobile: Text(20),
        }),
        response: { 201: Registered },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerUnit(app.identity, request.body, metaOf(request))),
  );
}
