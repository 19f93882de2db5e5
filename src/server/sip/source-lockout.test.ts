import { describe, expect, it } from 'vitest';
import { SourceLockout } from './source-lockout.js';

describe('SourceLockout (digest failures per address)', () => {
  const limit = { maxFailures: 3, windowMs: 1000, lockMs: 5000 };

  it.each<[string, number[], number, boolean]>([
    // [name, failure times, check time, locked?]
    ['below the limit', [0, 10], 20, false],
    ['at the limit within the window', [0, 10, 20], 30, true],
    ['still locked before lockMs', [0, 10, 20], 5019, true],
    ['unlocked after lockMs', [0, 10, 20], 5020, false],
    ['failures spread over windows do not add up', [0, 600, 1200, 1800], 1900, false],
  ])('%s', (_name, times, at, locked) => {
    let now = 0;
    const l = new SourceLockout(limit, new Set(), () => now);
    for (const t of times) { now = t; l.recordFailure('10.0.0.1'); }
    now = at;
    expect(l.isLocked('10.0.0.1')).toBe(locked);
    expect(l.isLocked('10.0.0.2')).toBe(false);
  });

  it('exempt addresses are never locked', () => {
    const l = new SourceLockout(limit, new Set(['127.0.0.1']), () => 0);
    for (let i = 0; i < 10; i++) l.recordFailure('127.0.0.1');
    expect(l.isLocked('127.0.0.1')).toBe(false);
  });

  it('bounds its memory', () => {
    const l = new SourceLockout(limit, new Set(), () => 0, 50);
    for (let i = 0; i < 1000; i++) l.recordFailure(`10.0.${i >> 8}.${i & 255}`);
    expect((l as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(50);
  });
});
