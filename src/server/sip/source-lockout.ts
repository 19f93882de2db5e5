// Digest brute force from one address across many logins (credential spraying): the per-login LoginLimiter
// cannot see it, so failures are also counted per remote address in a fixed window; beyond the limit every
// digest attempt from that address is refused for a while, whatever the login or password. A success does
// NOT clear the count (an attacker with one valid account could otherwise reset it between guesses).

export interface LockoutLimit {
  /** Failures within `windowMs` that lock the address. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_SOURCE_LOCKOUT: LockoutLimit = { maxFailures: 30, windowMs: 60_000, lockMs: 5 * 60_000 };

interface Entry { windowStart: number; failures: number; lockedUntil: number }

export class SourceLockout {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limit: LockoutLimit = DEFAULT_SOURCE_LOCKOUT,
    /** Addresses not counted (loopback by default: a local proxy puts every client behind it). */
    private readonly exempt: ReadonlySet<string> = new Set(),
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  isLocked(address: string): boolean {
    const e = this.entries.get(address);
    return !!e && e.lockedUntil > this.now();
  }

  recordFailure(address: string): void {
    if (this.exempt.has(address)) return;
    const now = this.now();
    let e = this.entries.get(address);
    if (!e || (now - e.windowStart >= this.limit.windowMs && e.lockedUntil <= now)) {
      if (!e && this.entries.size >= this.maxKeys) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      e = { windowStart: now, failures: 0, lockedUntil: 0 };
      this.entries.delete(address);
      this.entries.set(address, e);
    }
    e.failures += 1;
    if (e.failures >= this.limit.maxFailures) e.lockedUntil = now + this.limit.lockMs;
  }
}
