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
  };
}
