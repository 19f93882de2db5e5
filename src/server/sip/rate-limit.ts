// Flood protection for the SIP edge (issue 9): a token bucket per source. A source is one transport flow
// (UDP address:port, or one TCP/WebSocket connection) and, more loosely, one remote address; each has a burst
// and a sustained rate. Requests beyond either are refused before any parsing work beyond the stack's own.
// Memory is bounded: idle buckets are forgotten, and the table never grows past `maxKeys`.

export interface BucketLimit {
  /** Requests a source may send at once. */
  burst: number;
  /** Sustained requests per second. */
  perSecond: number;
}

import { DEFAULT_SOURCE_LOCKOUT, type LockoutLimit } from './source-lockout.js';

export interface SipRateLimits {
  perSource: BucketLimit;
  perAddress: BucketLimit;
  /** Digest failures per address (any login) before that address is locked out (source-lockout.ts). */
  digestFailures: LockoutLimit;
  /**
   * Addresses that are not aggregated per address (still limited per source; no per-address digest lockout): loopback by default, where a
   * local reverse proxy, tests and benchmarks put every client behind one address.
   */
  unaggregated: readonly string[];
}

export const DEFAULT_SIP_RATE_LIMITS: SipRateLimits = {
  perSource: { burst: 100, perSecond: 50 },
  perAddress: { burst: 1000, perSecond: 500 },
  digestFailures: DEFAULT_SOURCE_LOCKOUT,
  unaggregated: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
};

interface Bucket { tokens: number; at: number }

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: BucketLimit, private readonly maxKeys = 50_000) {}

  /** Takes one token for `key` at time `now` (ms); false when the bucket is empty. */
  take(key: string, now: number): boolean {
    const { burst, perSecond } = this.limit;
    let b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
    } else {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Forget buckets that have refilled (they behave like new ones); if none, the oldest one. */
  private evict(now: number): void {
    const { burst, perSecond } = this.limit;
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * perSecond >= burst) this.buckets.delete(k);
    }
    if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }
}

export interface SourceOfRequest { protocol: string; address: string; port: number }

/** Both buckets for the edge: allowed only when the source AND (unless unaggregated) its address have a token. */
export class SipRateLimiter {
  private readonly sources: TokenBuckets;
  private readonly addresses: TokenBuckets;
  private readonly unaggregated: ReadonlySet<string>;

  constructor(limits: SipRateLimits = DEFAULT_SIP_RATE_LIMITS, private readonly now: () => number = Date.now) {
    this.sources = new TokenBuckets(limits.perSource);
    this.addresses = new TokenBuckets(limits.perAddress);
    this.unaggregated = new Set(limits.unaggregated);
  }

  allow(src: SourceOfRequest): boolean {
    const t = this.now();
    if (!this.sources.take(`${src.protocol.toUpperCase()}|${src.address}|${src.port}`, t)) return false;
    return this.unaggregated.has(src.address) || this.addresses.take(src.address, t);
  }
}
