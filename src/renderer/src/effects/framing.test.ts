import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAMING, FaceFramer, clampCrop, stepCrop, targetCrop } from './framing.js';

const W = 640, H = 480;

describe('clampCrop', () => {
  it.each([
    [{ x: -10, y: -10, w: 320, h: 240 }, { x: 0, y: 0, w: 320, h: 240 }],
    [{ x: 400, y: 300, w: 320, h: 240 }, { x: 320, y: 240, w: 320, h: 240 }],
    [{ x: 10, y: 10, w: 1000, h: 800 }, { x: 0, y: 0, w: 640, h: 480 }],
    [{ x: 100, y: 50, w: 320, h: 240 }, { x: 100, y: 50, w: 320, h: 240 }],
  ])('%o → %o', (c, out) => expect(clampCrop(c, W, H)).toEqual(out));
});

describe('targetCrop', () => {
  it('no face → full frame', () => expect(targetCrop(null, W, H)).toEqual({ x: 0, y: 0, w: W, h: H }));
  it('keeps the frame aspect ratio and centres the face horizontally', () => {
    const c = targetCrop({ x: 300, y: 200, w: 60, h: 80 }, W, H);
    expect(c.w / c.h).toBeCloseTo(W / H);
    expect(c.x + c.w / 2).toBeCloseTo(330);
  });
  it.each([
    // small face → zoom limited by minCropFraction
    [{ x: 300, y: 200, w: 20, h: 30 }, H * DEFAULT_FRAMING.minCropFraction],
    // medium face → face is faceFraction of the crop
    [{ x: 280, y: 150, w: 90, h: 120 }, 120 / DEFAULT_FRAMING.faceFraction],
    // huge face → the full frame
    [{ x: 100, y: 0, w: 400, h: 470 }, H],
  ])('face %o → crop height %f', (face, h) => expect(targetCrop(face, W, H).h).toBeCloseTo(h));
  it('stays inside the frame for a face at the edge', () => {
    const c = targetCrop({ x: 600, y: 0, w: 40, h: 60 }, W, H);
    expect(c.x + c.w).toBeLessThanOrEqual(W);
    expect(c.y).toBeGreaterThanOrEqual(0);
  });
});

describe('stepCrop', () => {
  const full = { x: 0, y: 0, w: W, h: H };
  it('ignores moves inside the dead zone', () => {
    const cur = { x: 100, y: 100, w: 320, h: 240 };
    expect(stepCrop(cur, { ...cur, x: 103 }, W, H)).toEqual(cur);
  });
  it('moves part of the way and never more than maxStep', () => {
    const cur = { x: 0, y: 120, w: 320, h: 240 };
    const next = stepCrop(cur, { x: 320, y: 120, w: 320, h: 240 }, W, H);
    expect(next.x).toBeGreaterThan(0);
    expect(next.x).toBeLessThanOrEqual(DEFAULT_FRAMING.maxStep * W + 1e-9);
  });
  it('converges', () => {
    let c = full;
    const target = { x: 200, y: 100, w: 320, h: 240 };
    for (let i = 0; i < 100; i++) c = stepCrop(c, target, W, H);
    expect(Math.abs(c.x + c.w / 2 - (target.x + target.w / 2))).toBeLessThan(DEFAULT_FRAMING.deadZone * c.w + 1);
    expect(Math.abs(c.w - target.w)).toBeLessThan(DEFAULT_FRAMING.deadZone * c.w + 1);
  });
});

describe('FaceFramer', () => {
  it('follows a moving face within a bounded number of frames', () => {
    const f = new FaceFramer(W, H);
    const face = (x: number) => ({ x, y: 180, w: 80, h: 100 });
    for (let i = 0; i < 60; i++) {
      f.observe(face(100));
      f.next();
    }
    const leftCentre = f.current().x + f.current().w / 2;
    expect(Math.abs(leftCentre - 140)).toBeLessThan(40);
    let frames = 0;
    while (frames < 60) {
      f.observe(face(460));
      const c = f.next();
      frames++;
      if (Math.abs(c.x + c.w / 2 - 500) < 0.05 * W) break;
    }
    expect(frames).toBeLessThan(30);
  });
  it('zooms back out after losing the face for a while', () => {
    const f = new FaceFramer(W, H);
    for (let i = 0; i < 40; i++) { f.observe({ x: 300, y: 180, w: 60, h: 80 }); f.next(); }
    expect(f.current().w).toBeLessThan(W);
    for (let i = 0; i < 120; i++) { f.observe(null); f.next(); }
    expect(f.current().w).toBeGreaterThan(W * 0.95);
  });
});
