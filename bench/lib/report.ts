import type { LoadResult } from './load';

export interface Row extends LoadResult {
  id: string;
  scenario: string;
  /** The id of the row this one is compared with. */
  baseline?: string;
  /** Requests per second of each round's slice. */
  roundsRps?: number[];
  /** p99 of each round's slice, in ms (the row's p99 is their median). */
  roundsP99?: number[];
  /** rps ÷ baseline rps: the median over the rounds. */
  ratio?: number;
  /** The lowest and highest per-round ratio. */
  ratioRange?: [number, number];
  /** Server CPU (user + system, all threads) per request, in ms. */
  cpuMsPerRequest: number;
  /** Baseline CPU per request ÷ this one's: the throughput ratio if CPU were the only limit. */
  cpuRatio?: number;
  /** For the row the goal is about: the lowest acceptable ratio, and whether it holds. */
  goal?: { min: number; holds: boolean };
  /** Set when the run saw errors or non-2xx answers: its figures mean nothing. */
  invalid?: string;
  /** Size of the response body (checked scenarios only), in bytes. */
  bytes?: number;
  /**
   * CPU other processes spent per request of this scenario, in ms (the portal's rows: identity
   * and its PostgreSQL backends). Not part of cpuMsPerRequest nor cpuRatio.
   */
  otherCpuMsPerRequest?: Record<string, number>;
  /** Mean number of the database's sessions waiting for a lock, active, idle in transaction. */
  sessions?: Record<string, number>;
  /** Uploads: megabytes (10^6 bytes) of files received per second. */
  mbps?: number;
  /** Scenarios measuring memory: the server's highest peak RSS over the slices, in MiB… */
  peakRssMiB?: number;
  /** …and its RSS after start, before any load of the group, in MiB. */
  startRssMiB?: number;
}

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));

export function table(rows: Row[]): string {
  const head = [
    'scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    'vs baseline',
    'ratio (range)',
    'cpu ms/req',
    'cpu ratio',
    'goal',
  ];
  const lines = rows.map((r) => [
    r.id,
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.baseline ?? '—',
    r.ratio === undefined
      ? '—'
      : `${r.ratio.toFixed(2)}${r.ratioRange ? ` (${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)})` : ''}`,
    Number.isFinite(r.cpuMsPerRequest) ? r.cpuMsPerRequest.toFixed(3) : '—',
    r.cpuRatio === undefined || !Number.isFinite(r.cpuRatio) ? '—' : r.cpuRatio.toFixed(2),
    r.invalid
      ? `INVALID: ${r.invalid}`
      : r.goal
        ? `≥ ${r.goal.min.toFixed(2)}: ${r.goal.holds ? 'holds' : 'FAILS'}`
        : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const right = [false, true, true, true, false, true, true, true, false];
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, right[i]))
      .join('  ')
      .trimEnd();
  const legend = rows.map(
    (r) =>
      `  ${pad(r.id, widths[0]!)}  ${r.scenario}${r.bytes !== undefined ? `; body ${size(r.bytes)}` : ''}`,
  );
  const elsewhere = rows
    .filter((r) => r.otherCpuMsPerRequest)
    .map((r) => {
      const others = Object.entries(r.otherCpuMsPerRequest!);
      const total = others.reduce((n, [, ms]) => n + ms, r.cpuMsPerRequest);
      return (
        `  ${pad(r.id, widths[0]!)}  CPU elsewhere per request: ` +
        others.map(([name, ms]) => `${name} ${ms.toFixed(3)} ms`).join(', ') +
        ` (not in cpu ms/req and cpu ratio); with the server's: ${total.toFixed(3)} ms`
      );
    });
  const sessions = rows
    .filter((r) => r.sessions)
    .map(
      (r) =>
        `  ${pad(r.id, widths[0]!)}  database sessions (mean over the slices): ` +
        Object.entries(r.sessions!)
          .map(([state, n]) => `${n.toFixed(1)} ${state === 'lock' ? 'waiting for a lock' : state}`)
          .join(', '),
    );
  return [
    fmt(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...lines.map(fmt),
    '',
    ...legend,
    ...(elsewhere.length ? ['', ...elsewhere] : []),
    ...(sessions.length ? ['', ...sessions] : []),
  ].join('\n');
}

/** The upload rows: throughput in MB/s and the server's memory, beside the request table. */
export function uploadTable(rows: Row[]): string {
  const head = [
    'scenario',
    'MB/s',
    'vs baseline',
    'ratio (range)',
    'peak RSS MiB',
    'start RSS MiB',
  ];
  const lines = rows.map((r) => [
    r.id,
    (r.mbps ?? 0).toFixed(0),
    r.baseline ?? '—',
    r.ratio === undefined
      ? '—'
      : `${r.ratio.toFixed(2)}${r.ratioRange ? ` (${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)})` : ''}`,
    r.peakRssMiB === undefined ? '—' : r.peakRssMiB.toFixed(0),
    r.startRssMiB === undefined || !Number.isFinite(r.startRssMiB) ? '—' : r.startRssMiB.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const right = [false, true, false, true, true, true];
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, right[i]))
      .join('  ')
      .trimEnd();
  return [
    "uploads: MB/s = 10^6 bytes of file received per second; peak RSS = the server's highest",
    'resident memory during the slices (kernel high-water mark); start RSS = after start, before any load.',
    fmt(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...lines.map(fmt),
  ].join('\n');
}
