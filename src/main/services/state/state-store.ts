// The single source of truth for AppState in main. Every change is published as a `state` event on the
// EventHub, so every attached renderer (Electron window, web-host sockets) sees the same state.
import type { EventHub } from '../../../shared/bridge.js';
import { initialAppState, type AppState } from '../../../shared/contract.js';
import { reduceCall, type CallEvent, type CallTransition } from '../calls/call-state.js';

export class StateStore {
  private state: AppState = initialAppState();
  private readonly listeners = new Set<(state: AppState, previous: AppState) => void>();

  constructor(private readonly hub: EventHub) {}

  get(): AppState {
    return this.state;
  }

  /** Applies `fn` and publishes the result if anything changed. */
  update(fn: (s: AppState) => AppState): AppState {
    const previous = this.state;
    const next = fn(previous);
    if (next === previous || JSON.stringify(next) === JSON.stringify(previous)) return previous;
    this.state = next;
    for (const l of [...this.listeners]) l(next, previous);
    this.hub.emit('state', next);
    return next;
  }

  /** Runs a call-lifecycle event through the pure reducer; refused events change nothing. */
  dispatchCall(event: CallEvent): CallTransition {
    const result = reduceCall({ call: this.state.call, wrapUp: this.state.wrapUp }, event);
    if (result.ok) this.update((s) => ({ ...s, call: result.slot.call, wrapUp: result.slot.wrapUp }));
    return result;
  }

  reset(): void {
    this.update(() => initialAppState());
  }

  /** Local observers in main (tray, notifications, tests). */
  subscribe(listener: (state: AppState, previous: AppState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
