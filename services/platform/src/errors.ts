/** One field that failed validation, as shown next to the form control. */
export interface FieldError {
  /** JSON-pointer-like path of the offending field, e.g. `idNumber` or `answers/1`. */
  field: string;
  /** Stable machine code, e.g. `id_card.checksum`. */
  code: string;
  /** Chinese message for the user. */
  message: string;
}

export interface HallErrorOptions {
  detail?: string;
  errors?: FieldError[];
  cause?: unknown;
  headers?: Record<string, string>;
}

/**
 * The one error type of the hall. Every expected failure is a HallError with an HTTP status,
 * a stable `code` clients may branch on and a Chinese `title` for people; the error handler
 * turns it into RFC 9457 problem+json.
 */
export class HallError extends Error {
  override name = 'HallError';
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    options: HallErrorOptions = {},
  ) {
    super(`${code}: ${title}`, { cause: options.cause });
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  static validation(errors: FieldError[], title = '提交的信息有误，请检查后重试'): HallError {
    return new HallError(400, 'validation_failed', title, { errors });
  }

  static notFound(title = '您访问的内容不存在'): HallError {
    return new HallError(404, 'not_found', title);
  }

  static unauthenticated(title = '请先登录'): HallError {
    return new HallError(401, 'unauthenticated', title);
  }

  static forbidden(title = '您没有权限进行此操作'): HallError {
    return new HallError(403, 'forbidden', title);
  }

  static conflict(code: string, title: string, options?: HallErrorOptions): HallError {
    return new HallError(409, code, title, options);
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

export function problemOf(err: HallError, instance?: string): Problem {
  return {
    type: `urn:hall:problem:${err.code}`,
    title: err.title,
    status: err.status,
    code: err.code,
    ...(err.detail ? { detail: err.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(err.errors ? { errors: err.errors } : {}),
  };
}
