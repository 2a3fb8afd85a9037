/** How the console's forms behave with JavaScript on (without it they post as usual). */
import { invalidateAll } from '$app/navigation';
import type { SubmitFunction } from '@sveltejs/kit';

/** A refused one-button action (someone else changed the thing) shows the latest with the message. */
export const reloadOnRefusal: SubmitFunction =
  () =>
  async ({ result, update }) => {
    await update();
    if (result.type === 'failure') await invalidateAll();
  };

/**
 * An editor with file inputs: what was typed stays, and what was chosen has been uploaded (or
 * refused) by the time the answer comes, so nothing is sent twice.
 */
export const keepTypedClearFiles: SubmitFunction =
  ({ formElement }) =>
  async ({ update }) => {
    await update({ reset: false });
    for (const input of formElement.querySelectorAll<HTMLInputElement>('input[type="file"]'))
      input.value = '';
  };
