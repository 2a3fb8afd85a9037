/**
 * The materials service's answers as pages: a file that is not the account's (or unknown) is the
 * 404 page, a service that cannot be reached the 503 page.
 */
import { error } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';

export const NOT_FOUND_FILE = '您要查看的文件不存在';
const UNAVAILABLE = '资料库暂时无法访问，请稍后再试';

export async function fromMaterials<T>(call: Promise<T>, notFound = NOT_FOUND_FILE): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 404 || err.status === 400) error(404, notFound);
    if (err.status >= 500) error(503, UNAVAILABLE);
    throw err;
  }
}
