// Detects a silently dead SIP connection (issue 3): a NAT or Wi-Fi path that drops packets without a FIN
// leaves the WebSocket "open" forever, so calls would never ring and the agent would look registered.
// Any message from the server proves the path alive; after `intervalMs` of silence we ping (an OPTIONS
// the engine sends), and a ping unanswered for `timeoutMs` declares the connection dead.
import type { Clock, TimerHandle } from '../../ports.js';

export interface KeepAliveTiming {
  /** Silence after which we ping. */
  intervalMs: number;
  /** How long a ping may stay unanswered. */
  timeoutMs: number;
}

export const DEFAULT_KEEP_ALIVE: KeepAliveTiming = { intervalMs: 20_000, timeoutMs: 10_000 };

export type KeepAliveStep = { do: 'ping' } | { do: 'dead' } | { do: 'wait'; ms: number };

/**
 * What to do now, given when the server was last heard from and when the outstanding ping (if any) was
 * sent. Pure, so the timing rules are table-tested. A dead path is declared within intervalMs + timeoutMs
 * of the last message heard.
 */
export function keepAliveStep(now: number, lastHeardAt: number, pingSentAt: number | null, t: KeepAliveTiming): KeepAliveStep {
  if (pingSentAt !== null && pingSentAt >= lastHeardAt) {
    const waited = now - pingSentAt;
    return waited >= t.timeoutMs ? { do: 'dead' } : { do: 'wait', ms: t.timeoutMs - waited };
  }
  const quiet = now - lastHeardAt;
  return quiet >= t.intervalMs ? { do: 'ping' } : { do: 'wait', ms: t.intervalMs - quiet };
}

export interface KeepAliveOptions {
  clock: Clock;
  timing?: KeepAliveTiming;
  /** Sends one ping; its answer must reach heard(). Errors are the caller's (a dead path shows as no answer). */
  ping: () => void;
  /** The connection is dead: called once per start(). */
  onDead: () => void;
}

/** Runs keepAliveStep on a timer while a connection is up (start on connect, stop on disconnect). */
export class KeepAlive {
  private timer: TimerHandle | null = null;
  private lastHeardAt = 0;
  private pingSentAt: number | null = null;
  private running = false;
  private readonly timing: KeepAliveTiming;

  constructor(private readonly o: KeepAliveOptions) {
    this.timing = o.timing ?? DEFAULT_KEEP_ALIVE;
  }

  start(): void {
    this.stop();
    this.running = true;
    this.lastHeardAt = this.o.clock.now();
    this.pingSentAt = null;
    this.schedule(this.timing.intervalMs);
  }

  /** Something arrived from the server. */
  heard(): void {
    if (!this.running) return;
    this.lastHeardAt = this.o.clock.now();
    this.pingSentAt = null;
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      this.tick();
    }, ms);
  }

  private tick(): void {
    if (!this.running) return;
    const step = keepAliveStep(this.o.clock.now(), this.lastHeardAt, this.pingSentAt, this.timing);
    if (step.do === 'dead') {
      this.stop();
      this.o.onDead();
      return;
    }
    if (step.do === 'ping') {
      this.pingSentAt = this.o.clock.now();
      this.o.ping();
      this.schedule(this.timing.timeoutMs);
      return;
    }
    this.schedule(step.ms);
  }
}
