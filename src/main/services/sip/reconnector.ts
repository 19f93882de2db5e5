// Retries a failed connection with capped exponential backoff on an injected clock. The SIP engine uses it
// to re-connect and re-REGISTER after the WebSocket drops; the companion event stream uses backoffDelay.
import type { Clock, Logger, TimerHandle } from '../../ports.js';

/** Delay before retry `attempt` (0-based): exponential, capped, with ±25 % jitter so clients spread out. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.75 + random() * 0.5));
}

export interface ReconnectorOptions {
  clock: Clock;
  /** One attempt; resolves when connected again, rejects to schedule the next attempt. */
  attempt: () => Promise<void>;
  logger?: Logger;
  initialDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

export class Reconnector {
  private attempts = 0;
  private timer: TimerHandle | null = null;
  private running = false;
  private stopped = false;
  private paused = false;
  /** A `now()` that arrived while an attempt was running: run once more right after it. */
  private again = false;

  constructor(private readonly options: ReconnectorOptions) {}

  /** Schedules an attempt unless one is already scheduled or running. */
  trigger(): void {
    if (this.stopped || this.paused || this.timer !== null || this.running) return;
    const delay = backoffDelay(this.attempts, this.options.initialDelayMs ?? 1_000, this.options.maxDelayMs ?? 30_000, this.options.random);
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delay);
  }

  /**
   * Attempt right away (resume from suspend, network back): skips the backoff wait but stays single-flight,
   * so a burst of OS events never becomes a burst of REGISTERs.
   */
  now(): void {
    if (this.stopped) return;
    this.paused = false;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    void this.run();
  }

  /** While suspended or offline: no attempts (they would only fail and grow the backoff). */
  pause(): void {
    this.paused = true;
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Forget past failures (after a successful connection). */
  reset(): void {
    this.attempts = 0;
  }

  get failedAttempts(): number {
    return this.attempts;
  }

  get pending(): boolean {
    return this.timer !== null || this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    this.again = false;
    try {
      await this.options.attempt();
      this.running = false;
      this.attempts = 0;
    } catch (err) {
      this.running = false;
      this.attempts++;
      this.options.logger?.warn(`reconnect attempt ${this.attempts} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (this.again) this.now();
      else this.trigger();
    }
  }
}
