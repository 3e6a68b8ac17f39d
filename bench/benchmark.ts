/** Options every benchmark section receives from the command line. */
export interface BenchOptions {
  /** Seed of the pseudo-random generator: same seed, same figures. */
  readonly seed: number;
  /** Simulated cases per group. */
  readonly samples: number;
  /** Fleet sizes the fleet section runs; default 1,000 and 10,000 units. */
  readonly units?: readonly number[];
}

export interface BenchTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** What one benchmark prints: aligned tables for people and a JSON value for machines. */
export interface BenchSection {
  readonly title: string;
  readonly tables: readonly BenchTable[];
  /** Lines printed under the table: what was simulated, which targets were met. */
  readonly notes: readonly string[];
  readonly json: unknown;
}

export interface Benchmark {
  readonly name: string;
  run(options: BenchOptions): Promise<BenchSection>;
}
