import { stdSerializers, type LoggerOptions } from 'pino';

/** Keys whose values are personal data or secrets, wherever they appear in a log line. */
export const sensitiveKeys: ReadonlySet<string> = new Set([
  'password',
  'newPassword',
  'oldPassword',
  'currentPassword',
  'passwordHash',
  'idNumber',
  'legalRepIdNumber',
  'mobile',
  'phone',
  'operatorMobile',
  'answer',
  'answers',
  'answerHash',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'privateKey',
  'queryPassword',
]);

const CENSOR = '[REDACTED]';
/** Keys pino's serializers shape themselves; narrow redact paths cover them instead. */
const serialized = new Set(['req', 'res', 'err']);

/** Censor sensitive keys down to two levels below the line, copying only what changes. */
function scrub(value: unknown, depth: number): unknown {
  if (depth > 2 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const next = scrub(item, depth + 1);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key in record) {
    const item = record[key];
    const next = sensitiveKeys.has(key) ? CENSOR : scrub(item, depth + 1);
    if (next !== item) (copy ??= { ...record })[key] = next;
  }
  return copy ?? value;
}

/** Properties of database errors that hold a statement's parameters (drizzle, postgres.js). */
const PARAMETER_KEYS = ['params', 'parameters', 'args'] as const;

/**
 * An error as a log line shows it, without the parameters of a failed statement: drizzle wraps
 * driver errors in a `DrizzleQueryError` whose message ends `params: <every value>` and which
 * carries them again as `params` — an applicant's name or ID number, whatever was being written.
 * The statement's text (placeholders only) and the driver's cause stay, for diagnosis.
 */
export function errorWithoutParameters(err: Error): ReturnType<typeof stdSerializers.err> {
  const serialized = stdSerializers.err(err) as ReturnType<typeof stdSerializers.err> &
    Record<string, unknown>;
  // `err` is whatever the caller logged under that key: pino passes non-errors through as they are.
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  // pino folds the cause into `stack` ("caused by: …"); drivers keep values out of messages.
  if (typeof serialized.message === 'string')
    serialized.message = serialized.message.replace(/\nparams: [\s\S]*$/, `\nparams: ${CENSOR}`);
  if (typeof serialized.stack === 'string')
    serialized.stack = serialized.stack.replace(
      /\nparams: [\s\S]*?(?=\n {4}at |$)/,
      `\nparams: ${CENSOR}`,
    );
  for (const key of PARAMETER_KEYS) if (key in serialized) serialized[key] = CENSOR;
  return serialized;
}

/**
 * Redaction is a `formatters.log` scan (one set look-up a key) rather than pino wildcard paths:
 * pino's redactor runs every `*.key` path over every field of every line, which cost a third of
 * a trivial request's throughput (bench/README.md). Errors keep narrow paths so their
 * serializer still sees an Error.
 */
export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        ...[...sensitiveKeys].flatMap((k) => [`err.${k}`, `err.*.${k}`]),
      ],
      censor: CENSOR,
    },
    formatters: {
      log(object) {
        let copy: Record<string, unknown> | null = null;
        for (const key in object) {
          if (serialized.has(key)) continue;
          const item = object[key];
          const next = sensitiveKeys.has(key) ? CENSOR : scrub(item, 1);
          if (next !== item) (copy ??= { ...object })[key] = next;
        }
        return copy ?? object;
      },
    },
    messageKey: 'msg',
    serializers: {
      err: errorWithoutParameters,
      // The path only: query strings may carry personal data (a phone number in a look-up).
      req: (req: { method?: string; url?: string; ip?: string }) => ({
        method: req.method,
        url: req.url?.split('?')[0],
        remoteAddress: req.ip,
      }),
    },
  };
}
