// Ends dialogs the edge would otherwise keep forever. Two cases, both bounded:
// - ACK timeout: a 2xx to an INVITE was forwarded but no ACK passed the edge within 64·T1 (RFC 3261 §13.3.1.4)
//   — the ACK (or the 2xx) was lost, e.g. UDP drops under load.
// - Lost flow: the connection (flow) of one party closed and no request of the dialog came back on a new
//   connection within a grace period. The grace lets a desktop that reconnects keep its call (it sends an
//   ICE-restart re-INVITE from the new connection, which revives the dialog).
// - Silent dialog (BYE lost): over WebSocket a BYE cannot be lost without the connection failing, so the
//   flow rule covers it. Over UDP/TCP (SIP phones, SIPp) a dialog idle for `probeIntervalMs` (5 min) is
//   probed (the edge sends an in-dialog OPTIONS to those parties, see dialog-guard.ts); 481 or no answer
//   means the dialog is gone. A probe per 5 idle minutes is the simplest bounded net that cannot cut a live
//   call: any answer other than 481/408 keeps it.
// The watchdog only decides WHEN a dialog is dead; the edge sends the BYEs and frees the agent.

/** RFC 3261 T1. */
export const T1_MS = 500;
export const DEFAULT_ACK_TIMEOUT_MS = 64 * T1_MS;
export const DEFAULT_FLOW_GRACE_MS = 64 * T1_MS;
export const DEFAULT_PROBE_INTERVAL_MS = 5 * 60_000;

export type DeadReason = 'ack-timeout' | 'flow-lost' | 'probe-failed';

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
  probeIntervalMs?: number;
  /** Idle for probeIntervalMs after the ACK: check the dialog, then report with probeResult(). */
  onProbe?: (sipCallId: string, payload: T) => void;
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
  probeTimer?: unknown;
  /** Flows that closed and are waiting for the party to come back. */
  lost: Map<string, unknown>;
}

export class DialogWatchdog<T> {
  private readonly dialogs = new Map<string, Entry<T>>();
  private readonly timers: WatchdogTimers;
  private readonly ackTimeoutMs: number;
  private readonly flowGraceMs: number;
  private readonly probeIntervalMs: number;

  constructor(private readonly o: DialogWatchdogOptions<T>) {
    this.timers = o.timers ?? realTimers;
    this.ackTimeoutMs = o.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.flowGraceMs = o.flowGraceMs ?? DEFAULT_FLOW_GRACE_MS;
    this.probeIntervalMs = o.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
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
    if (entry.ackTimer === undefined) this.scheduleProbe(sipCallId, entry);
    const stillThere = entry.lost.get(flowKey);
    if (stillThere !== undefined) {
      // Traffic on a flow we counted as lost (UDP party whose registration lapsed): it is alive after all.
      this.timers.clear(stillThere);
      entry.lost.delete(flowKey);
    } else if (!entry.flows.includes(flowKey) && entry.lost.size > 0) {
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

  /** The answer to onProbe: alive → probe again after the next idle interval; not → the dialog is dead. */
  probeResult(sipCallId: string, alive: boolean): void {
    const entry = this.dialogs.get(sipCallId);
    if (!entry) return;
    if (alive) this.scheduleProbe(sipCallId, entry);
    else this.dead(sipCallId, 'probe-failed');
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

  /** (Re)starts the idle timer: traffic in the dialog shows it is alive. */
  private scheduleProbe(sipCallId: string, entry: Entry<T>): void {
    const onProbe = this.o.onProbe;
    if (!onProbe) return;
    if (entry.probeTimer !== undefined) this.timers.clear(entry.probeTimer);
    entry.probeTimer = this.timers.set(() => {
      entry.probeTimer = undefined;
      if (this.dialogs.get(sipCallId) === entry) onProbe(sipCallId, entry.payload);
    }, this.probeIntervalMs);
  }

  private forget(sipCallId: string, entry: Entry<T>): void {
    if (entry.ackTimer !== undefined) this.timers.clear(entry.ackTimer);
    if (entry.probeTimer !== undefined) this.timers.clear(entry.probeTimer);
    for (const t of entry.lost.values()) this.timers.clear(t);
    this.dialogs.delete(sipCallId);
  }
}
