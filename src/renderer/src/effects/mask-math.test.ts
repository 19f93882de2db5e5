import { describe, expect, it } from 'vitest';
import { blendMasks, channel, detectionScore, edgeEnergy, maskBoundingBox, maskIoU, refineMask } from './mask-math.js';

describe('maskIoU', () => {
  it.each([
    [[255, 255, 0, 0], [255, 255, 0, 0], 1],
    [[255, 255, 0, 0], [0, 0, 255, 255], 0],
    [[255, 255, 0, 0], [255, 0, 0, 0], 0.5],
    [[255, 255, 255, 0], [0, 255, 255, 255], 0.5],
    [[0, 0], [0, 0], 1],
    [[127, 128], [128, 128], 0.5],
  ])('%o vs %o → %f', (a, b, iou) => {
    expect(maskIoU(a, b)).toBeCloseTo(iou);
  });
  it('refuses masks of different sizes', () => {
    expect(() => maskIoU([1], [1, 2])).toThrow(/sizes differ/);
  });
});

describe('refineMask', () => {
  it.each([
    [0, 0], [80, 0], [130, 128], [180, 255], [255, 255],
  ])('%i → %i', (v, out) => {
    expect(refineMask([v])[0]).toBeCloseTo(out, -1);
  });
  it('rejects an empty ramp', () => expect(() => refineMask([1], 100, 100)).toThrow());
});

describe('blendMasks', () => {
  it.each([
    [null, [200], 0.5, 200],
    [[0], [200], 0.5, 100],
    [[100], [200], 1, 200],
    [[100], [200], 0, 100],
    [[100, 1], [200], 0.5, 200],
  ])('prev %o next %o alpha %f → %i', (prev, next, alpha, out) => {
    expect(blendMasks(prev, next, alpha)[0]).toBe(out);
  });
});

describe('maskBoundingBox', () => {
  it('finds the box', () => {
    const m = new Uint8Array(5 * 4);
    m[1 * 5 + 1] = 255;
    m[2 * 5 + 3] = 255;
    expect(maskBoundingBox(m, 5, 4)).toEqual({ x: 1, y: 1, w: 3, h: 2 });
  });
  it('null when empty', () => expect(maskBoundingBox(new Uint8Array(4), 2, 2)).toBeNull());
});

describe('channel', () => {
  it('extracts alpha', () => expect([...channel(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 3)]).toEqual([4, 8]));
});

describe('edgeEnergy', () => {
  const w = 8, h = 8;
  const stripes = Array.from({ length: w * h }, (_, i) => ((i % w) % 2) * 255);
  const flat = Array.from({ length: w * h }, () => 100);
  it('is high on stripes and zero on flat images', () => {
    expect(edgeEnergy(stripes, w, h, () => true)).toBeGreaterThan(1000);
    expect(edgeEnergy(flat, w, h, () => true)).toBe(0);
  });
  it('counts only the region, minus the margin', () => {
    expect(edgeEnergy(stripes, w, h, (x) => x < 4, 0)).toBeGreaterThan(0);
    expect(edgeEnergy(stripes, w, h, () => false)).toBe(0);
    expect(edgeEnergy(stripes, w, h, (x) => x === 3, 1)).toBe(0);
  });
});

describe('detectionScore', () => {
  it.each([
    [{ score: 0.7 }, 0.7],
    [{ score: [0.6] }, 0.6],
    [{ boundingBox: {}, landmarks: [{ x: 0.5, y: 0.5 }], Z: [{ index: 0, ma: 0.92 }] }, 0.92],
    [{ boundingBox: {} }, 0],
    [null, 0],
    ['x', 0],
  ])('%o → %f', (det, score) => {
    expect(detectionScore(det)).toBeCloseTo(score);
  });
});
