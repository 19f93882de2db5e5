import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { watchConnectivity } from './connectivity.js';
import { pollingNetworkPort } from './network-watch.js';

describe('pollingNetworkPort', () => {
  it('reports only changes, at the polling interval, and stops polling without listeners', () => {
    const clock = new FakeClock();
    let online = true;
    let probes = 0;
    const port = pollingNetworkPort(() => { probes++; return online; }, clock, 1_000);
    const seen: boolean[] = [];
    const off = port.onChange((o) => seen.push(o));
    clock.advance(3_000);
    expect(seen).toEqual([]);
    online = false;
    clock.advance(1_000);
    expect(seen).toEqual([false]);
    expect(port.isOnline()).toBe(false);
    clock.advance(5_000);
    expect(seen).toEqual([false]);
    online = true;
    clock.advance(1_000);
    expect(seen).toEqual([false, true]);
    off();
    const before = probes;
    clock.advance(10_000);
    expect(probes).toBe(before);
  });

  it('a probe that throws keeps the last answer', () => {
    const clock = new FakeClock();
    let fail = false;
    const port = pollingNetworkPort(() => { if (fail) throw new Error('quirk'); return true; }, clock, 500);
    const seen: boolean[] = [];
    port.onChange((o) => seen.push(o));
    fail = true;
    clock.advance(2_000);
    expect(seen).toEqual([]);
    expect(port.isOnline()).toBe(true);
    port.dispose();
  });

  it('drives the engine through watchConnectivity: offline pauses, online wakes once', () => {
    const clock = new FakeClock();
    let online = true;
    const port = pollingNetworkPort(() => online, clock, 1_000);
    const calls: string[] = [];
    const unwatch = watchConnectivity({ suspend: () => calls.push('suspend'), wake: (why) => calls.push(`wake:${why}`) }, { network: port });
    online = false;
    clock.advance(1_000);
    online = true;
    clock.advance(1_000);
    clock.advance(5_000);
    expect(calls).toEqual(['suspend', 'wake:network back']);
    unwatch();
  });
});
