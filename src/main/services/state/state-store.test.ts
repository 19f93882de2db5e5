import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../shared/bridge.js';
import type { AppState } from '../../../shared/contract.js';
import { StateStore } from './state-store.js';

describe('StateStore', () => {
  it('publishes a state event on every change and only on change', () => {
    const hub = new EventHub();
    const seen: AppState[] = [];
    hub.attach((e, p) => e === 'state' && seen.push(p as AppState));
    const store = new StateStore(hub);
    store.update((s) => ({ ...s, agentStatus: 'Available' }));
    store.update((s) => ({ ...s, agentStatus: 'Available' }));
    store.update((s) => s);
    expect(seen.map((s) => s.agentStatus)).toEqual(['Available']);
  });

  it('runs call events through the reducer and leaves the state alone when refused', () => {
    const hub = new EventHub();
    let events = 0;
    hub.attach(() => events++);
    const store = new StateStore(hub);
    const refused = store.dispatchCall({ type: 'answered', callId: 'x', at: 1 });
    expect(refused.ok).toBe(false);
    expect(events).toBe(0);
    const ok = store.dispatchCall({ type: 'incoming', call: { callId: 'c', remoteUri: 'sip:a@b', customerName: null, customerNumber: null, queue: null, callType: 'normal', channel: 'phone', conversationId: null, startedAt: 1 } });
    expect(ok.ok).toBe(true);
    expect(store.get().call?.phase).toBe('ringing');
    expect(events).toBe(1);
  });

  it('notifies local subscribers with the previous state', () => {
    const store = new StateStore(new EventHub());
    const log: string[] = [];
    const off = store.subscribe((now, before) => log.push(`${before.agentStatus}→${now.agentStatus}`));
    store.update((s) => ({ ...s, agentStatus: 'Busy' }));
    off();
    store.update((s) => ({ ...s, agentStatus: 'Away' }));
    expect(log).toEqual(['Offline→Busy']);
  });
});
