// The edge's side of the dialog watchdog: remembers what it takes to hang up each answered dialog (both
// parties' Contact, tags, flows and the CSeq each side used last), feeds the watchdog from the traffic,
// and when a dialog is declared dead sends a BYE with a Reason header to each side and lets the edge free
// the agent (wrap-up and conversation exactly as for a normal end).
import type { Flow, Message, NameAddr } from 'sip';
import { DialogWatchdog, type DeadReason, type WatchdogTimers } from './dialog-watchdog.js';
import { flowKey, sip } from './sip-stack.js';

export interface DialogParty {
  /** Where in-dialog requests to this party go (its Contact). */
  uri: string;
  flow: Flow;
  /** The flow the party answered/called on (what the recorded Route set of the other side points to). */
  firstFlowKey: string;
  /** This party's own From/To (with its tag). */
  addr: NameAddr;
  /** Highest CSeq this party has sent in the dialog. */
  cseq: number;
}

export interface GuardedDialog {
  sipCallId: string;
  caller: DialogParty;
  callee: DialogParty;
}

export const REASON: Record<DeadReason, string> = {
  'ack-timeout': 'SIP;cause=408;text="ACK not received"',
  'flow-lost': 'SIP;cause=480;text="Connection lost"',
  'probe-failed': 'SIP;cause=408;text="Dialog probe failed"',
};

/** Only stream-less or plain transports are probed: a WebSocket party's loss shows as its connection closing. */
const probed = (p: DialogParty): boolean => !/^wss?$/i.test(p.flow.protocol);

/**
 * In-dialog OPTIONS from the edge to `side`, on behalf of the other side. Its CSeq REPEATS the other side's
 * last one: a receiver only rejects LOWER numbers (RFC 3261 §12.2.2), so the probe never makes the other
 * side's next real request look out of order.
 */
export function probeTo(d: GuardedDialog, side: 'caller' | 'callee', route: NameAddr): Message {
  const to = d[side];
  const from = side === 'caller' ? d.callee : d.caller;
  return {
    method: 'OPTIONS',
    uri: to.uri,
    headers: {
      via: [], route: [route], to: to.addr, from: from.addr, 'call-id': d.sipCallId,
      cseq: { seq: Math.max(1, from.cseq), method: 'OPTIONS' }, 'max-forwards': '70',
    },
  };
}

const contactUri = (m: Message): string | undefined => {
  const c = m.headers.contact;
  const first = Array.isArray(c) ? c[0] : undefined;
  return typeof first?.uri === 'string' ? first.uri : first?.uri ? sip.stringifyUri(first.uri) : undefined;
};

/** What we need from an INVITE and its 2xx to hang up later; undefined when either lacks a Contact. */
export function dialogOf(invite: Message, ok: Message, callerFlow: Flow, calleeFlow: Flow): GuardedDialog | undefined {
  const callerUri = contactUri(invite);
  const calleeUri = contactUri(ok);
  if (!callerUri || !calleeUri || !ok.headers.to?.params?.tag) return undefined;
  return {
    sipCallId: invite.headers['call-id'],
    caller: { uri: callerUri, flow: callerFlow, firstFlowKey: flowKey(callerFlow), addr: invite.headers.from, cseq: invite.headers.cseq.seq },
    callee: { uri: calleeUri, flow: calleeFlow, firstFlowKey: flowKey(calleeFlow), addr: ok.headers.to, cseq: 0 },
  };
}

/** The BYE the edge sends to `to` on behalf of `from` (next CSeq in `from`'s sequence, RFC 3261 §12.2.1.1). */
export function byeTo(d: GuardedDialog, side: 'caller' | 'callee', route: NameAddr, reason: DeadReason): Message {
  const to = d[side];
  const from = side === 'caller' ? d.callee : d.caller;
  return {
    method: 'BYE',
    uri: to.uri,
    headers: {
      via: [], route: [route], to: to.addr, from: from.addr, 'call-id': d.sipCallId,
      cseq: { seq: from.cseq + 1, method: 'BYE' }, 'max-forwards': '70', reason: REASON[reason],
    },
  };
}

export interface DialogGuardOptions {
  send: (m: Message, onResponse?: (rs: Message) => void) => void;
  flowRoute: (flow: Flow) => NameAddr;
  flowOf: (uri: NameAddr['uri']) => Flow | undefined;
  /** The dialog was hung up by the guard: end the call (free the agent). */
  onDead: (sipCallId: string, reason: DeadReason) => void;
  log: (level: 'info' | 'warn', msg: string, err?: unknown) => void;
  ackTimeoutMs?: number;
  flowGraceMs?: number;
  probeIntervalMs?: number;
  timers?: WatchdogTimers;
}

export class DialogGuard {
  private readonly watchdog: DialogWatchdog<GuardedDialog>;

  constructor(private readonly o: DialogGuardOptions) {
    this.watchdog = new DialogWatchdog<GuardedDialog>({
      ackTimeoutMs: o.ackTimeoutMs, flowGraceMs: o.flowGraceMs, probeIntervalMs: o.probeIntervalMs, timers: o.timers,
      onDead: (id, d, reason, lost) => this.hangUp(id, d, reason, lost),
      onProbe: (id, d) => this.probe(id, d),
    });
  }

  /** A 2xx to an INVITE was forwarded from callee to caller. */
  answered(invite: Message, ok: Message, callerFlow: Flow, calleeFlow: Flow): void {
    const d = dialogOf(invite, ok, callerFlow, calleeFlow);
    if (!d) return;
    this.watchdog.answered(d.sipCallId, [flowKey(callerFlow), flowKey(calleeFlow)], d);
  }

  /** Every in-dialog request that passes the edge (ACK, BYE, re-INVITE, ...). */
  request(rq: Message, flow: Flow): void {
    const id = rq.headers['call-id'];
    const d = this.watchdog.payload(id);
    if (d && rq.method !== 'ACK' && rq.method !== 'CANCEL') {
      const tag = rq.headers.from?.params?.tag;
      const party = tag === d.caller.addr.params?.tag ? d.caller : tag === d.callee.addr.params?.tag ? d.callee : undefined;
      if (party && typeof rq.headers.cseq?.seq === 'number') {
        party.cseq = Math.max(party.cseq, rq.headers.cseq.seq);
        // A party that reconnected: later BYEs must go over its new connection.
        party.flow = flow;
      }
    }
    this.watchdog.request(id, rq.method ?? '', flowKey(flow));
  }

  /**
   * The next hop of an in-dialog request: the other side's Route set still names the connection a party
   * had when the dialog was set up; after that party reconnected (and sent a request on its new connection)
   * requests to it follow it there.
   */
  hop(sipCallId: string, next: NameAddr): NameAddr {
    const d = this.watchdog.payload(sipCallId);
    const f = d && this.o.flowOf(next.uri);
    if (!d || !f) return next;
    const key = flowKey(f);
    for (const p of [d.caller, d.callee]) {
      if (p.firstFlowKey === key && flowKey(p.flow) !== key) return this.o.flowRoute(p.flow);
    }
    return next;
  }

  ended(sipCallId: string): void {
    this.watchdog.ended(sipCallId);
  }

  flowClosed(key: string): void {
    this.watchdog.flowClosed(key);
  }

  close(): void {
    this.watchdog.close();
  }

  /** Probes the UDP/TCP parties; 481 (no such dialog) or 408 (no answer) from any of them ends the dialog. */
  private probe(sipCallId: string, d: GuardedDialog): void {
    const sides = (['caller', 'callee'] as const).filter((side) => probed(d[side]));
    let waiting = sides.length;
    let alive = true;
    const done = () => { if (--waiting === 0) this.watchdog.probeResult(sipCallId, alive); };
    if (waiting === 0) return this.watchdog.probeResult(sipCallId, true);
    for (const side of sides) {
      try {
        this.o.send(probeTo(d, side, this.o.flowRoute(d[side].flow)), (rs) => {
          if ((rs.status ?? 0) < 200) return;
          if (rs.status === 481 || rs.status === 408) alive = false;
          done();
        });
      } catch (e) {
        this.o.log('warn', `dialog probe to the ${side} could not be sent`, e);
        done();
      }
    }
  }

  private hangUp(sipCallId: string, d: GuardedDialog, reason: DeadReason, lost: string[]): void {
    this.o.log('info', `dialog ${sipCallId} ended by the edge: ${reason}`);
    for (const side of ['callee', 'caller'] as const) {
      if (lost.includes(flowKey(d[side].flow))) continue; // that party's connection is gone
      try {
        this.o.send(byeTo(d, side, this.o.flowRoute(d[side].flow), reason));
      } catch (e) {
        this.o.log('warn', `BYE to the ${side} could not be sent`, e);
      }
    }
    this.o.onDead(sipCallId, reason);
  }
}
