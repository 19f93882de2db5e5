// Keeps the benchmarks from rotting: each benchmark runs once with tiny numbers and must print one JSON line
// with its figures and its reference. No timing assertions (the machine is shared); only that every call
// and registration was made and measured. The full runs are `npm run bench`, not part of the suite.
// The browser benchmarks need the build (`node scripts/build.mjs`, done before the e2e project).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes.js';

function runBench(name: string, env: Record<string, string>, timeoutMs = 180_000): Record<string, unknown> {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join('bench', name, 'bench.ts')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs });
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

  it('sip-throughput registers and calls through the companion and Kamailio with SIPp', () => {
    const r = runBench('sip-throughput', { BENCH_AGENTS: '10', BENCH_CALLS: '20', BENCH_RATE: '20', BENCH_LIMIT: '5' });
    expect(r).toMatchObject({ agents: 10, calls: 20, registrationFailures: 0 });
    expect(r.callsOk).toBeGreaterThan(0);
    expect((r.callsOk as number) + (r.failedCalls as number)).toBe(20);
    expect(r.agentsLeftInCall).toBe(0);
    expect((r.reference as { registrationFailures: number }).registrationFailures).toBe(0);
    expect((r.reference as { callsPerSecond: number }).callsPerSecond).toBeGreaterThan(0);
    expect(typeof r.ratioCalls).toBe('number');
  }, 200_000);

  it('ring-latency measures the agent UI and the bare page', () => {
    const r = runBench('ring-latency', { BENCH_CALLS: '2' });
    expect(r.calls).toBe(2);
    expect(typeof r.p50Ms).toBe('number');
    expect(typeof (r.reference as { p50Ms: number }).p50Ms).toBe('number');
  }, 200_000);

  it('answer-to-audio sees audio on both sides for the product and the bare pages', () => {
    const r = runBench('answer-to-audio', { BENCH_CALLS: '2' });
    expect(r.calls).toBe(2);
    for (const k of ['agentP50Ms', 'customerP50Ms', 'bothP95Ms']) expect(typeof r[k]).toBe('number');
    const ref = r.reference as Record<string, unknown>;
    for (const k of ['agentP50Ms', 'customerP50Ms']) expect(typeof ref[k]).toBe('number');
  }, 200_000);

  it('video-effects measures every effect in the worker, the naive reference and the UI thread', () => {
    const r = runBench('video-effects', { BENCH_SECONDS: '1' });
    for (const k of ['none', 'blur', 'background', 'faceTracking', 'naiveBlur']) {
      expect(r[k]).toMatchObject({ where: 'worker', medianMs: expect.any(Number), fps: expect.any(Number) });
    }
    expect(Object.keys(r.uiThread as object).sort()).toEqual(['blurInWorker', 'blurOnPage', 'none']);
    expect(typeof (r.blurSpeedupVsNaive as { medianMs: number }).medianMs).toBe('number');
  }, 200_000);

  it('idle-footprint reports RSS after 60 s idle and the growth per call', () => {
    // 60 s idle as the issue asks of CI (10 minutes is BENCH_IDLE_SECONDS=600 by hand); 2 calls keep it short.
    const r = runBench('idle-footprint', { BENCH_IDLE_SECONDS: '60', BENCH_CALLS: '2' }, 300_000);
    expect(r).toMatchObject({ idleSeconds: 60, calls: 2 });
    expect((r.hostRssMb as { afterCalls: number }).afterCalls).toBeGreaterThan(0);
    expect((r.rendererRssMb as { afterCalls: number }).afterCalls).toBeGreaterThan(0);
    expect(typeof (r.growthPerCallKb as { host: number }).host).toBe('number');
  }, 320_000);
});
