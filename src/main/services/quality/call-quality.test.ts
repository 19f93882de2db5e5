import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../shared/bridge.js';
import type { CallInfo } from '../../../shared/contract.js';
import { StateStore } from '../state/state-store.js';
import { CallQualityMonitor } from './call-quality.js';

function setup() {
  let now = 0;
  const clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined };
  const store = new StateStore(new EventHub());
  const call: CallInfo = {
    callId: 'c1', direction: 'inbound', phase: 'active', remoteUri: 'sip:x@y', customerName: null, customerNumber: null, queue: null,
    callType: 'normal', channel: 'phone', conversationId: null, startedAt: 0, answeredAt: 0, endedAt: null, held: false, muted: false, endReason: null,
  };
  store.update((s) => ({ ...s, call }));
  return { store, monitor: new CallQualityMonitor(store, clock), tick: () => (now += 1000) };
}

const good = { lossPct: 0, rttMs: 20, jitterMs: 2 };
const lossy = { lossPct: 12, rttMs: 20, jitterMs: 2 };

describe('CallQualityMonitor', () => {
  it('puts MOS, series and the weak flags into AppState.call', () => {
    const { store, monitor, tick } = setup();
    monitor.report({ callId: 'c1', local: good, remote: null });
    expect(store.get().call?.quality).toMatchObject({ weakLocal: false, weakRemote: false, remoteMos: null });
    expect(store.get().call?.quality?.mos).toBeGreaterThan(4.3);
    for (let i = 0; i < 3; i++) {
      tick();
      monitor.report({ callId: 'c1', local: lossy, remote: lossy });
    }
    const q = store.get().call?.quality;
    expect(q?.mos).toBeLessThan(4);
    expect(q?.series).toHaveLength(4);
    expect(q?.weakLocal).toBe(true);
    expect(q?.weakRemote).toBe(true);
  });

  it('ignores samples of another call or a call that is not active', () => {
    const { store, monitor } = setup();
    expect(monitor.report({ callId: 'other', local: good, remote: null })).toBe(false);
    store.update((s) => ({ ...s, call: s.call && { ...s.call, phase: 'ended' } }));
    expect(monitor.report({ callId: 'c1', local: good, remote: null })).toBe(false);
    expect(store.get().call?.quality).toBeUndefined();
  });
});
