import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HallError, problemOf, type FieldError } from '../errors';

interface AjvError {
  keyword: string;
  instancePath: string;
  schemaPath?: string;
  params: Record<string, unknown>;
  message?: string;
}

/** What a failed `format` asks for, so a person can correct it (ajv names the format). */
const formatMessages: Record<string, string> = {
  date: '日期格式不正确，应为“年-月-日”，例如 2026-01-31',
  'date-time': '时间格式不正确',
  uuid: '编号格式不正确',
  email: '电子邮箱格式不正确',
  uri: '网址格式不正确',
};

/** Chinese messages for JSON-schema failures, keyed by ajv keyword. */
function messageFor(e: AjvError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return '此项为必填项';
    case 'minLength':
      return p.limit === 1 ? '此项不能为空' : `长度不能少于${String(p.limit)}个字符`;
    case 'maxLength':
      return `长度不能超过${String(p.limit)}个字符`;
    case 'format':
      return formatMessages[String(p.format)] ?? '格式不正确';
    case 'pattern':
      return '格式不正确';
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return '取值不在允许的范围内';
    case 'type':
      return '类型不正确';
    case 'minimum':
      return `不能小于${String(p.limit)}`;
    case 'maximum':
      return `不能大于${String(p.limit)}`;
    case 'minItems':
      return `至少需要${String(p.limit)}项`;
    case 'maxItems':
      return `最多只能有${String(p.limit)}项`;
    case 'additionalProperties':
      return '包含不允许的字段';
    default:
      return '填写的内容不正确';
  }
}

function fieldOf(e: AjvError): string {
  const base = e.instancePath.replace(/^\//, '');
  const extra = (e.params.missingProperty ?? e.params.additionalProperty) as string | undefined;
  return [base, extra].filter(Boolean).join('/');
}

export function fieldErrorsFromValidation(validation: AjvError[]): FieldError[] {
  const inBranch = (e: AjvError) =>
    Boolean(e.schemaPath && /\/(anyOf|oneOf)\/\d+\//.test(e.schemaPath));
  // A failed union reports every branch and then itself. A branch whose type matched but whose
  // constraint failed (a string too long for `string | null`) says what is wrong; the others
  // only say "not this type" or "not this value", so then the union's own error stands alone.
  const telling = validation.filter(
    (e) => inBranch(e) && e.keyword !== 'type' && e.keyword !== 'const',
  );
  const explained = new Set(telling.map((e) => e.instancePath));
  const seen = new Set<string>();
  const fieldErrors: FieldError[] = [];
  for (const e of validation) {
    if (inBranch(e) && !telling.includes(e)) continue;
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && explained.has(e.instancePath)) continue;
    const fieldError = { field: fieldOf(e), code: `schema.${e.keyword}`, message: messageFor(e) };
    const key = `${fieldError.field}\u0000${fieldError.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fieldErrors.push(fieldError);
  }
  return fieldErrors;
}

/** Problems for errors Fastify and its plugins raise themselves (bad JSON, body too large, …). */
const frameworkProblems: Record<number, [string, string]> = {
  400: ['bad_request', '请求格式不正确'],
  401: ['unauthenticated', '请先登录'],
  403: ['forbidden', '您没有权限进行此操作'],
  404: ['not_found', '您访问的内容不存在'],
  405: ['method_not_allowed', '不支持该请求方式'],
  406: ['not_acceptable', '不支持该响应格式'],
  413: ['payload_too_large', '提交的内容过大'],
  415: ['unsupported_media_type', '不支持该内容类型'],
  429: ['too_many_requests', '操作过于频繁，请稍后再试'],
};

/**
 * The one error handler: every failure leaves as RFC 9457 problem+json with a stable `code`
 * and a Chinese `title`. 5xx bodies carry nothing of the cause; the cause goes to the log.
 */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError | HallError, request, reply) => {
      let hallError: HallError;
      if (err instanceof HallError) {
        hallError = err;
      } else if (err.validation) {
        hallError = HallError.validation(fieldErrorsFromValidation(err.validation as AjvError[]));
      } else if (err.statusCode && err.statusCode < 500 && frameworkProblems[err.statusCode]) {
        const [code, title] = frameworkProblems[err.statusCode]!;
        hallError = new HallError(err.statusCode, code, title);
      } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        hallError = new HallError(err.statusCode, 'client_error', '请求无法处理，请检查后重试');
      } else if (err.statusCode === 503) {
        hallError = new HallError(503, 'unavailable', '服务暂时不可用，请稍后再试');
      } else {
        hallError = new HallError(500, 'internal_error', '系统繁忙，请稍后再试');
      }
      if (hallError.status >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ code: hallError.code, status: hallError.status }, 'request refused');
      if (hallError.headers) void reply.headers(hallError.headers);
      return reply
        .code(hallError.status)
        .type('application/problem+json; charset=utf-8')
        .send(problemOf(hallError, request.url.split('?')[0]));
    });

    app.setNotFoundHandler((request, reply) => {
      const err = HallError.notFound();
      return reply
        .code(404)
        .type('application/problem+json; charset=utf-8')
        .send(problemOf(err, request.url.split('?')[0]));
    });
  },
  { name: 'hall-errors', fastify: '5.x' },
);
