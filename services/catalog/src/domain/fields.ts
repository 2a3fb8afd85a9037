import type { FieldError } from '@hall/platform';

/** Collects every invalid field of a request, so the user sees all problems at once. */
export class FieldErrors {
  readonly list: FieldError[] = [];

  add(field: string, code: string, message: string): this {
    this.list.push({ field, code, message });
    return this;
  }

  get any(): boolean {
    return this.list.length > 0;
  }
}

/** PostgreSQL unique violation on the named constraint (drizzle wraps driver errors in `cause`). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (
    let e = err as
      { code?: string; constraint_name?: string; constraint?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code === '23505' && (e.constraint_name ?? e.constraint) === constraint) return true;
  }
  return false;
}
