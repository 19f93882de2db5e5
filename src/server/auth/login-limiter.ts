// Per-login lockout: after MAX_FAILURES wrong passwords the login is refused for LOCK_MS,
// whatever the password (API login and SIP digest share the counter).
export const MAX_FAILURES = 10;
export const LOCK_MS = 60_000;

interface Entry { failures: number; lockedUntil: number }

export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now, private readonly maxFailures = MAX_FAILURES, private readonly lockMs = LOCK_MS) {}

  isLocked(login: string): boolean {
    const e = this.entries.get(login.toLowerCase());
    if (!e || e.lockedUntil === 0) return false;
    if (e.lockedUntil > this.now()) return true;
    this.entries.delete(login.toLowerCase());
    return false;
  }

  recordFailure(login: string): void {
    const key = login.toLowerCase();
    const e = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    e.failures += 1;
    if (e.failures >= this.maxFailures) e.lockedUntil = this.now() + this.lockMs;
    this.entries.set(key, e);
    // Bound memory against floods of random logins: forget the oldest entries.
    if (this.entries.size > 10_000) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  recordSuccess(login: string): void {
    this.entries.delete(login.toLowerCase());
  }
}
