import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { KeepAlive, keepAliveStep, type KeepAliveStep } from './keep-alive.js';

const T = { intervalMs: 20_000, timeoutMs: 10_000 };

describe('keepAliveStep', () => {
  it.each<[string, number, number, number | null, KeepAliveStep]>([
    ['just heard: wait a full interval', 1000, 1000, null, { do: 'wait', ms: 20_000 }],
    ['quiet for part of the interval: wait the rest', 16_000, 1000, null, { do: 'wait', ms: 5_000 }],
    ['quiet for the interval: ping', 21_000, 1000, null, { do: 'ping' }],
    ['quiet for longer (timer late): ping', 99_000, 1000, null, { do: 'ping' }],
    ['ping outstanding, within the timeout: wait the rest', 25_000, 1000, 21_000, { do: 'wait', ms: 6_000 }],
    ['ping outstanding past the timeout: dead', 31_000, 1000, 21_000, { do: 'dead' }],
    ['answer heard after the ping: not outstanding any more', 31_000, 22_000, 21_000, { do: 'wait', ms: 11_000 }],
    ['ping sent in the same instant as the last message counts as outstanding', 31_000, 21_000, 21_000, { do: 'dead' }],
  ])('%s', (_why, now, heard, ping, step) => {
    expect(keepAliveStep(now, heard, ping, T)).toEqual(step);
  });
});

describe('KeepAlive', () => {
  function setup() {
    const clock = new FakeClock();
    const events: string[] = [];
    const k = new KeepAlive({ clock, timing: T, ping: () => events.push(`ping@${clock.now()}`), onDead: () => events.push(`dead@${clock.now()}`) });
    return { clock, events, k, t0: clock.now() };
  }

  it('pings after a quiet interval and declares the path dead when the ping stays unanswered', () => {
    const { clock, events, k, t0 } = setup();
    k.start();
    clock.advance(60_000);
    expect(events).toEqual([`ping@${t0 + 20_000}`, `dead@${t0 + 30_000}`]);
  });

  it('an answer keeps it alive; traffic postpones the ping', () => {
    const { clock, events, k, t0 } = setup();
    k.start();
    clock.advance(15_000);
    k.heard(); // e.g. a re-REGISTER answer
    clock.advance(20_000);
    expect(events).toEqual([`ping@${t0 + 35_000}`]);
    clock.advance(2_000);
    k.heard(); // the OPTIONS answer
    clock.advance(20_000);
    expect(events).toEqual([`ping@${t0 + 35_000}`, `ping@${t0 + 57_000}`]);
    k.stop();
    clock.advance(100_000);
    expect(events).toHaveLength(2);
  });

  it('does nothing once stopped, and heard() while stopped is ignored', () => {
    const { clock, events, k } = setup();
    k.heard();
    clock.advance(100_000);
    k.start();
    k.stop();
    clock.advance(100_000);
    expect(events).toEqual([]);
  });
});
