import { describe, expect, it } from 'vitest';
import { createWebAudioRinger, renderRingCycle, RING_BURSTS, RING_CYCLE_SECONDS, silentRinger } from './ringer.js';

const rms = (a: Float32Array, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (a[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
};

describe('ring pattern', () => {
  const rate = 8000;
  const cycle = renderRingCycle(rate);
  it('is one cycle long', () => {
    expect(cycle.length).toBe(RING_CYCLE_SECONDS * rate);
  });
  it('sounds during each burst and is silent between them', () => {
    for (const [from, to] of RING_BURSTS) expect(rms(cycle, from * rate + 200, to * rate - 200)).toBeGreaterThan(0.03);
    expect(rms(cycle, 0.45 * rate, 0.55 * rate)).toBe(0);
    expect(rms(cycle, 1.1 * rate, 3 * rate)).toBe(0);
  });
  it('stays well below full scale and starts/ends each burst quietly (no clicks)', () => {
    expect(Math.max(...cycle.map(Math.abs))).toBeLessThan(0.2);
    expect(Math.abs(cycle[0] ?? 1)).toBeLessThan(0.001);
  });
  it('is silent where WebAudio is missing', () => {
    expect(createWebAudioRinger({} as Window)).toBe(silentRinger);
  });
});
