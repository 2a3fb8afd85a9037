/** Saving a business form into the item's draft, for the designer and its JSON view. */
import { ProblemError } from '@hall/web';
import { fail, redirect, type Cookies } from '@sveltejs/kit';
import {
  catalogAdmin,
  catalogFormFailure,
  requireCatalogEditor,
  type AdminItem,
} from '$lib/server/catalog';
import { setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import type { BusinessForm } from '@hall/platform/forms';
import { designerErrors } from './form-designer';
import { isConflict, postedRevision, working } from './item.server';

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  params: { id: string };
  request: Request;
  cookies: Cookies;
};

export type FormEdit<V> = (
  current: BusinessForm | null,
  data: FormData,
) =>
  | { ok: true; form: BusinessForm | null; done: string; values: V }
  | {
      ok: false;
      status: number;
      values: V;
      message: string;
      fields: Record<string, string>;
      other?: string[];
    };

/**
 * Reads the posted form, applies `edit` to the draft's business form, saves the draft at the
 * posted revision, and goes back to `back` with a notice. A refused edit (the checker's or
 * catalog's errors) returns to the page with the errors per designer input.
 */
export async function saveBusinessForm<V>(
  event: Event,
  edit: FormEdit<V>,
  options: { back: string; action: string; errorKey?: (values: V) => string },
) {
  const { station } = requireCatalogEditor(event);
  const id = event.params.id;
  const data = await event.request.formData();
  const revision = postedRevision(data);
  let item: AdminItem;
  let result: ReturnType<FormEdit<V>> | undefined;
  const ctx = callContext(event);
  try {
    const api = catalogAdmin();
    item = await api.item(station, id, ctx);
    const def = working(item);
    result = edit((def.form as BusinessForm | null) ?? null, data);
    if (!result.ok) {
      return fail(result.status, {
        action: options.action,
        values: result.values,
        message: result.message,
        fields: result.fields,
        other: result.other ?? [],
      });
    }
    await api.saveDraft(
      station,
      id,
      { ...def, form: result.form },
      Number.isNaN(revision) ? item.revision : revision,
      ctx,
    );
  } catch (err) {
    const values = result?.values;
    if (isConflict(err)) {
      return fail(409, {
        action: options.action,
        values,
        message: '该事项已被他人修改，表单未保存。页面已显示最新内容，请核对后重新操作。',
        fields: {} as Record<string, string>,
        other: [] as string[],
      });
    }
    if (err instanceof ProblemError && err.status === 400 && err.problem.errors?.length) {
      const formErrors = err.problem.errors.filter((e) => e.field.startsWith('form'));
      const rest = err.problem.errors.filter((e) => !e.field.startsWith('form'));
      const found = designerErrors(
        formErrors,
        values === undefined ? '' : (options.errorKey?.(values) ?? ''),
      );
      return fail(400, {
        action: options.action,
        values,
        message: '业务表单有误，未保存',
        fields: found.fields,
        other: [...found.other, ...rest.map((e) => e.message)],
      });
    }
    const { status, data: failed } = catalogFormFailure(err, values, [], event.url.pathname);
    return fail(status, {
      action: options.action,
      values,
      message: failed.message,
      fields: {} as Record<string, string>,
      other: [] as string[],
    });
  }
  setFlash(event, result!.done);
  redirect(303, options.back);
}
