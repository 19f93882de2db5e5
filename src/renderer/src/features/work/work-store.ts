// A tiny store shared by the outbound-call form, "My work" and anything that wants to start a call:
// click-to-dial links call `openOutbound({ to })` to open the New call form prefilled (§8.3), and the
// outbound check's "open it" outcome calls `openConversation(id)` so My work shows that conversation.
// Module-level on purpose: callers need no React context (e.g. a desktop dial request handler).
import { useSyncExternalStore } from 'react';

export interface OutboundRequest {
  /** E.164 number, extension or SIP address to put in "To". */
  to: string;
  /** Optional account number for "From". */
  from?: string;
  /** Increments per request so the same number twice still re-opens the form. */
  seq: number;
}

interface WorkState {
  outbound: OutboundRequest | null;
  openConversationId: string | null;
  /** Bumped when a conversation changed (wrap-up saved, notes edited): lists re-read. */
  revision: number;
}

let state: WorkState = { outbound: null, openConversationId: null, revision: 0 };
const listeners = new Set<() => void>();
const set = (patch: Partial<WorkState>) => {
  state = { ...state, ...patch };
  for (const l of listeners) l();
};

/** Opens the New call form with "To" (and optionally "From") filled in; the agent still presses Call. */
export function openOutbound(target: { to: string; from?: string }): void {
  set({ outbound: { to: target.to.slice(0, 200), from: target.from, seq: (state.outbound?.seq ?? 0) + 1 } });
}

/** The form took the request (so a re-render does not apply it twice). */
export function takeOutbound(seq: number): void {
  if (state.outbound?.seq === seq) set({ outbound: null });
}

export function openConversation(id: string | null): void {
  set({ openConversationId: id });
}

export function conversationsChanged(): void {
  set({ revision: state.revision + 1 });
}

export function resetWork(): void {
  set({ outbound: null, openConversationId: null, revision: 0 });
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export function useWork<T>(select: (s: WorkState) => T): T {
  return useSyncExternalStore(subscribe, () => select(state));
}
