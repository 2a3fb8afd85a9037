/**
 * A business form's fields as a list (in `x-order`), for the item pages and the designer.
 * Forms are shaped by @hall/platform/forms; this reads them defensively (a stored form was
 * checked by catalog, but the console does not rely on that for display).
 */
import { labelOf, widgets } from './labels';

export interface FormFieldRow {
  key: string;
  title: string;
  widget: string;
  required: boolean;
}

type Json = Record<string, unknown>;

export function formFieldList(form: Json | null | undefined): FormFieldRow[] {
  if (!form) return [];
  const properties = (form.properties ?? {}) as Record<string, Json>;
  const order = Array.isArray(form['x-order']) ? (form['x-order'] as string[]) : [];
  const keys = [
    ...order.filter((k) => k in properties),
    ...Object.keys(properties).filter((k) => !order.includes(k)),
  ];
  const required = Array.isArray(form.required) ? (form.required as string[]) : [];
  return keys.map((key) => {
    const field = properties[key] ?? {};
    return {
      key,
      title: typeof field.title === 'string' ? field.title : key,
      widget: labelOf(widgets, typeof field['x-widget'] === 'string' ? field['x-widget'] : ''),
      required: required.includes(key),
    };
  });
}
