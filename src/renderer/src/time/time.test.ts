import { describe, expect, it } from 'vitest';
import { formatDuration, secondsLeft } from './time.js';

describe('time helpers', () => {
  it('formats mm:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(65_400)).toBe('01:05');
    expect(formatDuration(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatDuration(-5_000)).toBe('00:00');
  });
  it('rounds the countdown up and never goes below zero', () => {
    expect(secondsLeft(27_000, 0)).toBe(27);
    expect(secondsLeft(27_000, 100)).toBe(27);
    expect(secondsLeft(27_000, 26_999)).toBe(1);
    expect(secondsLeft(27_000, 30_000)).toBe(0);
  });
});
