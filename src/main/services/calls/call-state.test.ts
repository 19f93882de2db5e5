import { describe, expect, it } from 'vitest';
import { callPhase, idleSlot, isBusy, reduceCall, type CallEvent, type CallMachinePhase, type CallSlot, type NewCall } from './call-state.js';

const base: NewCall = {
  callId: 'c1',
  remoteUri: 'sip:customer@example.test',
  customerName: 'Yamada Taro',
  customerNumber: '+81312345678',
  queue: 'support',
  callType: 'normal',
  channel: 'phone',
  conversationId: 'conv-1',
  startedAt: 1000,
};

/** Builds a slot in the given phase by running valid events from idle. */
function slotIn(phase: CallMachinePhase): CallSlot {
  const run = (events: CallEvent[]) =>
    events.reduce<CallSlot>((s, e) => {
      const r = reduceCall(s, e);
      if (!r.ok) throw new Error(r.reason);
      return r.slot;
    }, idleSlot());
  switch (phase) {
    case 'idle': return idleSlot();
    case 'ringing': return run([{ type: 'incoming', call: base }]);
    case 'dialing': return run([{ type: 'dial', call: base }]);
    case 'active': return run([{ type: 'incoming', call: base }, { type: 'answered', callId: 'c1', at: 2000 }]);
    case 'ended': return run([{ type: 'incoming', call: base }, { type: 'answered', callId: 'c1', at: 2000 }, { type: 'ended', callId: 'c1', at: 3000, reason: 'Call ended' }]);
    case 'wrap-up': return run([
      { type: 'incoming', call: base }, { type: 'answered', callId: 'c1', at: 2000 }, { type: 'ended', callId: 'c1', at: 3000, reason: 'Call ended' },
      { type: 'wrapUpStarted', wrapUp: { callId: 'c1', conversationId: 'conv-1', endsAt: 33_000, canExtend: true } },
    ]);
  }
}

const events: Record<string, CallEvent> = {
  incoming: { type: 'incoming', call: { ...base, callId: 'c2' } },
  dial: { type: 'dial', call: { ...base, callId: 'c2' } },
  answered: { type: 'answered', callId: 'c1', at: 2500 },
  held: { type: 'held', callId: 'c1', on: true },
  muted: { type: 'muted', callId: 'c1', on: true },
  ended: { type: 'ended', callId: 'c1', at: 4000, reason: 'Caller hung up' },
  wrapUpStarted: { type: 'wrapUpStarted', wrapUp: { callId: 'c1', conversationId: 'conv-1', endsAt: 43_000, canExtend: false } },
  wrapUpEnded: { type: 'wrapUpEnded', callId: 'c1' },
  cleared: { type: 'cleared', callId: 'c1' },
  linked: { type: 'linked', callId: 'c1', conversationId: 'conv-9' },
};

// Expected phase after each event from each phase; null = refused.
const table: Record<CallMachinePhase, Record<keyof typeof events, CallMachinePhase | null>> = {
  idle:      { incoming: 'ringing', dial: 'dialing', answered: null, held: null, muted: null, ended: null, wrapUpStarted: null, wrapUpEnded: null, cleared: null, linked: null },
  ringing:   { incoming: null, dial: null, answered: 'active', held: null, muted: null, ended: 'ended', wrapUpStarted: null, wrapUpEnded: null, cleared: null, linked: null },
  dialing:   { incoming: null, dial: null, answered: 'active', held: null, muted: null, ended: 'ended', wrapUpStarted: null, wrapUpEnded: null, cleared: null, linked: 'dialing' },
  active:    { incoming: null, dial: null, answered: null, held: 'active', muted: 'active', ended: 'ended', wrapUpStarted: null, wrapUpEnded: null, cleared: null, linked: 'active' },
  ended:     { incoming: null, dial: null, answered: null, held: null, muted: null, ended: null, wrapUpStarted: 'wrap-up', wrapUpEnded: null, cleared: 'idle', linked: null },
  'wrap-up': { incoming: null, dial: null, answered: null, held: null, muted: null, ended: null, wrapUpStarted: 'wrap-up', wrapUpEnded: 'idle', cleared: null, linked: null },
};

const cases = Object.entries(table).flatMap(([from, row]) =>
  Object.entries(row).map(([event, to]) => [from as CallMachinePhase, event, to] as const));

describe('call state reducer', () => {
  it.each(cases)('%s --%s--> %s', (from, eventName, to) => {
    const before = slotIn(from);
    const snapshot = structuredClone(before);
    const result = reduceCall(before, events[eventName]!);
    // The reducer is pure: the input slot is never modified.
    expect(before).toEqual(snapshot);
    if (to === null) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain(eventName);
    } else {
      expect(result.ok).toBe(true);
      if (result.ok) expect(callPhase(result.slot)).toBe(to);
    }
  });

  it('fills a new inbound call with defaults', () => {
    const r = reduceCall(idleSlot(), { type: 'incoming', call: base });
    expect(r).toEqual({ ok: true, slot: { wrapUp: null, call: { ...base, direction: 'inbound', phase: 'ringing', answeredAt: null, endedAt: null, held: false, muted: false, endReason: null } } });
  });

  it('marks outbound calls and records answer and end times and the reason', () => {
    let s = reduceCall(idleSlot(), { type: 'dial', call: base });
    expect(s.ok && s.slot.call?.direction).toBe('outbound');
    s = reduceCall(s.ok ? s.slot : idleSlot(), { type: 'answered', callId: 'c1', at: 5 });
    expect(s.ok && s.slot.call?.answeredAt).toBe(5);
    s = reduceCall(s.ok ? s.slot : idleSlot(), { type: 'ended', callId: 'c1', at: 9, reason: 'Busy' });
    expect(s.ok && s.slot.call).toMatchObject({ phase: 'ended', endedAt: 9, endReason: 'Busy', answeredAt: 5 });
  });

  it('linked sets the conversation the companion named for the outbound call', () => {
    const r = reduceCall(slotIn('dialing'), { type: 'linked', callId: 'c1', conversationId: 'conv-9' });
    expect(r.ok && r.slot.call?.conversationId).toBe('conv-9');
    expect(reduceCall(slotIn('dialing'), { type: 'linked', callId: 'other', conversationId: 'conv-9' }).ok).toBe(false);
  });

  it('hold and mute toggle flags on the active call; ending clears hold', () => {
    let slot = slotIn('active');
    for (const e of [events.held!, events.muted!]) {
      const r = reduceCall(slot, e);
      if (!r.ok) throw new Error(r.reason);
      slot = r.slot;
    }
    expect(slot.call).toMatchObject({ held: true, muted: true });
    const ended = reduceCall(slot, events.ended!);
    expect(ended.ok && ended.slot.call?.held).toBe(false);
  });

  it.each([
    ['answered', { type: 'answered', callId: 'other', at: 1 }, 'ringing'],
    ['ended', { type: 'ended', callId: 'other', at: 1, reason: 'x' }, 'active'],
    ['held', { type: 'held', callId: 'other', on: true }, 'active'],
    ['cleared', { type: 'cleared', callId: 'other' }, 'ended'],
    ['wrapUpStarted', { type: 'wrapUpStarted', wrapUp: { callId: 'other', conversationId: null, endsAt: 1, canExtend: false } }, 'ended'],
    ['wrapUpStarted', { type: 'wrapUpStarted', wrapUp: { callId: 'other', conversationId: null, endsAt: 1, canExtend: false } }, 'wrap-up'],
    ['wrapUpEnded', { type: 'wrapUpEnded', callId: 'other' }, 'wrap-up'],
  ] as const)('refuses %s for a call id that is not the current call (%#)', (_n, event, from) => {
    const r = reduceCall(slotIn(from), event as CallEvent);
    expect(r.ok).toBe(false);
  });

  it('counts every phase but idle as busy (wrap-up included)', () => {
    const phases: CallMachinePhase[] = ['idle', 'ringing', 'dialing', 'active', 'ended', 'wrap-up'];
    expect(phases.map((p) => isBusy(slotIn(p)))).toEqual([false, true, true, true, true, true]);
  });

  it('an extension replaces endsAt of the running wrap-up', () => {
    const r = reduceCall(slotIn('wrap-up'), { type: 'wrapUpStarted', wrapUp: { callId: 'c1', conversationId: 'conv-1', endsAt: 43_000, canExtend: true } });
    expect(r.ok && r.slot.wrapUp?.endsAt).toBe(43_000);
  });
});
