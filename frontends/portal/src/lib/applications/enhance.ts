import { invalidate } from '$app/navigation';
import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` for an application's forms. The page shows what was saved (its load runs again),
 * so the form is not reset to its initial values after a successful 暂存. A refused 下一步 has
 * often saved the draft all the same (the check comes after the save), so the application is
 * read again then too: the next post carries its new revision.
 */
export const keepValues: SubmitFunction = () => {
  return async ({ result, update }) => {
    // Read first, then show the errors: by the time they show, the page holds the new revision.
    if (result.type === 'failure') await invalidate('app:application');
    await update({ reset: false });
  };
};
