/**
 * What the robot must keep scoring on eval/questions.json (the tap test and `pnpm eval` fail
 * below). The set was written before tuning, but its misses then guided general fixes, so the
 * measured figures (README.md) are optimistic; the floors leave room for a general change to
 * cost a few questions (8 at top-1, 4 at top-3 of 81), not for a regression.
 */
export const FLOORS = { top1: 0.9, top3: 0.95 } as const;
