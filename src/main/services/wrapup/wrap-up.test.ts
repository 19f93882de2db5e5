import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../shared/bridge.js';
import type { CallInfo, EventPayload } from '../../../shared/contract.js';
import { silentLogger } from '../../ports.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { StateStore } from '../state/state-store.js';
import { WrapUpController, type WrapUpApi } from './wrap-up.js';

function setup(api: Partial<WrapUpApi> = {}) {
  const clock = new FakeClock(1_000_000);
  const store = new StateStore(new EventHub());
  const calls: string[] = [];
  const notices: EventPayload<'notice'>[] = [];
  const fullApi: WrapUpApi = {
    startWrapUp: async (callId, conv) => { calls.push(`start ${callId} ${conv}`); return { enabled: true, callId, endsAt: clock.now() + 30_000, canExtend: true }; },
    extendWrapUp: async () => { calls.push('extend'); return { endsAt: (store.get().wrapUp?.endsAt ?? 0) + 10_000 }; },
    finishWrapUp: async (input) => { calls.push(`finish ${JSON.stringify(input)}`); },
    ...api,
  };
  const w = new WrapUpController({ store, api: () => fullApi, clock, logger: silentLogger, notify: (n) => notices.push(n) });
  // An answered call that just ended.
  store.dispatchCall({ type: 'incoming', call: { callId: 'c1', remoteUri: 'sip:x@y', customerName: null, customerNumber: '1', queue: 'support', callType: 'normal', channel: 'phone', conversationId: 'conv-1', startedAt: 1 } });
  store.dispatchCall({ type: 'answered', callId: 'c1', at: 2 });
  store.dispatchCall({ type: 'ended', callId: 'c1', at: 3, reason: 'Hung up' });
  const call = store.get().call as CallInfo;
  return { clock, store, calls, notices, w, call };
}

describe('WrapUpController', () => {
  it('starts wrap-up on the companion and ends it at endsAt', async () => {
    const { w, store, clock, calls, call } = setup();
    await w.begin(call, 'server-call-1');
    expect(calls).toEqual(['start server-call-1 conv-1']);
    expect(store.get().wrapUp).toEqual({ callId: 'c1', conversationId: 'conv-1', endsAt: 1_030_000, canExtend: true });
    clock.advance(29_999);
    expect(store.get().wrapUp).not.toBeNull();
    clock.advance(1);
    expect(store.get().wrapUp).toBeNull();
    expect(store.get().call).toBeNull();
  });

  it('clears the call when wrap-up is switched off, or when the server cannot start it (with a notice)', async () => {
    const off = setup({ startWrapUp: async () => ({ enabled: false }) });
    await off.w.begin(off.call, 's');
    expect(off.store.get()).toMatchObject({ call: null, wrapUp: null });

    const broken = setup({ startWrapUp: async () => { throw new Error('down'); } });
    await broken.w.begin(broken.call, 's');
    expect(broken.store.get()).toMatchObject({ call: null, wrapUp: null });
    expect(broken.notices).toEqual([{ level: 'warning', code: 'wrapup_unavailable', message: 'Wrap-up could not be started on the server.' }]);
  });

  it('"+10s" moves endsAt and the timer', async () => {
    const { w, store, clock, call } = setup();
    await w.begin(call, 's');
    await w.extend();
    expect(store.get().wrapUp?.endsAt).toBe(1_040_000);
    clock.advance(30_000);
    expect(store.get().wrapUp).not.toBeNull();
    clock.advance(10_000);
    expect(store.get().wrapUp).toBeNull();
  });

  it('refuses "+10s" when the organisation does not allow it, and without a wrap-up', async () => {
    const { w, call } = setup({ startWrapUp: async (callId) => ({ enabled: true, callId, endsAt: 2_000_000, canExtend: false }) });
    await expect(w.extend()).rejects.toMatchObject({ code: 'no_wrapup' });
    await w.begin(call, 's');
    await expect(w.extend()).rejects.toMatchObject({ code: 'extension_not_allowed' });
  });

  it('finish saves notes and ends; a failed save keeps the wrap-up open', async () => {
    let fail = true;
    const { w, store, calls, call } = setup({
      finishWrapUp: async (input) => { if (fail) throw new Error('server down'); calls.push(`finish ${JSON.stringify(input)}`); },
    });
    await w.begin(call, 's');
    await expect(w.finish({ notes: 'n', status: 'Solved' })).rejects.toThrow('server down');
    expect(store.get().wrapUp).not.toBeNull();
    fail = false;
    await w.finish({ notes: 'n', status: 'Solved' });
    expect(calls.at(-1)).toBe('finish {"notes":"n","status":"Solved"}');
    expect(store.get()).toMatchObject({ call: null, wrapUp: null });
  });

  it('follows the companion: its end and its extensions of this wrap-up, not of others', async () => {
    const { w, store, call } = setup({ startWrapUp: async () => ({ enabled: true, callId: 'server-1', endsAt: 1_030_000, canExtend: true }) });
    await w.begin(call, 'sip-call-id');
    w.onServerEvent({ seq: 1, type: 'wrapup.started', agentId: 'a', callId: 'server-1', conversationId: null, endsAt: 1_050_000, canExtend: true });
    expect(store.get().wrapUp?.endsAt).toBe(1_050_000);
    w.onServerEvent({ seq: 2, type: 'wrapup.ended', agentId: 'a', callId: 'other' });
    expect(store.get().wrapUp).not.toBeNull();
    w.onServerEvent({ seq: 3, type: 'wrapup.ended', agentId: 'a', callId: 'server-1' });
    expect(store.get().wrapUp).toBeNull();
  });
});
