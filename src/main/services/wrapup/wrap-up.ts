// Wrap-up after an answered call (spec §10): asks the companion to start it, shows the countdown state,
// ends it at endsAt (injected clock) or when the agent finishes, and follows the companion's own
// wrap-up events (extensions, ends decided by the server).
import { BridgeError, type CallInfo, type EventPayload } from '../../../shared/contract.js';
import type { ServerEvent } from '../../../shared/companion-api.js';
import type { Clock, Logger, TimerHandle } from '../../ports.js';
import type { StateStore } from '../state/state-store.js';

/** The slice of the companion client wrap-up needs (a fake in unit tests). */
export interface WrapUpApi {
  startWrapUp(callId: string, conversationId: string | null): Promise<{ enabled: false } | { enabled: true; callId: string; endsAt: number; canExtend: boolean }>;
  extendWrapUp(): Promise<{ endsAt: number }>;
  finishWrapUp(input: { notes?: string; status?: 'Open' | 'Waiting' | 'Solved' | 'Closed' }): Promise<void>;
}

export interface WrapUpControllerOptions {
  store: StateStore;
  api: () => WrapUpApi | null;
  clock: Clock;
  logger: Logger;
  notify: (notice: EventPayload<'notice'>) => void;
}

export class WrapUpController {
  private timer: TimerHandle | null = null;
  /** The companion's id of the call in wrap-up (its events use it). */
  private serverCallId: string | null = null;

  constructor(private readonly o: WrapUpControllerOptions) {}

  /** Called when an answered call ended; `serverCallId` is the id the companion knows the call by. */
  async begin(call: CallInfo, serverCallId: string): Promise<void> {
    const api = this.o.api();
    let answer: Awaited<ReturnType<WrapUpApi['startWrapUp']>> | null = null;
    if (api) {
      try {
        answer = await api.startWrapUp(serverCallId, call.conversationId);
      } catch (err) {
        this.o.logger.warn(`wrap-up could not start: ${err instanceof Error ? err.message : String(err)}`);
        this.o.notify({ level: 'warning', code: 'wrapup_unavailable', message: 'Wrap-up could not be started on the server.' });
      }
    }
    const current = this.o.store.get().call;
    if (!current || current.callId !== call.callId || current.phase !== 'ended') return; // signed out meanwhile
    if (!answer || !answer.enabled || answer.endsAt <= this.o.clock.now()) {
      this.o.store.dispatchCall({ type: 'cleared', callId: call.callId });
      return;
    }
    this.serverCallId = answer.callId;
    this.apply(call.callId, call.conversationId, answer.endsAt, answer.canExtend);
  }

  async extend(): Promise<void> {
    const w = this.o.store.get().wrapUp;
    if (!w) throw new BridgeError('no_wrapup', 'There is no wrap-up in progress.');
    if (!w.canExtend) throw new BridgeError('extension_not_allowed', 'Additional wrap-up time is not allowed.');
    const api = this.requireApi();
    const { endsAt } = await api.extendWrapUp();
    const now = this.o.store.get().wrapUp;
    if (now && now.callId === w.callId) this.apply(w.callId, w.conversationId, endsAt, w.canExtend);
  }

  async finish(input: { notes?: string; status?: 'Open' | 'Waiting' | 'Solved' | 'Closed' }): Promise<void> {
    const w = this.o.store.get().wrapUp;
    if (!w) return; // already over (countdown ended): nothing to lose but the notes, which the server refuses too
    const api = this.requireApi();
    // If saving fails the wrap-up stays open so the agent's notes are not lost.
    await api.finishWrapUp(input);
    this.end(w.callId);
  }

  /** The companion's own wrap-up events for this agent. */
  onServerEvent(event: ServerEvent): void {
    const w = this.o.store.get().wrapUp;
    if (!w || this.serverCallId === null) return;
    if (event.type === 'wrapup.ended' && event.callId === this.serverCallId) {
      this.end(w.callId);
    } else if (event.type === 'wrapup.started' && event.callId === this.serverCallId && event.endsAt !== w.endsAt) {
      this.apply(w.callId, w.conversationId, event.endsAt, event.canExtend);
    }
  }

  /** Stops timers (sign-out, dispose); the state itself is reset by the owner. */
  dispose(): void {
    this.clearTimer();
    this.serverCallId = null;
  }

  private apply(callId: string, conversationId: string | null, endsAt: number, canExtend: boolean): void {
    const r = this.o.store.dispatchCall({ type: 'wrapUpStarted', wrapUp: { callId, conversationId, endsAt, canExtend } });
    if (!r.ok) {
      this.o.logger.warn(`wrap-up: ${r.reason}`);
      return;
    }
    this.clearTimer();
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      this.end(callId);
    }, Math.max(0, endsAt - this.o.clock.now()));
  }

  private end(callId: string): void {
    this.clearTimer();
    this.serverCallId = null;
    const w = this.o.store.get().wrapUp;
    if (w && w.callId === callId) this.o.store.dispatchCall({ type: 'wrapUpEnded', callId });
  }

  private clearTimer(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private requireApi(): WrapUpApi {
    const api = this.o.api();
    if (!api) throw new BridgeError('not_signed_in', 'Sign in first.');
    return api;
  }
}
