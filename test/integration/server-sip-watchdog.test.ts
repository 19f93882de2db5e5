// The SIP edge's dialog watchdog over real SIP (issue #4, bench/sip-throughput finding): a 2xx whose ACK never
// arrives, and a party whose connection vanishes mid-call, must not leave an agent "in a call" forever.
// Customers speak raw SIP over WebSocket (so the test decides exactly what is NOT sent); agents are sip.js UAs.
import dgram from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Invitation } from 'sip.js';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import type { ConversationDetail } from '../../src/shared/companion-cc.js';
import { api, login } from '../support/companion-api.js';
import { FAKE_SDP, SessionState, TestPhone, waitForState } from './server-sip-ua.js';

/** Shortened flow grace: long enough for a sip.js phone to reconnect and re-INVITE on a loaded machine. */
const GRACE_MS = 4000;

type AgentRow = { login: string; status: string; inCall: boolean; ringing: boolean };

/** A customer speaking raw SIP: sends exactly what the test says, records everything it receives. */
abstract class RawSipCustomer {
  readonly got: string[] = [];
  protected constructor(readonly callId: string) {}

  abstract send(text: string): void;
  /** The Via sent-by and the Contact URI of this transport. */
  protected abstract via(branch: string): string;
  protected abstract contact(): string;
  protected abstract from(): string;

  private common(cseq: string, branch: string): string[] {
    return [this.via(branch), 'Max-Forwards: 70', `From: ${this.from()};tag=${this.callId}-tag`, `Call-ID: ${this.callId}`, `CSeq: ${cseq}`];
  }

  invite(): void {
    this.send([
      'INVITE sip:support@softphone.test SIP/2.0', ...this.common('1 INVITE', `${this.callId}-1`), 'To: <sip:support@softphone.test>',
      `Contact: <${this.contact()}>`, 'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(FAKE_SDP)}`, '', FAKE_SDP,
    ].join('\r\n'));
  }

  /** The 2xx to our INVITE, once received. */
  ok(): string | undefined {
    return this.got.find((m) => m.startsWith('SIP/2.0 200') && /CSeq: 1 INVITE/i.test(m));
  }

  /** ACK the 2xx along its Record-Route (reversed: RFC 3261 §12.1.2). */
  ack(): void {
    const ok = this.ok()!;
    const header = (name: string) => [...ok.matchAll(new RegExp(`^${name}: (.*)$`, 'gim'))].map((m) => m[1]!.trim());
    const routes = header('Record-Route').flatMap((v) => v.split(/,(?=\s*<)/)).map((r) => r.trim()).reverse();
    const contact = /<([^>]+)>/.exec(header('Contact')[0] ?? '')![1]!;
    this.send([
      `ACK ${contact} SIP/2.0`, ...this.common('1 ACK', `${this.callId}-ack`), `To: ${header('To')[0]}`,
      ...routes.map((r) => `Route: ${r}`), 'Content-Length: 0', '', '',
    ].join('\r\n'));
  }

  byes(): string[] {
    return this.got.filter((m) => m.startsWith('BYE '));
  }
}

/** A customer on a raw SIP WebSocket. */
class RawCustomer extends RawSipCustomer {
  private constructor(readonly ws: WebSocket, callId: string) {
    super(callId);
    ws.on('message', (d) => this.got.push(String(d)));
  }

  static async connect(url: string, callId: string): Promise<RawCustomer> {
    const ws = new WebSocket(url, 'sip');
    ws.on('error', () => undefined);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    return new RawCustomer(ws, callId);
  }

  send(text: string): void {
    this.ws.send(text);
  }

  protected via(branch: string): string {
    return `Via: SIP/2.0/WS ${this.callId}.invalid;branch=z9hG4bK-${branch}`;
  }

  protected contact(): string {
    return `sip:${this.callId}@${this.callId}.invalid;transport=ws`;
  }

  protected from(): string {
    return `"Raw ${this.callId}" <sip:${this.callId}@softphone.test>`;
  }
}

/** A customer phone on raw UDP that answers in-dialog OPTIONS with a chosen status (481 = "I lost that call"). */
class RawUdpCustomer extends RawSipCustomer {
  optionsStatus = 481;
  private constructor(readonly sock: dgram.Socket, readonly port: number, readonly target: number, callId: string) {
    super(callId);
    sock.on('message', (b) => {
      const m = b.toString('latin1');
      this.got.push(m);
      if (m.startsWith('OPTIONS ')) this.send(this.answer(m, this.optionsStatus));
    });
  }

  static async open(target: number, callId: string): Promise<RawUdpCustomer> {
    const sock = dgram.createSocket('udp4');
    sock.on('error', () => undefined);
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    return new RawUdpCustomer(sock, sock.address().port, target, callId);
  }

  send(text: string): void {
    this.sock.send(Buffer.from(text, 'latin1'), this.target, '127.0.0.1');
  }

  private answer(rq: string, status: number): string {
    const keep = rq.split('\r\n').filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
    return [`SIP/2.0 ${status} Whatever`, ...keep, 'Content-Length: 0', '', ''].join('\r\n');
  }

  protected via(branch: string): string {
    return `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK-${branch};rport`;
  }

  protected contact(): string {
    return `sip:${this.callId}@127.0.0.1:${this.port}`;
  }

  protected from(): string {
    return `<sip:${this.callId}@softphone.test>`;
  }
}

describe('SIP edge dialog probe (UDP)', () => {
  let c: CompanionHandle;
  const socks: RawUdpCustomer[] = [];
  const phones: TestPhone[] = [];
  let sam = '';
  let alice = '';
  beforeAll(async () => {
    c = await startCompanion({ dataDir: mkdtempSync(path.join(tmpdir(), 'companion-probe-')), sipPort: 0, sipProbeIntervalMs: 1500 });
    sam = await login(c.url, 'sam');
    alice = await login(c.url, 'alice');
    const bob = await login(c.url, 'bob');
    expect((await api(c.url, 'PUT', '/api/me/status', bob, { status: 'Away' })).status).toBe(200);
    expect((await api(c.url, 'PUT', '/api/settings/wrapup', sam, { enabled: false, seconds: 30, allowExtension: false })).status).toBe(200);
  });
  afterEach(async () => {
    for (const s of socks.splice(0)) s.sock.close();
    for (const p of phones.splice(0)) await p.stop();
  });
  afterAll(() => c?.close());

  const inCall = async () => (await api<{ agents: AgentRow[] }>(c.url, 'GET', '/api/agents', sam)).body.agents.find((a) => a.login === 'alice')!.inCall;

  async function connectedCall(callId: string) {
    const phone = await new TestPhone({ wsUrl: c.sipWebSocketUrl, domain: c.sipDomain, user: 'alice', password: 'alice' }).start();
    phones.push(phone);
    await phone.register();
    expect((await api(c.url, 'PUT', '/api/me/status', alice, { status: 'Available' })).status).toBe(200);
    const customer = await RawUdpCustomer.open(c.sipPort!, callId);
    socks.push(customer);
    customer.invite();
    const inv = await phone.nextInvitation();
    let reason: string | undefined;
    inv.delegate = { onBye: (bye) => { reason = bye.request.getHeader('Reason'); bye.accept().catch(() => undefined); } };
    await inv.accept();
    await expect.poll(() => customer.ok() !== undefined, { timeout: 15_000 }).toBe(true);
    customer.ack();
    await expect.poll(inCall).toBe(true);
    return { customer, inv, reason: () => reason };
  }

  it('an idle UDP dialog the customer no longer knows (481 to the probe) ends: alice gets a BYE and is freed', async () => {
    const { customer, inv, reason } = await connectedCall('probe-481');
    await waitForState(inv, SessionState.Terminated, 20_000);
    expect(customer.got.some((m) => m.startsWith('OPTIONS ') && /^Call-ID: probe-481$/im.test(m))).toBe(true);
    expect(reason()).toBe('SIP;cause=408;text="Dialog probe failed"');
    await expect.poll(inCall, { timeout: 15_000 }).toBe(false);
  });

  it('a customer that answers the probe keeps the call', async () => {
    const { customer, inv } = await connectedCall('probe-200');
    customer.optionsStatus = 200;
    await expect.poll(() => customer.got.filter((m) => m.startsWith('OPTIONS ')).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(inv.state).toBe(SessionState.Established);
    expect(await inCall()).toBe(true);
    await inv.bye();
    await expect.poll(inCall, { timeout: 15_000 }).toBe(false);
  });
});

describe('SIP edge dialog watchdog', () => {
  let c: CompanionHandle;
  let sam = '';
  const tokens: Record<string, string> = {};
  const phones: TestPhone[] = [];
  const raws: RawCustomer[] = [];

  const agentRow = async (user: string): Promise<AgentRow> =>
    (await api<{ agents: AgentRow[] }>(c.url, 'GET', '/api/agents', sam)).body.agents.find((a) => a.login === user)!;
  const phone = async (user: string, password?: string) => {
    const p = await new TestPhone({ wsUrl: c.sipWebSocketUrl, domain: c.sipDomain, user, password }).start();
    phones.push(p);
    return p;
  };
  const agent = async (user: string) => {
    const p = await phone(user, user);
    await p.register();
    expect((await api(c.url, 'PUT', '/api/me/status', tokens[user], { status: 'Available' })).status).toBe(200);
    return p;
  };
  const raw = async (callId: string) => {
    const r = await RawCustomer.connect(c.sipWebSocketUrl, callId);
    raws.push(r);
    return r;
  };
  /** Answers and records the Reason header of the BYE the agent receives. */
  const answer = (inv: Invitation): { byeReason: () => string | undefined } => {
    let reason: string | undefined;
    inv.delegate = { onBye: (bye) => { reason = bye.request.getHeader('Reason'); bye.accept().catch(() => undefined); } };
    inv.accept().catch(() => undefined);
    return { byeReason: () => reason };
  };
  /** The next queue call rings alice again (she is truly free) and is cancelled. */
  const ringsAgain = async (alice: TestPhone) => {
    const customer = await phone('guest-next');
    const { inviter, result } = customer.call('support');
    const inv = await alice.nextInvitation(20_000);
    await inviter.cancel();
    expect((await result).status).toBe(487);
    await waitForState(inv, SessionState.Terminated);
  };

  beforeAll(async () => {
    // 64·T1 would make each test wait 32 s: the watchdog's timers are shortened here.
    c = await startCompanion({ dataDir: mkdtempSync(path.join(tmpdir(), 'companion-watchdog-')), sipAckTimeoutMs: 1500, sipFlowGraceMs: GRACE_MS });
    sam = await login(c.url, 'sam');
    for (const u of ['alice', 'bob']) tokens[u] = await login(c.url, u);
    expect((await api(c.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 1, allowExtension: false })).status).toBe(200);
    // Only alice takes queue calls in these tests.
    expect((await api(c.url, 'PUT', '/api/me/status', tokens.bob, { status: 'Away' })).status).toBe(200);
  });
  afterEach(async () => {
    for (const r of raws.splice(0)) r.ws.terminate();
    for (const p of phones.splice(0)) await p.stop();
    await api(c.url, 'POST', '/api/me/wrapup/finish', tokens.alice);
  });
  afterAll(() => c?.close());

  it('a 2xx never ACKed: after the ACK timeout both sides get a BYE with a Reason, alice is freed (wrap-up, conversation ended) and rings again', async () => {
    const alice = await agent('alice');
    const customer = await raw('no-ack-1');
    customer.invite();
    const inv = await alice.nextInvitation();
    const answered = answer(inv);
    await expect.poll(() => customer.ok() !== undefined, { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await agentRow('alice')).inCall).toBe(true);
    // The customer never ACKs: the edge ends the dialog on both sides.
    await expect.poll(() => customer.byes().length, { timeout: 20_000 }).toBeGreaterThan(0);
    const bye = customer.byes()[0]!;
    expect(bye).toMatch(/^Call-ID: no-ack-1$/im);
    expect(bye).toMatch(/^Reason: SIP;cause=408;text="ACK not received"$/im);
    expect(bye).toMatch(/^To: .*tag=no-ack-1-tag/im);
    await waitForState(inv, SessionState.Terminated, 20_000);
    expect(answered.byeReason()).toMatch(/cause=408/);
    await expect.poll(async () => (await agentRow('alice')).inCall, { timeout: 15_000 }).toBe(false);
    // Wrap-up as after a normal end, then Available.
    await expect.poll(async () => (await agentRow('alice')).status, { timeout: 15_000 }).toBe('Available');
    const list = (await api<{ conversations: Array<{ id: string }> }>(c.url, 'GET', '/api/conversations', tokens.alice)).body.conversations;
    const details = await Promise.all(list.map(async (x) => (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${x.id}`, tokens.alice)).body));
    const conv = details.find((d) => d.events.some((e) => e.type === 'call.started'));
    expect(conv?.events.map((e) => e.type)).toEqual(['call.started', 'call.ended']);
    await ringsAgain(alice);
  });

  it('a customer whose connection vanishes mid-call (ACKed, no BYE): alice gets a BYE after the grace and rings again', async () => {
    const alice = await agent('alice');
    const customer = await raw('vanish-1');
    customer.invite();
    const inv = await alice.nextInvitation();
    const answered = answer(inv);
    await expect.poll(() => customer.ok() !== undefined, { timeout: 15_000 }).toBe(true);
    customer.ack();
    await waitForState(inv, SessionState.Established);
    await expect.poll(async () => (await agentRow('alice')).inCall).toBe(true);
    customer.ws.terminate();
    await waitForState(inv, SessionState.Terminated, 20_000);
    // The ACK passed (not an ACK timeout): the edge ended the call because the customer's connection was lost.
    expect(answered.byeReason()).toMatch(/^SIP;cause=480;text="Connection lost"$/);
    await expect.poll(async () => (await agentRow('alice')).inCall, { timeout: 15_000 }).toBe(false);
    await expect.poll(async () => (await agentRow('alice')).status, { timeout: 15_000 }).toBe('Available');
    await ringsAgain(alice);
  });

  it('an agent whose connection vanishes mid-call: the customer gets a BYE and the agent is no longer in a call', async () => {
    const alice = await agent('alice');
    const customer = await raw('agent-gone-1');
    customer.invite();
    const inv = await alice.nextInvitation();
    answer(inv);
    await expect.poll(() => customer.ok() !== undefined, { timeout: 15_000 }).toBe(true);
    customer.ack();
    await waitForState(inv, SessionState.Established);
    await expect.poll(async () => (await agentRow('alice')).inCall).toBe(true);
    (alice.ua.transport as unknown as { ws?: WebSocket }).ws?.terminate();
    await expect.poll(() => customer.byes().length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(customer.byes()[0]).toMatch(/^Reason: SIP;cause=480;text="Connection lost"$/im);
    await expect.poll(async () => (await agentRow('alice')).inCall, { timeout: 15_000 }).toBe(false);
  });

  it('an agent who reconnects within the grace and re-INVITEs keeps the call (no BYE after the grace); the customer\'s BYE follows her to the new connection', async () => {
    const alice = await agent('alice');
    const customer = await phone('guest-stay');
    const { inviter } = customer.call('support');
    const inv = await alice.nextInvitation();
    await inv.accept();
    await waitForState(inviter, SessionState.Established);
    await expect.poll(async () => (await agentRow('alice')).inCall).toBe(true);
    (alice.ua.transport as unknown as { ws?: WebSocket }).ws?.terminate();
    await expect.poll(() => alice.ua.transport.isConnected()).toBe(false);
    await alice.ua.reconnect();
    // sip.js still thinks it is registered (no state change to wait for): wait for the REGISTER's 200 itself.
    const registered = await new Promise<number>((resolve) => {
      alice.registerer!.register({ requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 200), onReject: (r) => resolve(r.message.statusCode ?? 0) } })
        .catch(() => resolve(-1));
    });
    expect(registered).toBe(200);
    // The desktop's ICE-restart re-INVITE from the new connection proves the agent is back.
    const reinvite = new Promise<number>((resolve) => {
      inv.invite({ requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 200), onReject: (r) => resolve(r.message.statusCode ?? 0) } })
        .catch(() => resolve(-1));
    });
    expect(await reinvite).toBe(200);
    await new Promise((r) => setTimeout(r, GRACE_MS + 1000)); // waiting out a timer that must NOT fire (not a correctness wait)
    expect(inviter.state).toBe(SessionState.Established);
    expect(inv.state).toBe(SessionState.Established);
    expect((await agentRow('alice')).inCall).toBe(true);
    await inviter.bye();
    await waitForState(inv, SessionState.Terminated);
    await expect.poll(async () => (await agentRow('alice')).inCall, { timeout: 15_000 }).toBe(false);
  });

  it('a normal call (ACK, then BYE) is left alone by the watchdog', async () => {
    const alice = await agent('alice');
    const customer = await raw('normal-1');
    customer.invite();
    const inv = await alice.nextInvitation();
    answer(inv);
    await expect.poll(() => customer.ok() !== undefined, { timeout: 15_000 }).toBe(true);
    customer.ack();
    await waitForState(inv, SessionState.Established);
    // Well past the shortened ACK timeout: still connected, nobody got a BYE.
    await expect.poll(async () => (await agentRow('alice')).inCall).toBe(true);
    await new Promise((r) => setTimeout(r, 3000)); // waiting out a timer that must NOT fire (not a correctness wait)
    expect(customer.byes()).toEqual([]);
    expect(inv.state).toBe(SessionState.Established);
    await inv.bye();
    await expect.poll(async () => (await agentRow('alice')).inCall, { timeout: 15_000 }).toBe(false);
  });
});
