import { describe, expect, it } from 'vitest';
import { initialQualityTracker, initialWeakSide, mos, mosFromR, nextQuality, nextWeakSide, rFactor, SERIES_LENGTH, WEAK_MIN_SHOWN_MS } from './mos.js';

describe('E-model MOS (issue 3 formula)', () => {
  it.each([
    // rtt ms, jitter ms, loss %, expected MOS
    [0, 0, 0, 4.4044],
    [50, 10, 0, 4.3673],
    [100, 20, 1, 4.2573],
    [150, 0, 0, 4.3189], // Leff = 160: the second branch
    [300, 30, 0, 3.5115],
    [20, 5, 5, 4.0126],
    [20, 5, 10, 3.4631],
    [40, 5, 20, 2.1481],
    [100, 0, 50, 1],
    [1000, 500, 0, 1],
  ])('rtt %d, jitter %d, loss %d%% → %d', (rttMs, jitterMs, lossPct, expected) => {
    expect(mos({ rttMs, jitterMs, lossPct })).toBeCloseTo(expected, 3);
  });

  it('uses the two latency branches around 160 ms effective latency', () => {
    expect(rFactor({ rttMs: 149, jitterMs: 0, lossPct: 0 })).toBeCloseTo(93.2 - 159 / 40, 6);
    expect(rFactor({ rttMs: 150, jitterMs: 0, lossPct: 0 })).toBeCloseTo(93.2 - 40 / 10, 6);
  });

  it('subtracts 2.5 per percent of loss', () => {
    const base = rFactor({ rttMs: 30, jitterMs: 2, lossPct: 0 });
    expect(rFactor({ rttMs: 30, jitterMs: 2, lossPct: 4 })).toBeCloseTo(base - 10, 6);
  });

  it.each([[-50, 1], [0, 1], [100, 4.5], [150, 4.5], [Number.NaN, 1]])('clamps R %d to MOS %d', (r, expected) => {
    expect(mosFromR(r)).toBe(expected);
  });

  it('treats garbage input as a perfect network rather than crashing', () => {
    expect(mos({ rttMs: Number.NaN, jitterMs: -5, lossPct: Number.POSITIVE_INFINITY })).toBeCloseTo(4.4044, 3);
  });
});

describe('weak connection detector', () => {
  const feed = (values: Array<number | null>, startAt = 0, step = 1000) => {
    let side = initialWeakSide();
    const weak: boolean[] = [];
    values.forEach((v, i) => {
      side = nextWeakSide(side, v, startAt + i * step);
      weak.push(side.weak);
    });
    return weak;
  };

  it.each([
    ['all good', [4.4, 4.4, 4.4, 4.4, 4.4], [false, false, false, false, false]],
    ['two bad of five', [3, 4.4, 3, 4.4, 4.4], [false, false, false, false, false]],
    ['three bad in a row', [3, 3, 3], [false, false, true]],
    ['three bad of the last five, interleaved', [3, 4.4, 3, 4.4, 3], [false, false, false, false, true]],
    ['exactly 4 is not weak', [4, 4, 4, 4, 4], [false, false, false, false, false]],
    ['missing reports neither help nor hurt', [3, null, 3, null, 3], [false, false, false, false, true]],
  ] as Array<[string, Array<number | null>, boolean[]]>)('%s', (_name, values, expected) => {
    expect(feed(values)).toEqual(expected);
  });

  it('keeps the notice up at least 5 s after it appears', () => {
    // Weak at t=2s; good from t=3s on. Samples once a second; the window clears at t=5s but stays up until 7s.
    const weak = feed([3, 3, 3, 4.4, 4.4, 4.4, 4.4, 4.4, 4.4, 4.4]);
    expect(weak).toEqual([false, false, true, true, true, true, true, false, false, false]);
    expect(WEAK_MIN_SHOWN_MS).toBe(5000);
  });

  it('does not restart the 5 s while it stays weak', () => {
    let side = initialWeakSide();
    for (let i = 0; i < 10; i++) side = nextWeakSide(side, 2, i * 1000);
    expect(side.shownSince).toBe(2000);
  });
});

describe('quality tracker', () => {
  it('keeps the last 60 local values and tracks the remote side separately', () => {
    let t = initialQualityTracker();
    for (let i = 0; i < 70; i++) {
      t = nextQuality(t, { local: { rttMs: 20, jitterMs: 1, lossPct: 0 }, remote: i % 2 ? { rttMs: 20, jitterMs: 1, lossPct: 30 } : null }, i * 1000);
    }
    expect(t.series).toHaveLength(SERIES_LENGTH);
    expect(t.local.weak).toBe(false);
    expect(t.remote.weak).toBe(true);
    expect(t.remoteSeries).toHaveLength(35);
  });
});
