// A NetworkPort from a plain "are we online?" probe, polled (issue 3: network changes). Electron's main
// process has net.isOnline() but no change event, so the adapter passes the probe and we report edges only:
// offline → the engine pauses reconnect attempts; online → one immediate attempt (single-flight).
import type { Clock, NetworkPort, TimerHandle } from '../../ports.js';

export interface PolledNetworkPort extends NetworkPort {
  dispose(): void;
}

export function pollingNetworkPort(isOnline: () => boolean, clock: Clock, everyMs = 2_000): PolledNetworkPort {
  const listeners = new Set<(online: boolean) => void>();
  let last = safe(isOnline, true);
  let timer: TimerHandle | null = null;
  const tick = () => {
    timer = null;
    const now = safe(isOnline, last);
    if (now !== last) {
      last = now;
      for (const l of [...listeners]) l(now);
    }
    if (listeners.size > 0) timer = clock.setTimeout(tick, everyMs);
  };
  const stop = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  return {
    isOnline: () => last,
    onChange(listener) {
      listeners.add(listener);
      if (timer === null) {
        last = safe(isOnline, last);
        timer = clock.setTimeout(tick, everyMs);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    dispose() {
      listeners.clear();
      stop();
    },
  };
}

/** A probe that throws (platform quirk) keeps the previous answer instead of flapping. */
function safe(probe: () => boolean, fallback: boolean): boolean {
  try {
    return probe();
  } catch {
    return fallback;
  }
}
