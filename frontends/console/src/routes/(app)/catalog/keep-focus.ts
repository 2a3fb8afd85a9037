/**
 * `use:enhance` for small in-place forms (上移, 下移, 删除): after the page updates, keyboard
 * focus returns to the control with the same `data-focus` key (the same button of the moved
 * row) or, when that one is now disabled (上移 at the top), to its `data-focus-alt`, else to a
 * fallback, instead of the top of the page. Without JavaScript the forms work as plain posts.
 */
import { tick } from 'svelte';
import type { SubmitFunction } from '@sveltejs/kit';

export const keepFocus =
  (fallback = 'main'): SubmitFunction =>
  ({ submitter }) => {
    const keys = [submitter?.getAttribute('data-focus'), submitter?.getAttribute('data-focus-alt')];
    return async ({ update }) => {
      await update();
      await tick();
      const target =
        keys
          .filter((key): key is string => !!key)
          .map((key) =>
            document.querySelector<HTMLElement>(
              `[data-focus="${CSS.escape(key)}"]:not([disabled])`,
            ),
          )
          .find((element) => element !== null) ?? document.querySelector<HTMLElement>(fallback);
      target?.focus();
    };
  };
