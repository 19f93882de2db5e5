// Narrow ports through which the outside world (time, OS power and network events, logging) reaches the
// main-process services. Electron adapters implement them in src/main/electron; tests pass fakes.

export type TimerHandle = unknown;

/** Time and timers, injected so state machines and countdowns are testable without waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Timers of services must never keep a CLI process alive on their own.
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** Logs to stderr only: stdout of the CLIs carries exactly one machine-read line (`listening <url>`). */
export const consoleLogger = (prefix = 'softphone'): Logger => ({
  info: (m, ...d) => console.error(`[${prefix}] ${m}`, ...d),
  warn: (m, ...d) => console.warn(`[${prefix}] ${m}`, ...d),
  error: (m, ...d) => console.error(`[${prefix}] ${m}`, ...d),
});

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** OS power events (placeholder for the reconnect work: re-register after resume). */
export interface PowerPort {
  onSuspend(listener: () => void): () => void;
  onResume(listener: () => void): () => void;
}

/** Network reachability (placeholder for the reconnect work: reconnect as soon as the link is back). */
export interface NetworkPort {
  isOnline(): boolean;
  onChange(listener: (online: boolean) => void): () => void;
}
