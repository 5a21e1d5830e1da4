import type postgres from "postgres";

/** What every bench module in bench/benches/*.ts exports (as `default` or named `bench`). */
export interface Bench {
  /** Printed as "bench" and used to select it: `npm run bench tenant-tx`. */
  name: string;
  /** Unit of the figure: "ms", "ratio", "rows/s", … */
  unit: string;
  /** ok = value <= budget, or value >= budget when higherIsBetter. */
  budget: number;
  /** Throughput-type figures: bigger is better, so the budget is a floor. */
  higherIsBetter?: boolean;
  /** Prepare data (shared datasets via ctx.once); not timed. */
  setup?(ctx: BenchContext): Promise<void>;
  /** Measure and return the figure. Throw to fail the bench (e.g. a plan assertion). */
  run(ctx: BenchContext): Promise<number>;
}

export interface BenchContext {
  /** Owner (superuser) URL of the fresh, migrated bench database. */
  url: string;
  /** One connection (max 1, prepared statements on, as the app's client). */
  sql: postgres.Sql;
  /** Memoizes an expensive step (a dataset) across the benches of one run. */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Diagnostics go to stderr; stdout carries only the JSON result lines. */
  log(...args: unknown[]): void;
}

export interface BenchResult {
  bench: string;
  value: number | null;
  unit: string;
  budget: number;
  ok: boolean;
  higherIsBetter?: true;
  error?: string;
}
