/** The business form as JSON text (the designer's advanced view), parsed and checked. */
import { checkBusinessForm, type BusinessForm } from '@hall/platform/forms';

export type JsonCheck =
  | { ok: true; form: BusinessForm }
  | { ok: false; message: string; errors: Array<{ path: string; message: string }> };

/** Parses and checks the text: JSON syntax first, then the business-form checker. */
export function checkFormJson(text: string): JsonCheck {
  if (!text.trim()) {
    return {
      ok: false,
      message: '请填写业务表单的 JSON',
      errors: [{ path: '', message: '请填写业务表单的 JSON；如要删除业务表单，请在设计页面操作' }],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof SyntaxError ? err.message : '';
    return {
      ok: false,
      message: 'JSON 格式不正确',
      errors: [{ path: '', message: `JSON 格式不正确${detail ? `（${detail}）` : ''}` }],
    };
  }
  const result = checkBusinessForm(parsed);
  if (result.ok) return result;
  return {
    ok: false,
    message: '业务表单不符合要求，未保存',
    errors: result.errors.map((e) => ({ path: e.field, message: e.message })),
  };
}

export const formJson = (form: unknown): string => JSON.stringify(form, null, 2);
