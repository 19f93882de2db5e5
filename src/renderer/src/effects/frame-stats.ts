// Rolling per-frame timing statistics (median, p90) for the adaptive controller, stats() and the bench.

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export class RollingWindow {
  private readonly values: number[] = [];

  constructor(private readonly size: number) {
    if (!(size >= 1)) throw new Error('RollingWindow size must be at least 1.');
  }

  push(v: number): void {
    this.values.push(v);
    if (this.values.length > this.size) this.values.shift();
  }

  get count(): number {
    return this.values.length;
  }

  mean(): number {
    return this.values.length === 0 ? 0 : this.values.reduce((a, b) => a + b, 0) / this.values.length;
  }

  percentile(p: number): number {
    return percentile(this.values, p);
  }

  clear(): void {
    this.values.length = 0;
  }
}
