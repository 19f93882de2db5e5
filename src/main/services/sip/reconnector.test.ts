import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { backoffDelay, Reconnector } from './reconnector.js';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('backoffDelay', () => {
  // [attempt, random] → delay, with initial 1 s and a 30 s cap: doubles, caps, jitter stays within ±25 %.
  it.each<[number, number, number]>([
    [0, 0.5, 1000], [1, 0.5, 2000], [2, 0.5, 4000], [3, 0.5, 8000], [4, 0.5, 16000],
    [5, 0.5, 30000], [10, 0.5, 30000], [50, 0.5, 30000], [1e9, 0.5, 30000],
    [0, 0, 750], [0, 0.999999, 1250], [5, 0, 22500], [5, 0.999999, 37500],
  ])('attempt %d, random %d → %d ms', (attempt, random, delay) => {
    expect(backoffDelay(attempt, 1000, 30_000, () => random)).toBe(delay);
  });

  it('spreads clients apart: 100 random draws at one attempt give many different delays', () => {
    const delays = new Set(Array.from({ length: 100 }, () => backoffDelay(3, 1000, 30_000)));
    expect(delays.size).toBeGreaterThan(50);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(6000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(10000);
  });
});

describe('Reconnector', () => {
  it('retries with growing delays until an attempt succeeds, then resets', async () => {
    const clock = new FakeClock();
    const results = [false, false, true];
    const times: number[] = [];
    const r = new Reconnector({
      clock, random: () => 0.5, initialDelayMs: 100, maxDelayMs: 1000,
      attempt: async () => { times.push(clock.now()); if (!results.shift()) throw new Error('down'); },
    });
    const t0 = clock.now();
    r.trigger();
    r.trigger(); // already scheduled: no double attempt
    clock.advance(100); await flush();
    expect(r.failedAttempts).toBe(1);
    clock.advance(200); await flush();
    expect(r.failedAttempts).toBe(2);
    clock.advance(400); await flush();
    expect(times.map((t) => t - t0)).toEqual([100, 300, 700]);
    expect(r.failedAttempts).toBe(0);
    expect(r.pending).toBe(false);
  });

  it('stop cancels a scheduled attempt', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const r = new Reconnector({ clock, attempt: async () => { calls++; } });
    r.trigger();
    r.stop();
    clock.advance(60_000); await flush();
    expect(calls).toBe(0);
    r.trigger();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('Reconnector.now / pause', () => {
  it('now() attempts immediately, once, even when called in a burst', async () => {
    const clock = new FakeClock();
    let calls = 0;
    let release!: () => void;
    const r = new Reconnector({ clock, attempt: () => { calls++; return new Promise<void>((res) => { release = res; }); } });
    r.trigger();
    r.now();
    r.now();
    r.now();
    expect(calls).toBe(1);
    release();
    await flush();
    expect(calls).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a now() during a failing attempt runs one more attempt right after it, without waiting for backoff', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const r = new Reconnector({ clock, attempt: async () => { calls++; await flush(); if (calls === 1) throw new Error('down'); } });
    r.now();
    r.now();
    await flush(); await flush(); await flush();
    expect(calls).toBe(2);
    expect(r.pending).toBe(false);
  });

  it('pause() cancels the scheduled retry and ignores triggers until now()', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const r = new Reconnector({ clock, attempt: async () => { calls++; } });
    r.trigger();
    r.pause();
    r.trigger();
    clock.advance(120_000); await flush();
    expect(calls).toBe(0);
    expect(r.isPaused).toBe(true);
    r.now();
    await flush();
    expect(calls).toBe(1);
    expect(r.isPaused).toBe(false);
  });
});
