// Keeps the benchmarks from rotting: each CPU-only benchmark runs once with tiny numbers and must print one
// JSON line with its figures and its reference. (The full runs are `npm run bench`, not part of the suite.)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes.js';

function runBench(name: string, env: Record<string, string>): Record<string, unknown> {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join('bench', name, 'bench.ts')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180_000 });
  const line = (r.stdout ?? '').trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) throw new Error(`bench ${name} failed (${r.status}):\n${(r.stderr ?? '').slice(-2000)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

describe('benchmarks run', () => {
  it('acd prints decisions/s, p99 and its reference', () => {
    const r = runBench('acd', { BENCH_AGENTS: '100', BENCH_CALLS: '500', BENCH_ROUNDS: '1' });
    expect(r).toMatchObject({ agents: 100, waitingCalls: 500 });
    expect(r.decisionsPerSecond).toBeGreaterThan(0);
    expect((r.reference as { decisionsPerSecond: number }).decisionsPerSecond).toBeGreaterThan(0);
    expect(typeof r.speedup).toBe('number');
  }, 200_000);

  it('registrations registers every agent on the companion and on Kamailio', () => {
    const r = runBench('registrations', { BENCH_AGENTS: '50', BENCH_REF_AGENTS: '50', BENCH_IN_FLIGHT: '10' });
    expect(r).toMatchObject({ agents: 50, registered: 50, failures: 0 });
    expect((r.reference as { failures: number }).failures).toBe(0);
  }, 200_000);
});
