/** One figure of `npm run bench`. */
export interface BenchRow {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  detail?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchRow[]>;
}
