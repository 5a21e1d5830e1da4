/** Timing helpers. All durations in milliseconds. */

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("percentile of no samples");
  const s = [...samples].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export type Summary = { n: number; p50: number; p90: number; p99: number; min: number; mean: number };

export function summarize(samples: readonly number[]): Summary {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    min: Math.min(...samples),
    mean,
  };
}

export const fmt = (s: Summary): string =>
  `n=${s.n} p50=${s.p50.toFixed(3)} p90=${s.p90.toFixed(3)} p99=${s.p99.toFixed(3)} min=${s.min.toFixed(3)} mean=${s.mean.toFixed(3)} ms`;

/** Runs fn `warmup` times untimed, then `n` times, returning each call's duration. */
export async function timeEach(n: number, warmup: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = nowMs();
    await fn(i);
    out[i] = nowMs() - t0;
  }
  return out;
}

/** Rounds a figure for the JSON line. */
export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
