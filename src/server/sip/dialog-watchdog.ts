// Ends dialogs the edge would otherwise keep forever. Two cases, both bounded:
// - ACK timeout: a 2xx to an INVITE was forwarded but no ACK passed the edge within 64·T1 (RFC 3261 §13.3.1.4)
//   — the ACK (or the 2xx) was lost, e.g. UDP drops under load.
// - Lost flow: the connection (flow) of one party closed and no request of the dialog came back on a new
//   connection within a grace period. The grace lets a desktop that reconnects keep its call (it sends an
//   ICE-restart re-INVITE from the new connection, which revives the dialog).
// Safety-net choice for a dialog that just goes silent (BYE lost): we rely on the party's flow disappearing
// (WebSocket close, or the registration behind a UDP/TCP flow expiring), not on in-dialog OPTIONS probes:
// probing needs per-dialog CSeq bookkeeping on both sides and UAs answer in-dialog OPTIONS inconsistently,
// while every agent's registration already has a bounded lifetime (≤ 1 h, refreshed by live phones).
// The watchdog only decides WHEN a dialog is dead; the edge sends the BYEs and frees the agent.

/** RFC 3261 T1. */
export const T1_MS = 500;
export const DEFAULT_ACK_TIMEOUT_MS = 64 * T1_MS;
export const DEFAULT_FLOW_GRACE_MS = 64 * T1_MS;

export type DeadReason = 'ack-timeout' | 'flow-lost';

export interface WatchdogTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: WatchdogTimers = {
  set: (fn, ms) => { const t = setTimeout(fn, ms); t.unref(); return t; },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface DialogWatchdogOptions<T> {
  ackTimeoutMs?: number;
  flowGraceMs?: number;
  timers?: WatchdogTimers;
  /**
   * The dialog is dead: end it on both sides. Called at most once per dialog, after it is forgotten.
   * `lostFlows`: the parties' flows that closed (no point sending them anything).
   */
  onDead: (sipCallId: string, payload: T, reason: DeadReason, lostFlows: string[]) => void;
}

interface Entry<T> {
  payload: T;
  /** Flow keys of the parties (caller first). */
  flows: string[];
  ackTimer?: unknown;
  /** Flows that closed and are waiting for the party to come back. */
  lost: Map<string, unknown>;
}

export class DialogWatchdog<T> {
  private readonly dialogs = new Map<string, Entry<T>>();
  private readonly timers: WatchdogTimers;
  private readonly ackTimeoutMs: number;
  private readonly flowGraceMs: number;

  constructor(private readonly o: DialogWatchdogOptions<T>) {
    this.timers = o.timers ?? realTimers;
    this.ackTimeoutMs = o.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.flowGraceMs = o.flowGraceMs ?? DEFAULT_FLOW_GRACE_MS;
  }

  /** A 2xx to the dialog's INVITE was forwarded: the ACK must follow. A retransmitted 2xx changes nothing. */
  answered(sipCallId: string, flows: string[], payload: T): void {
    if (this.dialogs.has(sipCallId)) return;
    const entry: Entry<T> = { payload, flows: [...flows], lost: new Map() };
    entry.ackTimer = this.timers.set(() => this.dead(sipCallId, 'ack-timeout'), this.ackTimeoutMs);
    this.dialogs.set(sipCallId, entry);
  }

  /**
   * An in-dialog request passed the edge on `flowKey`. ACK stops the ACK timer; BYE forgets the dialog; any
   * request on a flow the dialog does not know yet comes from a party that reconnected: it replaces that
   * party's lost flow and the dialog lives on.
   */
  request(sipCallId: string, method: string, flowKey: string): void {
    const entry = this.dialogs.get(sipCallId);
    if (!entry) return;
    const m = method.toUpperCase();
    if (m === 'BYE') return this.ended(sipCallId);
    if (m === 'ACK' && entry.ackTimer !== undefined) {
      this.timers.clear(entry.ackTimer);
      entry.ackTimer = undefined;
    }
    if (!entry.flows.includes(flowKey) && entry.lost.size > 0) {
      // Which party came back is unknown from the flow alone; with one lost flow it is that one.
      const [gone, timer] = entry.lost.entries().next().value as [string, unknown];
      this.timers.clear(timer);
      entry.lost.delete(gone);
      entry.flows[entry.flows.indexOf(gone)] = flowKey;
    }
  }

  /** The dialog ended normally (BYE passed, or the call was ended some other way). */
  ended(sipCallId: string): void {
    const entry = this.dialogs.get(sipCallId);
    if (!entry) return;
    this.forget(sipCallId, entry);
  }

  /** A connection closed: each dialog it carried gets the grace period to see its party come back. */
  flowClosed(flowKey: string): void {
    for (const [sipCallId, entry] of this.dialogs) {
      if (!entry.flows.includes(flowKey) || entry.lost.has(flowKey)) continue;
      entry.lost.set(flowKey, this.timers.set(() => this.dead(sipCallId, 'flow-lost'), this.flowGraceMs));
    }
  }

  payload(sipCallId: string): T | undefined {
    return this.dialogs.get(sipCallId)?.payload;
  }

  has(sipCallId: string): boolean {
    return this.dialogs.has(sipCallId);
  }

  get size(): number {
    return this.dialogs.size;
  }

  close(): void {
    for (const [id, entry] of [...this.dialogs]) this.forget(id, entry);
  }

  private dead(sipCallId: string, reason: DeadReason): void {
    const entry = this.dialogs.get(sipCallId);
    if (!entry) return;
    const lost = [...entry.lost.keys()];
    this.forget(sipCallId, entry);
    this.o.onDead(sipCallId, entry.payload, reason, lost);
  }

  private forget(sipCallId: string, entry: Entry<T>): void {
    if (entry.ackTimer !== undefined) this.timers.clear(entry.ackTimer);
    for (const t of entry.lost.values()) this.timers.clear(t);
    this.dialogs.delete(sipCallId);
  }
}
