import { describe, expect, it } from 'vitest';
import { initialAppState, type AppState, type CallInfo } from '../../../shared/contract.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { HoldReporter, type HoldApi } from './hold-reporter.js';

const call = (over: Partial<CallInfo> = {}): CallInfo => ({
  callId: 'c1', direction: 'inbound', phase: 'active', remoteUri: 'sip:x@y', customerName: null, customerNumber: null,
  queue: null, callType: 'normal', channel: 'phone', conversationId: 'conv1', startedAt: 0, answeredAt: 0, endedAt: null,
  held: false, muted: false, endReason: null, ...over,
});

function setup(fail = false) {
  const clock = new FakeClock(1_000);
  const sent: unknown[] = [];
  const warnings: string[] = [];
  const api: HoldApi = {
    setHold: async (callId, on) => { sent.push(['hold', callId, on]); if (fail) throw new Error('down'); },
    addHoldEvent: async (conversationId, h) => { sent.push(['event', conversationId, h]); if (fail) throw new Error('down'); },
  };
  const r = new HoldReporter({
    api: () => api, serverCallId: (id) => `srv-${id}`, clock,
    logger: { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
  });
  let prev: AppState = { ...initialAppState(), call: call() };
  const step = (c: CallInfo | null) => { const next = { ...prev, call: c }; r.onState(next, prev); prev = next; };
  return { clock, sent, warnings, r, step };
}

describe('HoldReporter (§3.4)', () => {
  it('reports hold on, hold off and the hold event with its duration', async () => {
    const { clock, sent, r, step } = setup();
    step(call({ held: true }));
    step(call({ held: true, muted: true }));
    clock.advance(65_000);
    step(call({ held: false }));
    await r.idle();
    expect(sent).toEqual([
      ['hold', 'srv-c1', true],
      ['hold', 'srv-c1', false],
      ['event', 'conv1', { callId: 'srv-c1', startedAt: 1_000, endedAt: 66_000 }],
    ]);
  });

  it('closes the hold when the call ends while held; no event without a conversation', async () => {
    const { sent, r, step } = setup();
    step(call({ held: true, conversationId: null }));
    step(call({ phase: 'ended', held: false, conversationId: null }));
    await r.idle();
    expect(sent).toEqual([['hold', 'srv-c1', true], ['hold', 'srv-c1', false]]);
  });

  it('logs report failures and keeps going', async () => {
    const { sent, warnings, r, step } = setup(true);
    step(call({ held: true }));
    step(call({ held: false }));
    await r.idle();
    expect(sent).toHaveLength(3);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/hold on not reported to the companion: down/);
  });
});
