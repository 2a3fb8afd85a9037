/**
 * Summarise a V8 CPU profile written with BENCH_CPU_PROF=1:
 *   node --import tsx profile.ts results/profiles/platform-full.cpuprofile [top] [from-seconds]
 * Self time by package (or source file) and by function, as shares of the busy time; with
 * `from-seconds`, only the samples taken that long after the profile started (leaving out the
 * server's start: module loading, schema compilation, migrations).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, fromArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx profile.ts <file.cpuprofile> [top] [from-seconds]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** Where a function lives: an npm package, a workspace folder, node itself, or V8. */
function origin(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return url;
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  // tsx compiles a module to one line: the file, not the line, tells functions apart.
  const ws = /\/(services\/[^/]+\/src\/.+?\.ts|bench\/.+?\.ts)/.exec(url);
  return ws ? ws[1]! : url;
}

const from = Number(fromArg ?? 0) * 1e6;
const self = new Map<number, number>();
let elapsed = 0;
profile.samples.forEach((id, i) => {
  elapsed += profile.timeDeltas[i] ?? 0;
  if (elapsed >= from) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self]
  .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
  .reduce((a, [, t]) => a + t, 0);
const busy = total - idle;

const byOrigin = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, t] of self) {
  const { functionName, url } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') continue;
  const o = origin(url, functionName);
  byOrigin.set(o, (byOrigin.get(o) ?? 0) + t);
  const key = keyOf(id);
  byFunction.set(key, (byFunction.get(key) ?? 0) + t);
}

// Inclusive time: a function's own samples and those of everything it called, counted once
// per sample even when the function recurses.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
function keyOf(id: number): string {
  const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
  return `${functionName || '(anonymous)'}  ${origin(url, functionName)}${url ? `:${lineNumber + 1}:${columnNumber + 1}` : ''}`;
}
const inclusive = new Map<string, number>();
// The same by origin: the time spent in a package and in everything it called (what it costs
// its callers), e.g. drizzle-orm including the postgres.js calls it makes.
const inclusiveOrigin = new Map<string, number>();
for (const [id, t] of self) {
  if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
  const seen = new Set<string>();
  const seenOrigin = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = keyOf(at);
    if (key.startsWith('(root)')) continue;
    const { functionName, url } = byId.get(at)!.callFrame;
    const o = origin(url, functionName);
    if (!seenOrigin.has(o)) {
      seenOrigin.add(o);
      inclusiveOrigin.set(o, (inclusiveOrigin.get(o) ?? 0) + t);
    }
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
}

const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
const list = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, t]) => `  ${pct(t)}  ${k}`)
    .join('\n');
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (shares below are of busy time)`,
);
console.log(`\nself time by origin:\n${list(byOrigin)}`);
console.log(`\ninclusive time by origin:\n${list(inclusiveOrigin)}`);
console.log(`\nself time by function:\n${list(byFunction)}`);
console.log(`\ninclusive time by function:\n${list(inclusive)}`);
