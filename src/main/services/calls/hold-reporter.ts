// Reports holds to the companion (spec §3.4): the agent is "On hold" while a call is held, and the call's
// conversation gets a "Call on hold (m:ss)" event when the hold ends. It follows the call state (held flips only
// after a successful re-INVITE), so the hold itself never waits on, or fails because of, the companion.
import type { AppState } from '../../../shared/contract.js';
import type { Clock, Logger } from '../../ports.js';

/** The slice of the companion client this needs (a fake in unit tests). */
export interface HoldApi {
  setHold(callId: string, on: boolean): Promise<unknown>;
  addHoldEvent(conversationId: string, hold: { callId: string; startedAt: number; endedAt: number }): Promise<void>;
}

export interface HoldReporterOptions {
  api: () => HoldApi | null;
  /** The id the companion knows the call by (its own id or the SIP Call-ID), null when unknown. */
  serverCallId: (callId: string) => string | null;
  clock: Clock;
  logger: Logger;
}

interface OpenHold {
  callId: string;
  serverCallId: string;
  conversationId: string | null;
  startedAt: number;
}

export class HoldReporter {
  private open: OpenHold | null = null;
  /** Reports go out one after another so "on" never overtakes "off" for the same call. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: HoldReporterOptions) {}

  /** Store subscriber: compares the call's held flag with the previous state. */
  onState(state: AppState, previous: AppState): void {
    const call = state.call;
    const held = !!call && call.held && call.phase !== 'ended';
    if (this.open && (!held || call?.callId !== this.open.callId)) {
      // Resumed, ended while held, or signed out: close the hold. The conversation id may only be known later.
      const h = this.open;
      this.open = null;
      const endedAt = this.o.clock.now();
      const conversationId = h.conversationId
        ?? (call?.callId === h.callId ? call.conversationId : null)
        ?? (previous.call?.callId === h.callId ? previous.call.conversationId : null);
      this.send('hold off', (api) => api.setHold(h.serverCallId, false));
      if (conversationId) {
        this.send('hold event', (api) => api.addHoldEvent(conversationId, { callId: h.serverCallId, startedAt: h.startedAt, endedAt }));
      }
    }
    if (held && !this.open) {
      const serverCallId = this.o.serverCallId(call.callId) ?? call.callId;
      this.open = { callId: call.callId, serverCallId, conversationId: call.conversationId, startedAt: this.o.clock.now() };
      this.send('hold on', (api) => api.setHold(serverCallId, true));
    }
  }

  /** Resolves when every report queued so far has been sent or has failed (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private send(what: string, fn: (api: HoldApi) => Promise<unknown>): void {
    const api = this.o.api();
    if (!api) return;
    this.queue = this.queue.then(async () => {
      try {
        await fn(api);
      } catch (err) {
        // A failed report must not undo or block the hold: log and carry on.
        this.o.logger.warn(`${what} not reported to the companion: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
}
