/**
 * A business form (业务表单, `@hall/platform/forms`) on a page: the names its inputs carry, the
 * submitted FormData read back into answers for `validateAnswers`, and errors and labels in the
 * shape `BusinessForm.svelte` and `ErrorSummary` take.
 */
import { fieldsInOrder, type BusinessForm, type FormValue } from '@hall/platform/forms';

/** Inputs of a business form are named `form.<key>`, so they never clash with a page's own. */
export const BUSINESS_FORM_PREFIX = 'form.';

export const businessFormName = (key: string): string => `${BUSINESS_FORM_PREFIX}${key}`;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * The answers in a submitted form, typed per field: text as typed; a number field's text as a
 * number when it reads as one (full-width digits, spaces and thousands separators allowed),
 * otherwise as typed so `validateAnswers` can say so and the page can show it again; a checkbox
 * as true/false. Fields left empty are absent. Only the form's own fields are read.
 */
export function parseBusinessFormData(
  form: BusinessForm,
  data: FormData,
): Record<string, FormValue> {
  const answers: Record<string, FormValue> = {};
  for (const { key, field } of fieldsInOrder(form)) {
    const name = businessFormName(key);
    if (field['x-widget'] === 'checkbox') {
      answers[key] = data.has(name);
      continue;
    }
    const value = text(data, name);
    if (value.trim() === '') continue;
    if (field['x-widget'] === 'number') {
      const compact = value.normalize('NFKC').replace(/[\s,]/g, '');
      answers[key] = NUMBER.test(compact) ? Number(compact) : value;
    } else {
      answers[key] = value;
    }
  }
  return answers;
}

/**
 * Field errors (from `validateAnswers`, or a service's problem whose fields are the form's keys)
 * keyed by input name, as `BusinessForm.svelte` and `ErrorSummary` take them: the first message
 * of each field.
 */
export function businessFormErrors(
  errors: ReadonlyArray<{ field: string; message: string }>,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const e of errors) fields[businessFormName(e.field)] ??= e.message;
  return fields;
}

/** Input name → field title, for `ErrorSummary`'s links. */
export function businessFormLabels(form: BusinessForm): Record<string, string> {
  return Object.fromEntries(
    fieldsInOrder(form).map(({ key, field }) => [businessFormName(key), field.title]),
  );
}
