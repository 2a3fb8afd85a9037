import { regionName, REGIONS } from './regions';
import type { BusinessForm, FormField, FormValue } from './schema';

/** A field with what a renderer or a validator needs next to its definition. */
export interface OrderedField {
  key: string;
  field: FormField;
  required: boolean;
}

/**
 * The fields in `x-order` order, each with its key and whether it is required. Tolerant of a
 * form being designed (the console's live preview): keys in `x-order` without a definition are
 * skipped, and defined fields missing from `x-order` follow in definition order.
 */
export function fieldsInOrder(form: BusinessForm): OrderedField[] {
  const properties = form.properties;
  const required = new Set(form.required ?? []);
  const keys = [...new Set(Array.isArray(form['x-order']) ? form['x-order'] : [])].filter((key) =>
    Object.hasOwn(properties, key),
  );
  for (const key of Object.keys(properties)) if (!keys.includes(key)) keys.push(key);
  return keys.map((key) => ({
    key,
    field: properties[key] as FormField,
    required: required.has(key),
  }));
}

export interface FieldOption {
  value: string;
  label: string;
}

/**
 * The options of a select, radio or region field (value + label); [] for other widgets. An
 * option without a name (a form still being designed) is labelled by its value.
 */
export function fieldOptions(field: FormField): FieldOption[] {
  if (field['x-widget'] === 'region') return REGIONS.map((r) => ({ value: r.code, label: r.name }));
  if (field['x-widget'] !== 'select' && field['x-widget'] !== 'radio') return [];
  const names = Array.isArray(field['x-enumNames']) ? field['x-enumNames'] : [];
  return (Array.isArray(field.enum) ? field.enum : []).map((value, i) => ({
    value,
    label: names[i] ?? value,
  }));
}

/**
 * An answer as people read it: option and region labels instead of codes, 是/否 for a checkbox,
 * '' for no answer. For pages that show a submitted application.
 */
export function answerText(field: FormField, value: FormValue | undefined): string {
  if (value === undefined) return '';
  switch (field['x-widget']) {
    case 'checkbox':
      return value === true ? '是' : '否';
    case 'region':
      return regionName(String(value)) ?? String(value);
    case 'select':
    case 'radio':
      return fieldOptions(field).find((o) => o.value === value)?.label ?? String(value);
    default:
      return String(value);
  }
}
