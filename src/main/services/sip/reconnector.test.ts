import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { backoffDelay, Reconnector } from './reconnector.js';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, with bounded jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 10, 50].map((a) => backoffDelay(a, 1000, 30_000, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(750);
    expect(backoffDelay(0, 1000, 30_000, () => 0.999999)).toBe(1250);
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
