import { describe, expect, it } from 'vitest';
import { blendMasks, channel, edgeEnergy, maskBoundingBox, maskIoU, refineMask, resampleMask } from './mask-math.js';

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

describe('resampleMask', () => {
  it.each([
    ['same size keeps values', [0, 1, 1, 0], 2, 2, 2, 2, [0, 255, 255, 0]],
    ['upscale of a constant stays constant', [0.5, 0.5, 0.5, 0.5], 2, 2, 4, 3, new Array(12).fill(128)],
    ['downscale averages neighbours', [0, 1, 0, 1], 4, 1, 2, 1, [128, 128]],
    ['values are clamped to 0..255', [-1, 2], 2, 1, 2, 1, [0, 255]],
  ] as const)('%s', (_name, src, sw, sh, dw, dh, expected) => {
    expect([...resampleMask(src, sw, sh, dw, dh)]).toEqual([...expected]);
  });
  it('refuses a mask smaller than its size', () => {
    expect(() => resampleMask([1, 2, 3], 2, 2, 4, 4)).toThrow(/smaller/);
  });
});
