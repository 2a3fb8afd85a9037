import type { LoggerOptions } from 'pino';

/**
 * Keys whose values are personal data or secrets. pino's `*.key` does not match a top-level
 * `key`, so each is listed at the top level, one level down and two levels down.
 */
const sensitiveKeys = [
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
];

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...sensitiveKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    redact: { paths: redactPaths, censor: '[REDACTED]' },
    messageKey: 'msg',
    serializers: {
      // The path only: query strings may carry personal data (a phone number in a look-up).
      req: (req: { method?: string; url?: string; ip?: string }) => ({
        method: req.method,
        url: req.url?.split('?')[0],
        remoteAddress: req.ip,
      }),
    },
  };
}
