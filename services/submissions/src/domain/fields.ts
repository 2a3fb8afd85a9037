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
