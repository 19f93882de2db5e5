import { describe, expect, it } from 'vitest';
import type { NetworkPort, PowerPort } from '../../ports.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { watchConnectivity } from './connectivity.js';
import { Reconnector } from './reconnector.js';

const flush = () => new Promise((r) => setTimeout(r, 0));

function ports() {
  const l = { suspend: [] as Array<() => void>, resume: [] as Array<() => void>, net: [] as Array<(o: boolean) => void> };
  let isOnline = true;
  const power: PowerPort = {
    onSuspend: (f) => { l.suspend.push(f); return () => l.suspend.splice(l.suspend.indexOf(f), 1); },
    onResume: (f) => { l.resume.push(f); return () => l.resume.splice(l.resume.indexOf(f), 1); },
  };
  const network: NetworkPort = {
    isOnline: () => isOnline,
    onChange: (f) => { l.net.push(f); return () => l.net.splice(l.net.indexOf(f), 1); },
  };
  return {
    power, network, l,
    suspend: () => l.suspend.forEach((f) => f()),
    resume: () => l.resume.forEach((f) => f()),
    setOnline: (o: boolean) => { isOnline = o; l.net.forEach((f) => f(o)); },
    setOnlineQuietly: (o: boolean) => { isOnline = o; },
  };
}

/** The engine's reaction, reduced to its reconnector (what matters: attempts and their timing). */
function engineLike(clock: FakeClock) {
  const attempts: number[] = [];
  let fail = true;
  const reconnector = new Reconnector({ clock, random: () => 0.5, initialDelayMs: 1000, maxDelayMs: 30_000, attempt: async () => { attempts.push(clock.now()); if (fail) throw new Error('down'); } });
  return {
    attempts, reconnector,
    setFail: (f: boolean) => { fail = f; },
    target: { suspend: () => reconnector.pause(), wake: () => reconnector.now() },
  };
}

describe('watchConnectivity', () => {
  it('suspend → no attempts at all; resume → one immediate attempt', async () => {
    const clock = new FakeClock();
    const p = ports();
    const e = engineLike(clock);
    watchConnectivity(e.target, p);
    e.reconnector.trigger();
    p.suspend();
    clock.advance(10 * 60_000); await flush();
    expect(e.attempts).toEqual([]);
    e.setFail(false);
    const t = clock.now();
    p.resume();
    await flush();
    expect(e.attempts).toEqual([t]);
  });

  it('offline → paused; online → immediate attempt; then normal backoff on failure', async () => {
    const clock = new FakeClock();
    const p = ports();
    const e = engineLike(clock);
    watchConnectivity(e.target, p);
    p.setOnline(false);
    e.reconnector.trigger();
    clock.advance(60_000); await flush();
    expect(e.attempts).toHaveLength(0);
    const t = clock.now();
    p.setOnline(true);
    await flush();
    expect(e.attempts).toEqual([t]);
    // It still fails: the next attempt waits for the backoff (2 s after one failure, jitter 0.5 = none).
    clock.advance(1999); await flush();
    expect(e.attempts).toHaveLength(1);
    clock.advance(1); await flush();
    expect(e.attempts).toHaveLength(2);
  });

  it('resume while offline waits for the network; a burst of events is one attempt', async () => {
    const clock = new FakeClock();
    const p = ports();
    const e = engineLike(clock);
    e.setFail(false);
    watchConnectivity(e.target, p);
    p.suspend();
    p.setOnlineQuietly(false);
    p.resume();
    await flush();
    expect(e.attempts).toHaveLength(0);
    p.setOnline(true);
    p.resume();
    p.setOnline(true);
    await flush();
    expect(e.attempts).toHaveLength(1);
  });

  it('unsubscribes', () => {
    const p = ports();
    const off = watchConnectivity({ suspend: () => undefined, wake: () => undefined }, p);
    off();
    expect(p.l.suspend.length + p.l.resume.length + p.l.net.length).toBe(0);
  });
});
