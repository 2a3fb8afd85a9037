import { HallError, type HallApp } from '@hall/platform';
import { queryProgress, type ProgressQuery } from '../../domain/progress';
import { ProgressView } from '../../domain/view-schemas';
import { ProgressBody } from '../schemas';

/** 进度查询 without signing in: serial plus applicant name, or serial plus query password. */
export default async function progressRoutes(app: HallApp) {
  const deps = app.submissions;
  // A sealed value to decrypt when the serial is unknown, so every answer costs the same.
  const decoy = deps.cipher.seal('decoy-password');

  app.post(
    '/progress',
    {
      config: {
        rateLimit: {
          max: deps.config.PROGRESS_RATE_LIMIT_PER_MINUTE,
          timeWindow: 60_000,
          errorResponseBuilder: (_request, context) =>
            new HallError(429, 'too_many_requests', '查询过于频繁，请稍后再试', {
              headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
            }),
        },
      },
      schema: {
        tags: ['progress'],
        summary: '进度查询：申办流水号 + 申请人（或申请单位），或申办流水号 + 查询密码',
        body: ProgressBody,
        response: { 200: ProgressView },
      },
    },
    async (request) => {
      const { serial, applicant, password } = request.body;
      if ((applicant === undefined) === (password === undefined))
        throw HallError.validation([
          {
            field: 'applicant',
            code: 'progress.one_of',
            message: '请填写申请人（或申请单位），或查询密码，二者选一',
          },
        ]);
      const query = (
        applicant !== undefined ? { serial, applicant } : { serial, password }
      ) as ProgressQuery;
      return queryProgress(deps, query, decoy);
    },
  );
}
