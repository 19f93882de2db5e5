// The agent's call lifecycle as a pure reducer over the two AppState fields it owns (`call`, `wrapUp`):
//   idle → ringing | dialing → active → ended → wrap-up → idle   (ended → idle when there is no wrap-up)
// One call at a time (spec §3.2); wrap-up counts as busy (§3.3). The engine maps sip.js session states and
// user commands onto these events; an event that does not fit the current phase is refused, never applied.
import type { CallInfo, WrapUp } from '../../../shared/contract.js';

export interface CallSlot {
  call: CallInfo | null;
  wrapUp: WrapUp | null;
}

export type CallMachinePhase = 'idle' | 'ringing' | 'dialing' | 'active' | 'ended' | 'wrap-up';

/** What a new call carries; the reducer fills phase, timestamps and flags. */
export type NewCall = Omit<CallInfo, 'phase' | 'answeredAt' | 'endedAt' | 'held' | 'muted' | 'endReason' | 'direction'>;

export type CallEvent =
  | { type: 'incoming'; call: NewCall }
  | { type: 'dial'; call: NewCall }
  | { type: 'answered'; callId: string; at: number }
  /** The companion named the conversation of an outbound call (in its 18x/200 response, §8.3). */
  | { type: 'linked'; callId: string; conversationId: string }
  | { type: 'held'; callId: string; on: boolean }
  | { type: 'muted'; callId: string; on: boolean }
  | { type: 'ended'; callId: string; at: number; reason: string }
  /** Start or update (extension) of the wrap-up of the call that just ended. */
  | { type: 'wrapUpStarted'; wrapUp: WrapUp }
  | { type: 'wrapUpEnded'; callId: string }
  /** An ended call with no wrap-up (never answered, or wrap-up switched off) leaves the slot. */
  | { type: 'cleared'; callId: string };

export type CallTransition = { ok: true; slot: CallSlot } | { ok: false; reason: string };

export const idleSlot = (): CallSlot => ({ call: null, wrapUp: null });

export function callPhase(slot: CallSlot): CallMachinePhase {
  if (slot.wrapUp) return 'wrap-up';
  if (!slot.call) return 'idle';
  return slot.call.phase;
}

/** Busy for a new call: anything but idle (a ringing, dialing, active or ended call, or wrap-up). */
export const isBusy = (slot: CallSlot): boolean => callPhase(slot) !== 'idle';

const refuse = (event: CallEvent, phase: CallMachinePhase, why = 'not allowed'): CallTransition => ({
  ok: false,
  reason: `${event.type} ${why} in phase ${phase}`,
});

export function reduceCall(slot: CallSlot, event: CallEvent): CallTransition {
  const phase = callPhase(slot);
  const call = slot.call;
  const sameCall = (callId: string) => call !== null && call.callId === callId;

  switch (event.type) {
    case 'incoming':
    case 'dial': {
      if (phase !== 'idle') return refuse(event, phase, 'refused (busy)');
      const fresh: CallInfo = {
        ...event.call,
        direction: event.type === 'incoming' ? 'inbound' : 'outbound',
        phase: event.type === 'incoming' ? 'ringing' : 'dialing',
        answeredAt: null,
        endedAt: null,
        held: false,
        muted: false,
        endReason: null,
      };
      return { ok: true, slot: { call: fresh, wrapUp: null } };
    }
    case 'answered':
      if (phase !== 'ringing' && phase !== 'dialing') return refuse(event, phase);
      if (!sameCall(event.callId)) return refuse(event, phase, 'for an unknown call');
      return { ok: true, slot: { ...slot, call: { ...call!, phase: 'active', answeredAt: event.at } } };
    case 'linked':
      if (phase !== 'dialing' && phase !== 'active') return refuse(event, phase);
      if (!sameCall(event.callId)) return refuse(event, phase, 'for an unknown call');
      return { ok: true, slot: { ...slot, call: { ...call!, conversationId: event.conversationId } } };
    case 'held':
    case 'muted':
      if (phase !== 'active') return refuse(event, phase);
      if (!sameCall(event.callId)) return refuse(event, phase, 'for an unknown call');
      return {
        ok: true,
        slot: { ...slot, call: event.type === 'held' ? { ...call!, held: event.on } : { ...call!, muted: event.on } },
      };
    case 'ended':
      if (phase !== 'ringing' && phase !== 'dialing' && phase !== 'active') return refuse(event, phase);
      if (!sameCall(event.callId)) return refuse(event, phase, 'for an unknown call');
      return {
        ok: true,
        slot: { ...slot, call: { ...call!, phase: 'ended', endedAt: event.at, endReason: event.reason, held: false } },
      };
    case 'wrapUpStarted':
      if (phase === 'ended') {
        if (!sameCall(event.wrapUp.callId)) return refuse(event, phase, 'for an unknown call');
        return { ok: true, slot: { call: slot.call, wrapUp: event.wrapUp } };
      }
      if (phase === 'wrap-up') {
        if (slot.wrapUp!.callId !== event.wrapUp.callId) return refuse(event, phase, 'for an unknown call');
        return { ok: true, slot: { call: slot.call, wrapUp: event.wrapUp } };
      }
      return refuse(event, phase);
    case 'wrapUpEnded':
      if (phase !== 'wrap-up') return refuse(event, phase);
      if (slot.wrapUp!.callId !== event.callId) return refuse(event, phase, 'for an unknown call');
      return { ok: true, slot: idleSlot() };
    case 'cleared':
      if (phase !== 'ended') return refuse(event, phase);
      if (!sameCall(event.callId)) return refuse(event, phase, 'for an unknown call');
      return { ok: true, slot: idleSlot() };
  }
}
