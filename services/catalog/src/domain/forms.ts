import type { FieldError } from '@hall/platform';
import { checkBusinessForm, type BusinessForm } from '@hall/platform/forms';

export type { BusinessForm };

/**
 * Check a business form schema with @hall/platform/forms. Field paths come back slash-separated
 * like every other field error (`properties/age/minimum`); '' is the form as a whole.
 */
export function checkForm(schema: unknown): FieldError[] {
  const result = checkBusinessForm(schema);
  if (result.ok) return [];
  return result.errors.map((e) => ({
    field: e.field.replaceAll('.', '/'),
    code: e.code,
    message: e.message,
  }));
}
