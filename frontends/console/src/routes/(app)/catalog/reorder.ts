/**
 * Moves the element matching `pick` one place up or down. At either end it stays where it is.
 * Returns the new list and the element; null when nothing matches.
 */
export function moveInList<T>(
  list: readonly T[],
  pick: (element: T) => boolean,
  up: boolean,
): { list: T[]; item: T } | null {
  const from = list.findIndex(pick);
  if (from < 0) return null;
  const item = list[from]!;
  const to = Math.max(0, Math.min(list.length - 1, from + (up ? -1 : 1)));
  const next = [...list];
  next.splice(from, 1);
  next.splice(to, 0, item);
  return { list: next, item };
}
