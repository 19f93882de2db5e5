import { describe, expect, it } from 'vitest';
import { AdaptiveController, QUALITY_LADDER, isDegraded } from './adaptive.js';
import { RollingWindow, percentile } from './frame-stats.js';

describe('percentile', () => {
  it.each([
    [[], 50, 0],
    [[5], 90, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90, 9],
    [[3, 1, 2], 100, 3],
  ])('%o p%i → %f', (v, p, out) => expect(percentile(v, p)).toBe(out));
});

describe('RollingWindow', () => {
  it('keeps the last N values', () => {
    const w = new RollingWindow(3);
    for (const v of [1, 2, 3, 4]) w.push(v);
    expect(w.count).toBe(3);
    expect(w.mean()).toBe(3);
  });
  it('rejects size 0', () => expect(() => new RollingWindow(0)).toThrow());
});

describe('AdaptiveController', () => {
  const run = (c: AdaptiveController, ms: number, frames: number) => {
    let d = c.decision();
    for (let i = 0; i < frames; i++) d = c.record(ms);
    return d;
  };

  it.each([
    // [per-frame cost, frames, expected level from start level 2 with budget 20 and window 4]
    [15, 8, 2], // within budget, not enough headroom to climb
    [5, 4, 1], // lots of headroom: one step up after one window
    [5, 40, 0], // … up to the top
    [30, 4, 3], // over budget: one step down per window
    [30, 400, QUALITY_LADDER.length - 1], // never below the last level
  ])('cost %f ms for %i frames → level %i', (ms, frames, level) => {
    const c = new AdaptiveController({ budgetMs: 20, window: 4, startLevel: 2 });
    expect(run(c, ms, frames).level).toBe(level);
  });

  it('lowers the model cost before the output frame rate', () => {
    const c = new AdaptiveController({ budgetMs: 20, window: 2, startLevel: 0 });
    const seen: number[] = [];
    for (let i = 0; i < 40; i++) seen.push(c.record(100).quality.fps);
    const firstFpsDrop = seen.findIndex((f) => f < 30);
    expect(firstFpsDrop).toBeGreaterThan(2 * 5 - 1);
    const levelAtDrop = QUALITY_LADDER.findIndex((q) => q.fps < 30);
    expect(QUALITY_LADDER.slice(0, levelAtDrop).every((q) => q.fps === 30)).toBe(true);
  });

  it('reports degraded only when the output fps drops or the model runs too rarely', () => {
    expect(isDegraded({ modelEvery: 2, modelScale: 0.5, fps: 30 }, 30, 5)).toBe(false);
    expect(isDegraded({ modelEvery: 7, modelScale: 0.5, fps: 30 }, 30, 5)).toBe(true);
    expect(isDegraded({ modelEvery: 1, modelScale: 0.5, fps: 20 }, 30, 5)).toBe(true);
    const c = new AdaptiveController({ budgetMs: 20, window: 2, startLevel: 0 });
    expect(run(c, 1000, 100).degraded).toBe(true);
    expect(run(c, 0.1, 100).degraded).toBe(false);
  });

  it('ignores nonsense samples and validates options', () => {
    const c = new AdaptiveController({ budgetMs: 20, window: 2, startLevel: 2 });
    expect(run(c, Number.NaN, 10).level).toBe(2);
    expect(() => new AdaptiveController({ budgetMs: 0 })).toThrow();
    expect(() => new AdaptiveController({}, [])).toThrow();
  });
});
