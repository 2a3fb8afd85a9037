import { HallError, type HallApp } from '@hall/platform';
import type { preHandlerAsyncHookHandler } from 'fastify';
import { lookupLetter, rateLetter } from '../../domain/public';
import { submitLetter } from '../../domain/submit';
import { LetterPublicView, ReceiptView } from '../../domain/view-schemas';
import {
  IdempotencyHeaders,
  LookupBody,
  NewLetterBody,
  RatingBody,
  StationParams,
} from '../schemas';

/** Requests a client IP may make per minute on a route, then 429 `rate_limited`. */
export function perMinute(max: number) {
  return {
    rateLimit: {
      max,
      timeWindow: 60_000,
      errorResponseBuilder: (_request: unknown, context: { ttl: number }) =>
        new HallError(429, 'rate_limited', '操作过于频繁，请稍后再试', {
          headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
        }),
    },
  };
}

/** 我要问 (咨询, 投诉, 建议) and 信件答复 for anyone; a person or unit token ties a letter to its writer. */
export default async function letterRoutes(app: HallApp) {
  const tags = ['letters'];
  const deps = app.letters;
  // A token that does not verify (expired, say) is refused, not taken as anonymous: the letter
  // would otherwise lose its writer without anyone noticing.
  const tokenIfAny: preHandlerAsyncHookHandler = async function (request, reply) {
    if (request.headers.authorization) await app.guard.signedIn.call(this, request, reply);
  };

  app.post(
    '/stations/:station/letters',
    {
      config: perMinute(deps.config.LETTERS_SUBMIT_RATE_LIMIT_PER_MINUTE),
      preHandler: tokenIfAny,
      schema: {
        tags,
        summary: '提交咨询、投诉或建议：返回受理编码（同一 Idempotency-Key 重试返回同一封信）',
        params: StationParams,
        headers: IdempotencyHeaders,
        body: NewLetterBody,
        response: { 200: ReceiptView, 201: ReceiptView },
      },
    },
    async (request, reply) => {
      const { created, receipt } = await submitLetter(
        deps,
        request.params.station,
        request.actor,
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.code(created ? 201 : 200).send(receipt);
    },
  );

  app.post(
    '/stations/:station/letters/lookup',
    {
      config: perMinute(deps.config.LETTERS_LOOKUP_RATE_LIMIT_PER_MINUTE),
      schema: {
        tags,
        summary: '信件答复：信件编号 + 手机号码查询（不符时不透露任何信息）',
        params: StationParams,
        body: LookupBody,
        response: { 200: LetterPublicView },
      },
    },
    async (request) =>
      lookupLetter(deps, request.params.station, request.body.code, request.body.mobile),
  );

  app.post(
    '/stations/:station/letters/rating',
    {
      config: perMinute(deps.config.LETTERS_LOOKUP_RATE_LIMIT_PER_MINUTE),
      preHandler: tokenIfAny,
      schema: {
        tags,
        summary: '评价答复：来信人（登录）或凭手机号码，答复后一次',
        params: StationParams,
        body: RatingBody,
        response: { 200: LetterPublicView },
      },
    },
    async (request) => rateLetter(deps, request.params.station, request.actor, request.body),
  );
}
