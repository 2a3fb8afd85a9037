import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { myLetter, myLetters } from '../../domain/public';
import { LetterPublicView, LetterSummary, pageOf } from '../../domain/view-schemas';
import { writerOf } from '../../plugins/letters';
import { MyLettersQuery, Uuid } from '../schemas';

/** 我的咨询: a signed-in person's or unit's letters, across stations. */
export default async function meRoutes(app: HallApp) {
  const tags = ['letters'];
  const deps = app.letters;
  const citizen = app.guard.citizen;

  app.get(
    '/me/letters',
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: '我的咨询（新的在前）',
        querystring: MyLettersQuery,
        response: { 200: pageOf(LetterSummary) },
      },
    },
    async (request) => myLetters(deps, writerOf(request), request.query),
  );

  app.get(
    '/me/letters/:id',
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: '咨询详情',
        params: Type.Object({ id: Uuid }),
        response: { 200: LetterPublicView },
      },
    },
    async (request) => myLetter(deps, writerOf(request), request.params.id),
  );
}
