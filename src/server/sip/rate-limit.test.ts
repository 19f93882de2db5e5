import { describe, expect, it } from 'vitest';
import { SipRateLimiter, TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  it('allows a burst, then the sustained rate', () => {
    const b = new TokenBuckets({ burst: 3, perSecond: 2 });
    expect([0, 0, 0, 0].map(() => b.take('a', 0))).toEqual([true, true, true, false]);
    expect(b.take('a', 499)).toBe(false); // 0.998 tokens
    expect(b.take('a', 500)).toBe(true);
    expect(b.take('a', 500)).toBe(false);
    // A long pause refills to the burst, never beyond.
    expect([0, 0, 0, 0].map(() => b.take('a', 60_000))).toEqual([true, true, true, false]);
  });

  it('keeps sources apart', () => {
    const b = new TokenBuckets({ burst: 1, perSecond: 1 });
    expect(b.take('a', 0)).toBe(true);
    expect(b.take('a', 0)).toBe(false);
    expect(b.take('b', 0)).toBe(true);
  });

  it('bounds its memory: a flood of new sources never grows the table past maxKeys', () => {
    const b = new TokenBuckets({ burst: 5, perSecond: 1 }, 100);
    for (let i = 0; i < 10_000; i++) b.take(`src-${i}`, i);
    expect(b.size).toBeLessThanOrEqual(100);
  });

  it('forgets idle (refilled) buckets first when full', () => {
    const b = new TokenBuckets({ burst: 2, perSecond: 1 }, 2);
    b.take('busy', 0); b.take('busy', 0);
    b.take('idle', 0);
    // At t=1.5 s "idle" has refilled (1 + 1.5 ≥ 2) while "busy" has 1.5 tokens: "idle" goes.
    expect(b.take('new', 1500)).toBe(true);
    expect(b.take('busy', 1500)).toBe(true);
    expect(b.take('busy', 1500)).toBe(false);
  });
});

describe('SipRateLimiter', () => {
  const limits = { perSource: { burst: 2, perSecond: 1 }, perAddress: { burst: 3, perSecond: 1 }, digestFailures: { maxFailures: 3, windowMs: 1000, lockMs: 1000 }, unaggregated: ['127.0.0.1'] };

  it.each<[string, Array<[string, string, number]>, boolean[]]>([
    ['one source beyond its burst', [['UDP', '10.0.0.1', 5000], ['UDP', '10.0.0.1', 5000], ['UDP', '10.0.0.1', 5000]], [true, true, false]],
    ['ports of one address share the address bucket', [['UDP', '10.0.0.1', 1], ['UDP', '10.0.0.1', 2], ['TCP', '10.0.0.1', 3], ['WS', '10.0.0.1', 4]], [true, true, true, false]],
    ['same address and port over another transport is another source', [['UDP', '10.0.0.2', 1], ['UDP', '10.0.0.2', 1], ['TCP', '10.0.0.2', 1]], [true, true, true]],
    ['unaggregated addresses are limited per source only', [['WS', '127.0.0.1', 1], ['WS', '127.0.0.1', 2], ['WS', '127.0.0.1', 3], ['WS', '127.0.0.1', 4], ['WS', '127.0.0.1', 4], ['WS', '127.0.0.1', 4]], [true, true, true, true, true, false]],
  ])('%s', (_name, requests, expected) => {
    const r = new SipRateLimiter(limits, () => 0);
    expect(requests.map(([protocol, address, port]) => r.allow({ protocol, address, port }))).toEqual(expected);
  });
});
