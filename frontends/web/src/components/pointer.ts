/**
 * A field's hint shown on leaving it pushes the page down. When the field was left by pressing
 * the mouse on something else (保存, a checkbox's label), the press began on the button but the
 * release would land on whatever moved under the pointer, and the click would be lost. So a hint
 * caused by a pointer press waits until the press is over (the click has been dispatched).
 */
let down = false;
let installed = false;

function install(): void {
  if (installed || typeof document === 'undefined') return;
  installed = true;
  document.addEventListener('pointerdown', () => (down = true), true);
  const up = () => (down = false);
  document.addEventListener('pointerup', up, true);
  document.addEventListener('pointercancel', up, true);
}

/** Runs `fn` now, or, while a pointer is pressed, just after it is released. */
export function afterPointer(fn: () => void): void {
  install();
  if (!down) {
    fn();
    return;
  }
  const done = () => {
    document.removeEventListener('pointerup', done, true);
    document.removeEventListener('pointercancel', done, true);
    // The click follows the pointerup in the same task: let it happen first.
    setTimeout(fn, 0);
  };
  document.addEventListener('pointerup', done, true);
  document.addEventListener('pointercancel', done, true);
}

/** Starts tracking presses (call from a component's effect, before any blur can happen). */
export const trackPointer = install;
