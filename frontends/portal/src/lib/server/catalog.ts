/**
 * The catalog's answers as pages: an unknown item is the 404 page, a catalog that cannot be
 * reached the 503 page, both in the frame, never a crash.
 */
import { error } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';

export { catalog } from './services';

export const NOT_FOUND_ITEM = '您要查看的事项不存在或已下架';
export const NOT_FOUND_DEPARTMENT = '您要查看的部门不存在或已停用';
const UNAVAILABLE = '权力清单暂时无法访问，请稍后再试';

/**
 * Runs a catalog call for a page. 404 (and 400: an id that is no id) becomes the 404 page with
 * `notFound`; anything else the catalog answers or fails with becomes the friendly 503 page.
 */
export async function fromCatalog<T>(call: Promise<T>, notFound = NOT_FOUND_ITEM): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 404 || err.status === 400) error(404, notFound);
    error(503, UNAVAILABLE);
  }
}
