import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { logout, refreshSession } from '../../domain/sessions';
import { signIn, type Realm } from '../../domain/sign-in';
import { metaOf } from '../../plugins/identity';
import { Password, TokenPair, Username } from '../schemas';

const Credentials = Type.Object({ username: Username, password: Password });
const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 200 }) });
const SignedIn = Type.Object({
  ...TokenPair.properties,
  account: Type.Object({
    id: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    station: Type.Union([Type.String(), Type.Null()]),
    roles: Type.Array(Type.String()),
  }),
});

/** 【登录】 for citizens and units (portal) and for staff (console); refresh and 退出. */
export default async function sessionRoutes(app: HallApp) {
  const tags = ['sessions'];
  const rateLimit = { max: app.identity.config.AUTH_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 };

  const signInRoute = (url: string, realm: Realm, summary: string) =>
    app.post(
      url,
      {
        config: { rateLimit },
        schema: { tags, summary, body: Credentials, response: { 200: SignedIn } },
      },
      async (request) => {
        const { tokens, subject, name } = await signIn(
          app.identity,
          realm,
          request.body.username,
          request.body.password,
          metaOf(request),
        );
        return {
          ...tokens,
          account: {
            id: subject.id,
            kind: subject.kind,
            name,
            station: subject.station,
            roles: subject.roles,
          },
        };
      },
    );
  signInRoute('/sessions', 'citizen', '个人/单位用户登录');
  signInRoute('/staff/sessions', 'staff', '工作人员登录');

  app.post(
    '/sessions/refresh',
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: '刷新令牌（轮换）',
        body: RefreshBody,
        response: { 200: TokenPair },
      },
    },
    async (request) => refreshSession(app.identity, request.body.refreshToken, metaOf(request)),
  );

  app.post(
    '/sessions/logout',
    { schema: { tags, summary: '退出登录', body: RefreshBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await logout(app.identity, request.body.refreshToken, metaOf(request));
      return reply.code(204).send(null);
    },
  );
}
