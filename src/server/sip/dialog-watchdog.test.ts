import { describe, expect, it } from 'vitest';
import type { Flow, Message } from 'sip';
import { byeTo, DialogGuard, dialogOf, REASON } from './dialog-guard.js';
import { flowKey as flowKeyOf } from './sip-stack.js';
import { DEFAULT_ACK_TIMEOUT_MS, DialogWatchdog, type DeadReason, type WatchdogTimers } from './dialog-watchdog.js';

/** A fake clock: timers fire only when the test advances time. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: WatchdogTimers = {
    set: (fn, ms) => { const id = ++seq; pending.set(id, { at: now + ms, fn }); return id; },
    clear: (h) => { pending.delete(h as number); },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = until;
  };
  return { timers, advance, pending: () => pending.size };
}

function setup(opts: { ackTimeoutMs?: number; flowGraceMs?: number } = {}) {
  const clock = fakeClock();
  const dead: Array<[string, string, DeadReason]> = [];
  const lost: string[][] = [];
  const w = new DialogWatchdog<string>({ ...opts, timers: clock.timers, onDead: (id, p, r, l) => { dead.push([id, p, r]); lost.push(l); } });
  return { clock, dead, lost, w };
}

describe('DialogWatchdog', () => {
  it('defaults to 64·T1 = 32 s for the ACK', () => {
    expect(DEFAULT_ACK_TIMEOUT_MS).toBe(32_000);
    const { clock, dead, w } = setup();
    w.answered('c1', ['caller', 'agent'], 'p1');
    clock.advance(31_999);
    expect(dead).toEqual([]);
    clock.advance(1);
    expect(dead).toEqual([['c1', 'p1', 'ack-timeout']]);
    expect(w.size).toBe(0);
  });

  // Table: what passes the edge after the 2xx, and whether the dialog is declared dead by the ACK timer.
  const cases: Array<{ name: string; after: (w: DialogWatchdog<string>) => void; dead: boolean }> = [
    { name: 'ACK passes', after: (w) => w.request('c1', 'ACK', 'caller'), dead: false },
    { name: 'lower-case ack passes', after: (w) => w.request('c1', 'ack', 'caller'), dead: false },
    { name: 'BYE passes (caller hung up before ACKing)', after: (w) => w.request('c1', 'BYE', 'caller'), dead: false },
    { name: 'call ended otherwise', after: (w) => w.ended('c1'), dead: false },
    { name: 'an INFO is not an ACK', after: (w) => w.request('c1', 'INFO', 'caller'), dead: true },
    { name: 'an ACK of another dialog', after: (w) => w.request('c2', 'ACK', 'caller'), dead: true },
    { name: 'the 2xx is retransmitted (no new timer, no reset)', after: (w) => w.answered('c1', ['caller', 'agent'], 'again'), dead: true },
  ];
  for (const c of cases) {
    it(`ACK timer: ${c.name} → ${c.dead ? 'dead' : 'alive'}`, () => {
      const { clock, dead, w } = setup({ ackTimeoutMs: 1000 });
      w.answered('c1', ['caller', 'agent'], 'p1');
      clock.advance(500);
      c.after(w);
      clock.advance(10_000);
      expect(dead).toEqual(c.dead ? [['c1', 'p1', 'ack-timeout']] : []);
    });
  }

  it('a closed flow ends its dialogs after the grace period, once', () => {
    const { clock, dead, lost, w } = setup({ ackTimeoutMs: 1000, flowGraceMs: 5000 });
    w.answered('c1', ['customer-1', 'alice'], 'a');
    w.answered('c2', ['customer-2', 'alice'], 'b');
    w.answered('c3', ['customer-3', 'bob'], 'c');
    for (const id of ['c1', 'c2', 'c3']) w.request(id, 'ACK', 'x');
    w.flowClosed('alice');
    w.flowClosed('alice'); // closed twice (socket close + registration gone): still one timer per dialog
    clock.advance(4999);
    expect(dead).toEqual([]);
    clock.advance(1);
    expect(dead).toEqual([['c1', 'a', 'flow-lost'], ['c2', 'b', 'flow-lost']]);
    expect(lost).toEqual([['alice'], ['alice']]);
    expect(w.has('c3')).toBe(true);
    w.close();
    expect(clock.pending()).toBe(0);
  });

  it('a party that comes back on a new connection keeps the dialog; its new flow is watched', () => {
    const { clock, dead, w } = setup({ ackTimeoutMs: 1000, flowGraceMs: 5000 });
    w.answered('c1', ['customer', 'alice-old'], 'a');
    w.request('c1', 'ACK', 'customer');
    w.flowClosed('alice-old');
    clock.advance(3000);
    w.request('c1', 'INVITE', 'alice-new'); // ICE-restart re-INVITE after reconnecting
    clock.advance(60_000);
    expect(dead).toEqual([]);
    w.flowClosed('alice-new');
    clock.advance(5000);
    expect(dead).toEqual([['c1', 'a', 'flow-lost']]);
  });

  it('traffic on a flow counted as lost (registration lapsed, UDP still talking) keeps the dialog', () => {
    const { clock, dead, w } = setup({ ackTimeoutMs: 1000, flowGraceMs: 5000 });
    w.answered('c1', ['customer', 'alice-udp'], 'a');
    w.request('c1', 'ACK', 'customer');
    w.flowClosed('alice-udp');
    w.request('c1', 'INFO', 'alice-udp');
    clock.advance(60_000);
    expect(dead).toEqual([]);
  });

  it('a request on a known flow does not revive a lost one', () => {
    const { clock, dead, w } = setup({ ackTimeoutMs: 1000, flowGraceMs: 5000 });
    w.answered('c1', ['customer', 'alice'], 'a');
    w.request('c1', 'ACK', 'customer');
    w.flowClosed('customer');
    w.request('c1', 'INFO', 'alice');
    clock.advance(5000);
    expect(dead).toEqual([['c1', 'a', 'flow-lost']]);
  });

  it('a closed flow of an unknown dialog changes nothing', () => {
    const { clock, dead, w } = setup();
    w.flowClosed('nobody');
    clock.advance(100_000);
    expect(dead).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});

describe('DialogWatchdog idle probe', () => {
  function probing() {
    const clock = fakeClock();
    const dead: DeadReason[] = [];
    const probes: string[] = [];
    const w = new DialogWatchdog<string>({
      ackTimeoutMs: 1000, probeIntervalMs: 60_000, timers: clock.timers,
      onDead: (_id, _p, r) => dead.push(r), onProbe: (id) => probes.push(id),
    });
    w.answered('c1', ['a', 'b'], 'p');
    return { clock, dead, probes, w };
  }

  it('no probe before the ACK (the ACK timer rules), then one per idle interval; traffic postpones it', () => {
    const { clock, probes, w } = probing();
    clock.advance(500);
    w.request('c1', 'ACK', 'a');
    clock.advance(59_999);
    expect(probes).toEqual([]);
    w.request('c1', 'INFO', 'b'); // traffic: idle again from now
    clock.advance(59_999);
    expect(probes).toEqual([]);
    clock.advance(1);
    expect(probes).toEqual(['c1']);
    w.probeResult('c1', true);
    clock.advance(60_000);
    expect(probes).toEqual(['c1', 'c1']);
  });

  it('a failed probe ends the dialog; a result for a forgotten dialog changes nothing', () => {
    const { clock, dead, probes, w } = probing();
    w.request('c1', 'ACK', 'a');
    clock.advance(60_000);
    expect(probes).toEqual(['c1']);
    w.probeResult('c1', false);
    expect(dead).toEqual(['probe-failed']);
    w.probeResult('c1', false);
    expect(dead).toEqual(['probe-failed']);
    expect(clock.pending()).toBe(0);
  });
});

describe('dialog BYEs', () => {
  const flow = (port: number): Flow => ({ protocol: 'WS', address: '127.0.0.1', port, local: { address: '127.0.0.1', port: 1 } });
  const invite = {
    method: 'INVITE', uri: 'sip:support@softphone.test',
    headers: {
      'call-id': 'abc', cseq: { seq: 7, method: 'INVITE' }, via: [],
      from: { uri: 'sip:cust@softphone.test', params: { tag: 'ct' } }, to: { uri: 'sip:support@softphone.test', params: {} },
      contact: [{ uri: 'sip:cust@c.invalid;transport=ws', params: {} }],
    },
  } as unknown as Message;
  const ok = {
    status: 200, reason: 'OK',
    headers: { ...invite.headers, to: { uri: 'sip:support@softphone.test', params: { tag: 'at' } }, contact: [{ uri: 'sip:alice@a.invalid;transport=ws', params: {} }] },
  } as unknown as Message;

  it('each side gets a BYE in the other side\'s CSeq space, with the Reason', () => {
    const d = dialogOf(invite, ok, flow(10), flow(20))!;
    const route = { uri: 'sip:x@companion.invalid;lr', params: {} };
    const toAgent = byeTo(d, 'callee', route, 'ack-timeout');
    expect(toAgent.uri).toBe('sip:alice@a.invalid;transport=ws');
    expect(toAgent.headers.from.params?.tag).toBe('ct');
    expect(toAgent.headers.to.params?.tag).toBe('at');
    expect(toAgent.headers.cseq).toEqual({ seq: 8, method: 'BYE' });
    expect(toAgent.headers.reason).toBe(REASON['ack-timeout']);
    const toCustomer = byeTo(d, 'caller', route, 'flow-lost');
    expect(toCustomer.uri).toBe('sip:cust@c.invalid;transport=ws');
    expect(toCustomer.headers.from.params?.tag).toBe('at');
    expect(toCustomer.headers.to.params?.tag).toBe('ct');
    expect(toCustomer.headers.cseq).toEqual({ seq: 1, method: 'BYE' });
    expect(toCustomer.headers.reason).toMatch(/^SIP;cause=480;/);
  });

  it('no Contact or no To tag: nothing to guard', () => {
    expect(dialogOf({ ...invite, headers: { ...invite.headers, contact: undefined } } as Message, ok, flow(1), flow(2))).toBeUndefined();
    expect(dialogOf(invite, { ...ok, headers: { ...ok.headers, to: { uri: 'sip:x@y', params: {} } } } as Message, flow(1), flow(2))).toBeUndefined();
  });
});

describe('DialogGuard', () => {
  const flow = (port: number): Flow => ({ protocol: 'WS', address: '127.0.0.1', port, local: { address: '127.0.0.1', port: 1 } });
  const route = (f: Flow) => ({ uri: `sip:p${f.port}@companion.invalid;lr`, params: {} });
  const flowOf = (uri: unknown) => { const m = /^sip:p(\d+)@/.exec(String(uri)); return m ? flow(Number(m[1])) : undefined; };
  const invite = {
    method: 'INVITE', uri: 'sip:support@softphone.test',
    headers: {
      'call-id': 'g1', cseq: { seq: 3, method: 'INVITE' }, via: [],
      from: { uri: 'sip:cust@softphone.test', params: { tag: 'ct' } }, to: { uri: 'sip:support@softphone.test', params: {} },
      contact: [{ uri: 'sip:cust@c.invalid', params: {} }],
    },
  } as unknown as Message;
  const ok = { status: 200, reason: 'OK', headers: { ...invite.headers, to: { uri: 'sip:support@softphone.test', params: { tag: 'at' } }, contact: [{ uri: 'sip:alice@a.invalid', params: {} }] } } as unknown as Message;
  const inDialog = (method: string, fromTag: string, seq: number) => ({
    method, uri: 'sip:x@y', headers: { 'call-id': 'g1', cseq: { seq, method }, from: { uri: 'sip:a@b', params: { tag: fromTag } }, to: { uri: 'sip:c@d', params: {} }, via: [] },
  } as unknown as Message);

  function guard(protocol = 'WS', answer?: number) {
    const clock = fakeClock();
    const sent: Message[] = [];
    const dead: string[] = [];
    const g = new DialogGuard({
      send: (m, cb) => { sent.push(m); if (answer !== undefined) cb?.({ status: answer, reason: '', headers: {} } as Message); },
      flowRoute: route, flowOf, onDead: (id, r) => dead.push(`${id}:${r}`), log: () => undefined,
      ackTimeoutMs: 1000, flowGraceMs: 5000, probeIntervalMs: 60_000, timers: clock.timers,
    });
    return { clock, sent, dead, g, f: (port: number) => ({ ...flow(port), protocol }) };
  }

  // Table: what an idle UDP customer answers to the probe → whether the call ends.
  for (const [status, ends] of [[481, true], [408, true], [200, false], [405, false], [501, false]] as const) {
    it(`probe answered ${status} → ${ends ? 'dialog ended' : 'dialog kept'}`, () => {
      const { clock, sent, dead, g, f } = guard('UDP', status);
      g.answered(invite, ok, f(10), flow(20));
      g.request(inDialog('ACK', 'ct', 3), f(10));
      clock.advance(60_000);
      // Only the UDP party is probed, with the agent's CSeq repeated (never advanced).
      expect(sent[0]).toMatchObject({ method: 'OPTIONS', uri: 'sip:cust@c.invalid', headers: { cseq: { seq: 1, method: 'OPTIONS' } } });
      expect(sent.filter((m) => m.method === 'OPTIONS')).toHaveLength(1);
      expect(dead).toEqual(ends ? ['g1:probe-failed'] : []);
      if (ends) expect(sent.filter((m) => m.method === 'BYE').map((m) => m.headers.reason)).toEqual([REASON['probe-failed'], REASON['probe-failed']]);
    });
  }

  it('WebSocket-only dialogs are never probed', () => {
    const { clock, sent, g } = guard('WS', 481);
    g.answered(invite, ok, flow(10), flow(20));
    g.request(inDialog('ACK', 'ct', 3), flow(10));
    clock.advance(600_000);
    expect(sent).toEqual([]);
  });

  it('no ACK: a BYE to each side over its own connection, in the other side\'s CSeq space', () => {
    const { clock, sent, dead, g } = guard();
    g.answered(invite, ok, flow(10), flow(20));
    g.request(inDialog('INFO', 'at', 41), flow(20)); // the agent used CSeq 41 meanwhile
    clock.advance(1000);
    expect(dead).toEqual(['g1:ack-timeout']);
    expect(sent.map((m) => [m.uri, m.headers.route?.[0]?.uri, m.headers.cseq.seq])).toEqual([
      ['sip:alice@a.invalid', 'sip:p20@companion.invalid;lr', 4],
      ['sip:cust@c.invalid', 'sip:p10@companion.invalid;lr', 42],
    ]);
  });

  it('a party that reconnected is reached on its new connection, and no BYE goes to a closed one', () => {
    const { clock, sent, dead, g } = guard();
    g.answered(invite, ok, flow(10), flow(20));
    g.request(inDialog('ACK', 'ct', 3), flow(10));
    g.flowClosed(flowKeyOf(flow(20)));
    g.request(inDialog('INVITE', 'at', 1), flow(21));
    expect(g.hop('g1', route(flow(20))).uri).toBe('sip:p21@companion.invalid;lr');
    expect(g.hop('g1', route(flow(10))).uri).toBe('sip:p10@companion.invalid;lr');
    expect(g.hop('other', route(flow(20))).uri).toBe('sip:p20@companion.invalid;lr');
    clock.advance(60_000);
    expect(dead).toEqual([]);
    g.flowClosed(flowKeyOf(flow(10)));
    clock.advance(5000);
    expect(dead).toEqual(['g1:flow-lost']);
    expect(sent.map((m) => m.headers.route?.[0]?.uri)).toEqual(['sip:p21@companion.invalid;lr']);
  });
});
