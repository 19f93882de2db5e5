// Established calls the edge has seen (by SIP Call-ID): who is in them, so presence knows who is in a
// call, and so a queue call's end can start the agent's wrap-up.
import type { Channel } from './channel.js';

export interface TrackedCall {
  sipCallId: string;
  companionCallId: string;
  accountId: string;
  agentIds: string[];
  /** Flow keys of the agents' connections (the dialog guard ends their calls if a connection dies). */
  agentFlows: string[];
  fromQueue: boolean;
  /** How the customer reached us (phone, webrtc, whatsapp, viber); kept across transfers. */
  channel?: Channel;
  /** Epoch ms of the answer. */
  startedAt?: number;
  /** The conversation the call belongs to (assigned asynchronously on answer). */
  conversation?: Promise<string | null>;
}

export interface CallTrackerDeps {
  callStarted: (agentId: string, companionCallId: string) => void;
  /** Resolves once the call is fully ended for that agent (wrap-up started first for queue calls). */
  callEnded: (call: TrackedCall, agentId: string) => Promise<void>;
  onError: (e: unknown) => void;
}

export class CallTracker {
  private readonly calls = new Map<string, TrackedCall>();

  constructor(private readonly deps: CallTrackerDeps) {}

  established(call: TrackedCall): void {
    if (this.calls.has(call.sipCallId)) return;
    this.calls.set(call.sipCallId, call);
    for (const id of call.agentIds) this.deps.callStarted(id, call.companionCallId);
  }

  get(sipCallId: string): TrackedCall | undefined {
    return this.calls.get(sipCallId);
  }

  ended(sipCallId: string): void {
    const call = this.calls.get(sipCallId);
    if (!call) return;
    this.calls.delete(sipCallId);
    for (const id of call.agentIds) this.deps.callEnded(call, id).catch(this.deps.onError);
  }

  all(): TrackedCall[] {
    return [...this.calls.values()];
  }
}
