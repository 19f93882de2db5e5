// The companion's SIP edge with real sip.js 0.21 UserAgents (fake media): registrar with digest auth,
// queue routing with ring timeout / reject / rotation / wait / max wait, agent-to-agent calls, robustness.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startCompanion, type CompanionHandle, type CompanionOptions } from '../../src/server/app.js';
import { SIP_HEADER } from '../../src/shared/sip-headers.js';
import { DEFAULT_SIP_RATE_LIMITS } from '../../src/server/sip/rate-limit.js';
import { CANCEL_REASON } from '../../src/server/sip/queue-router.js';
import { api, login } from '../support/companion-api.js';
import { freePort } from '../support/ports.js';
import { Inviter, UserAgent } from 'sip.js';
import { SessionState, TestPhone, waitForState } from './server-sip-ua.js';

type AgentRow = { login: string; status: string; registered: boolean; inCall: boolean; inWrapUp: boolean; ringing: boolean };

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), `${p}-`));

/** A companion plus helpers to make phones and inspect agents. */
function harness(extra: Partial<CompanionOptions> = {}) {
  const h = {
    c: undefined as unknown as CompanionHandle,
    sam: '',
    tokens: {} as Record<string, string>,
    phones: [] as TestPhone[],
    async start() {
      h.c = await startCompanion({ dataDir: tmp('companion-sip'), ...extra });
      h.sam = await login(h.c.url, 'sam');
      for (const u of ['alice', 'bob']) h.tokens[u] = await login(h.c.url, u);
    },
    async phone(user: string, opts: { password?: string; displayName?: string } = {}) {
      const p = await new TestPhone({ wsUrl: h.c.sipWebSocketUrl, domain: h.c.sipDomain, user, ...opts }).start();
      h.phones.push(p);
      return p;
    },
    /** A registered agent phone with the given status. */
    async agent(user: string, status = 'Available') {
      const p = await h.phone(user, { password: user });
      await p.register();
      await h.status(user, status);
      return p;
    },
    async status(user: string, status: string) {
      const r = await api(h.c.url, 'PUT', '/api/me/status', h.tokens[user], { status });
      expect(r.status).toBe(200);
    },
    async agentRow(user: string): Promise<AgentRow> {
      const r = await api<{ agents: AgentRow[] }>(h.c.url, 'GET', '/api/agents', h.sam);
      return r.body.agents.find((a) => a.login === user)!;
    },
    async stopPhones() {
      for (const p of h.phones.splice(0)) await p.stop();
    },
  };
  return h;
}

describe('registrar', () => {
  const h = harness();
  beforeAll(() => h.start());
  afterEach(() => h.stopPhones());
  afterAll(() => h.c?.close());

  it('an agent registers with digest auth and shows as registered', async () => {
    const alice = await h.phone('alice', { password: 'alice' });
    await alice.register();
    await expect.poll(async () => (await h.agentRow('alice')).registered).toBe(true);
    await alice.unregister();
    await expect.poll(async () => (await h.agentRow('alice')).registered).toBe(false);
  });

  it('a wrong password is refused and the server keeps answering', async () => {
    const bad = await h.phone('alice', { password: 'not-alice' });
    await expect(bad.register()).rejects.toThrow(/REGISTER rejected: 40[13]/);
    const health = await api<{ status: string }>(h.c.url, 'GET', '/api/health');
    expect(health.body.status).toBe('ok');
    expect((await h.agentRow('alice')).registered).toBe(false);
    // Unknown users are refused the same way.
    const ghost = await h.phone('ghost', { password: 'ghost' });
    await expect(ghost.register()).rejects.toThrow(/REGISTER rejected: 40[13]/);
  });

  it('an agent cannot register another agent\'s address', async () => {
    const mallory = new TestPhone({ wsUrl: h.c.sipWebSocketUrl, domain: h.c.sipDomain, user: 'bob', password: 'alice' });
    // sip.js authenticates as its own user part; use alice's credentials for bob's AOR by hand:
    (mallory.ua.configuration as { authorizationUsername: string }).authorizationUsername = 'alice';
    h.phones.push(await mallory.start());
    await expect(mallory.register()).rejects.toThrow(/REGISTER rejected: 403/);
  });

  it('closing the connection removes the binding', async () => {
    const bob = await h.phone('bob', { password: 'bob' });
    await bob.register();
    await expect.poll(async () => (await h.agentRow('bob')).registered).toBe(true);
    await bob.stop();
    await expect.poll(async () => (await h.agentRow('bob')).registered, { timeout: 10_000 }).toBe(false);
  });

  it('survives a caller that disappears before ACKing a final response (retransmissions to a closed socket)', async () => {
    const ws = new WebSocket(h.c.sipWebSocketUrl, 'sip');
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const got: string[] = [];
    ws.on('message', (d) => got.push(String(d)));
    const common = ['Max-Forwards: 70', 'To: <sip:support@softphone.test>', 'From: "Gone" <sip:gone@softphone.test>;tag=g1', 'Call-ID: gone-1'];
    ws.send(['INVITE sip:support@softphone.test SIP/2.0', 'Via: SIP/2.0/WS gone.invalid;branch=z9hG4bK-gone', ...common, 'CSeq: 1 INVITE', 'Contact: <sip:gone@gone.invalid;transport=ws>', 'Content-Length: 0', '', ''].join('\r\n'));
    await expect.poll(() => got.some((m) => m.startsWith('SIP/2.0 100'))).toBe(true);
    ws.send(['CANCEL sip:support@softphone.test SIP/2.0', 'Via: SIP/2.0/WS gone.invalid;branch=z9hG4bK-gone', ...common, 'CSeq: 1 CANCEL', 'Content-Length: 0', '', ''].join('\r\n'));
    await expect.poll(() => got.some((m) => m.startsWith('SIP/2.0 487'))).toBe(true);
    // Gone without ACK: the server keeps retransmitting the 487 into a closed connection.
    ws.terminate();
    await new Promise((r) => setTimeout(r, 2500));
    expect((await api(h.c.url, 'GET', '/api/health')).status).toBe(200);
  });

  it('survives garbage on the SIP WebSocket', async () => {
    const ws = new WebSocket(h.c.sipWebSocketUrl, 'sip');
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    expect(ws.protocol).toBe('sip');
    const replies: string[] = [];
    ws.on('message', (d) => replies.push(String(d)));
    for (const junk of [
      'hello', '\r\n\r\n', 'INVITE sip:support@softphone.test SIP/2.0\r\n\r\n',
      'INVITE sip:support@softphone.test SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK1\r\nCall-ID: a\r\nCSeq: x\r\n\r\n',
      'SIP/2.0 200 OK\r\nVia: bogus\r\n\r\n', 'REGISTER sip:softphone.test SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK2\r\nTo: <>\r\nFrom: <>\r\nCall-ID: b\r\nCSeq: 1 REGISTER\r\n\r\n',
    ]) ws.send(junk);
    ws.send([
      'OPTIONS sip:softphone.test SIP/2.0', 'Via: SIP/2.0/WS x.invalid;branch=z9hG4bK-ok', 'Max-Forwards: 70',
      'To: <sip:softphone.test>', 'From: <sip:probe@softphone.test>;tag=p1', 'Call-ID: probe-1', 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', '',
    ].join('\r\n'));
    await expect.poll(() => replies.some((r) => r.startsWith('SIP/2.0 200') && r.includes('probe-1'))).toBe(true);
    ws.close();
    expect((await api(h.c.url, 'GET', '/api/health')).status).toBe(200);
  });
});

describe('queue routing', () => {
  const h = harness();
  beforeAll(async () => {
    await h.start();
    // Short ring timeout keeps the rotation test quick; short wrap-up frees agents between tests.
    expect((await api(h.c.url, 'PUT', '/api/settings/routing', h.sam, { ringTimeoutSeconds: 3 })).status).toBe(200);
    expect((await api(h.c.url, 'PUT', '/api/settings/wrapup', h.sam, { enabled: true, seconds: 1, allowExtension: false })).status).toBe(200);
  });
  afterEach(async () => {
    await h.stopPhones();
    for (const u of ['alice', 'bob']) await api(h.c.url, 'POST', '/api/me/wrapup/finish', h.tokens[u]);
  });
  afterAll(() => h.c?.close());

  it('a customer call to support rings ONE eligible agent, with the call headers; CANCEL stops it', async () => {
    const alice = await h.agent('alice');
    const bob = await h.agent('bob');
    const customer = await h.phone('+15551234567', { displayName: '山田 太郎' });
    const { inviter, result } = customer.call('support');
    const inv = await alice.nextInvitation();
    expect(inv.request.getHeader(SIP_HEADER.queue)).toBe('Support');
    expect(inv.request.getHeader(SIP_HEADER.callType)).toBe('normal');
    expect(inv.request.getHeader(SIP_HEADER.channel)).toBe('webrtc');
    expect(inv.request.getHeader(SIP_HEADER.customerNumber)).toBe('+15551234567');
    expect(decodeURIComponent(inv.request.getHeader(SIP_HEADER.customerName) ?? '')).toBe('山田 太郎');
    expect(inv.request.getHeader(SIP_HEADER.companionCallId)).toMatch(/^[0-9a-f-]{36}$/);
    expect(bob.hasPendingInvitation()).toBe(false);
    expect((await h.agentRow('alice')).ringing).toBe(true);
    const reasons: Array<string | undefined> = [];
    inv.delegate = { onCancel: (c) => reasons.push(c.request.getHeader('Reason')) };

    await inviter.cancel();
    expect((await result).status).toBe(487);
    await waitForState(inv, SessionState.Terminated);
    // The agent's CANCEL says why (RFC 3326): the customer hung up.
    expect(reasons).toEqual([CANCEL_REASON.callerCancelled]);
    await expect.poll(async () => (await h.agentRow('alice')).ringing).toBe(false);
    expect(bob.hasPendingInvitation()).toBe(false);
  });

  it('customers cannot inject call headers', async () => {
    const alice = await h.agent('alice');
    await h.status('bob', 'Away');
    const customer = await h.phone('guest-1');
    const forged = new Inviter(customer.ua, UserAgent.makeURI(`sip:support@${h.c.sipDomain}`)!, { extraHeaders: ['X-Queue: VIP', 'X-Companion-Call-Id: fake'] });
    await forged.invite();
    const inv = await alice.nextInvitation();
    expect(inv.request.getHeaders(SIP_HEADER.queue)).toEqual(['Support']);
    expect(inv.request.getHeader(SIP_HEADER.companionCallId)).not.toBe('fake');
    await forged.cancel();
    await waitForState(inv, SessionState.Terminated);
  });

  it('ring timeout → next agent; reject → next; all tried → first again; answer; BYE ends the call', async () => {
    const alice = await h.agent('alice');
    const bob = await h.agent('bob');
    const customer = await h.phone('+15550002020', { displayName: 'Pat' });
    const { inviter } = customer.call('support');

    // alice lets it ring: after the 3 s ring timeout it stops and bob rings.
    const a1 = await alice.nextInvitation();
    const reasons: Array<string | undefined> = [];
    a1.delegate = { onCancel: (c) => reasons.push(c.request.getHeader('Reason')) };
    const b1 = await bob.nextInvitation(15_000);
    await waitForState(a1, SessionState.Terminated);
    // RFC 3326 Reason on the wire: a ring timeout, not the customer hanging up.
    expect(reasons).toEqual(['SIP;cause=408;text="Ring timeout"']);
    // bob rejects: alice rings again (everyone was tried, start again from the first).
    await b1.reject({ statusCode: 486 });
    const a2 = await alice.nextInvitation(15_000);
    expect(a2.request.getHeader(SIP_HEADER.queue)).toBe('Support');
    await a2.accept();
    await waitForState(inviter, SessionState.Established);
    await waitForState(a2, SessionState.Established);

    const during = await h.agentRow('alice');
    expect(during).toMatchObject({ inCall: true, status: 'Busy', ringing: false });
    // The conversation is assigned to the agent who answered (§4.3).
    const me = await api<{ id: string }>(h.c.url, 'GET', '/api/me', h.tokens.alice);
    expect(me.body.id).toBeTruthy();
    await expect.poll(async () => (await api<{ conversations: Array<{ customerNumber: string | null; assigneeId: string | null }> }>(h.c.url, 'GET', '/api/conversations', h.sam))
      .body.conversations.find((c) => c.customerNumber === '+15550002020')?.assigneeId).toBe(me.body.id);
    expect((await h.agentRow('bob')).inCall).toBe(false);

    await inviter.bye();
    await waitForState(a2, SessionState.Terminated);
    await expect.poll(async () => (await h.agentRow('alice')).inCall).toBe(false);
    // The server starts the agent's wrap-up at once (Busy), then the agent is Available again.
    await expect.poll(async () => (await h.agentRow('alice')).status, { timeout: 10_000 }).toBe('Available');
  });

  it('the agent hanging up ends the call too (BYE from the agent side)', async () => {
    const alice = await h.agent('alice');
    await h.status('bob', 'Away');
    const customer = await h.phone('guest-3');
    const { inviter } = customer.call('support');
    const inv = await alice.nextInvitation();
    await inv.accept();
    await waitForState(inviter, SessionState.Established);
    await expect.poll(async () => (await h.agentRow('alice')).inCall).toBe(true);
    await inv.bye();
    await waitForState(inviter, SessionState.Terminated);
    await expect.poll(async () => (await h.agentRow('alice')).inCall).toBe(false);
    // The server started alice's wrap-up for this call; the desktop's own start (by companion call id or
    // SIP Call-ID) joins it instead of starting another one.
    const companionCallId = inv.request.getHeader(SIP_HEADER.companionCallId);
    const byCompanionId = await api<{ enabled: boolean; callId: string }>(h.c.url, 'POST', '/api/me/wrapup/start', h.tokens.alice, { callId: companionCallId });
    expect(byCompanionId.body).toMatchObject({ enabled: true, callId: companionCallId });
    const bySipId = await api<{ callId: string }>(h.c.url, 'POST', '/api/me/wrapup/start', h.tokens.alice, { callId: inv.request.callId });
    expect(bySipId.body).toEqual(byCompanionId.body);
  });

  it('with nobody eligible the call waits, and rings as soon as an agent becomes available', async () => {
    await h.agent('alice', 'Away');
    const bob = await h.agent('bob', 'Offline');
    const customer = await h.phone('guest-4');
    const { inviter } = customer.call('support');
    // Give the router a moment: nobody may ring while nobody is eligible.
    await new Promise((r) => setTimeout(r, 500));
    expect(bob.hasPendingInvitation()).toBe(false);
    await h.status('bob', 'Available');
    const inv = await bob.nextInvitation();
    await inv.accept();
    await waitForState(inviter, SessionState.Established);
    await inviter.bye();
    await expect.poll(async () => (await h.agentRow('bob')).inCall).toBe(false);
  });

  it('a busy agent is not offered a second call', async () => {
    const alice = await h.agent('alice');
    await h.status('bob', 'Away');
    const c1 = await h.phone('guest-5');
    const first = c1.call('support');
    const inv = await alice.nextInvitation();
    await inv.accept();
    await waitForState(first.inviter, SessionState.Established);
    const c2 = await h.phone('guest-6');
    const second = c2.call('support');
    await new Promise((r) => setTimeout(r, 500));
    expect(alice.hasPendingInvitation()).toBe(false);
    await second.inviter.cancel();
    expect((await second.result).status).toBe(487);
    await first.inviter.bye();
  });
});

describe('messaging-app channels: sticky agent (§4.6)', () => {
  const h = harness();
  const CUSTOMER = '+15550002222';
  beforeAll(async () => {
    await h.start();
    expect((await api(h.c.url, 'PUT', '/api/settings/wrapup', h.sam, { enabled: false, seconds: 30, allowExtension: false })).status).toBe(200);
    expect((await api(h.c.url, 'PUT', '/api/settings/routing', h.sam, { ringTimeoutSeconds: 3 })).status).toBe(200);
  });
  afterEach(() => h.stopPhones());
  afterAll(() => h.c?.close());

  /** A call to support from CUSTOMER, optionally marked with X-Channel. */
  const callSupport = (customer: TestPhone, channel?: string) => {
    const inviter = new Inviter(customer.ua, UserAgent.makeURI(`sip:support@${h.c.sipDomain}`)!, channel ? { extraHeaders: [`X-Channel: ${channel}`] } : {});
    void inviter.invite();
    return inviter;
  };
  const hangUp = async (inviter: Inviter, agent: string) => {
    await inviter.bye();
    await expect.poll(async () => (await h.agentRow(agent)).inCall).toBe(false);
  };
  /** The customer's first call, answered by alice (bob Away): their open conversation is now assigned to her. */
  const assignedToAlice = async (number: string) => {
    const alice = await h.agent('alice');
    const bob = await h.agent('bob', 'Away');
    const customer = await h.phone(number);
    const first = callSupport(customer);
    const a0 = await alice.nextInvitation();
    await a0.accept();
    await waitForState(first, SessionState.Established);
    await hangUp(first, 'alice');
    return { alice, bob, customer };
  };

  it('rings only the assigned agent (again after a reject or ring timeout), falls back when they are offline; other channels route normally', async () => {
    // The customer's first call is answered by alice: their open conversation is now assigned to her,
    // and she has more workload than bob, so normal routing would prefer bob from here on.
    const { alice, bob, customer } = await assignedToAlice(CUSTOMER);
    const convs = await api<{ conversations: Array<{ id: string; assigneeId: string | null; customerNumber: string | null }> }>(h.c.url, 'GET', '/api/conversations', h.tokens.alice);
    expect(convs.body.conversations.find((c) => c.customerNumber === CUSTOMER)?.assigneeId).toBeTruthy();
    await h.status('bob', 'Available');

    // WhatsApp call: alice rings, not bob; she rejects and she rings again; she answers.
    const wa = callSupport(customer, 'WhatsApp');
    const a1 = await alice.nextInvitation();
    expect(a1.request.getHeader(SIP_HEADER.channel)).toBe('whatsapp');
    await a1.reject({ statusCode: 486 });
    const a2 = await alice.nextInvitation(15_000);
    expect(bob.hasPendingInvitation()).toBe(false);
    // She lets it ring out (3 s ring timeout): she rings again, still not bob.
    const a3 = await alice.nextInvitation(15_000);
    await waitForState(a2, SessionState.Terminated);
    expect(bob.hasPendingInvitation()).toBe(false);
    await a3.accept();
    await waitForState(wa, SessionState.Established);
    expect(bob.hasPendingInvitation()).toBe(false);
    await hangUp(wa, 'alice');

    // Alice offline: the Viber call falls back to normal routing (bob).
    await h.status('alice', 'Offline');
    const vb = callSupport(customer, 'viber');
    const b1 = await bob.nextInvitation();
    expect(b1.request.getHeader(SIP_HEADER.channel)).toBe('viber');
    await b1.accept();
    await waitForState(vb, SessionState.Established);
    expect(alice.hasPendingInvitation()).toBe(false);
    await hangUp(vb, 'bob');
  });

  it('the assigned agent Busy in another call counts as unavailable: the WhatsApp call falls back at once', async () => {
    const { alice, bob, customer } = await assignedToAlice('+15550004444');
    // alice takes another customer's call and stays in it.
    const other = await h.phone('+15550005555');
    const busy = callSupport(other);
    const a1 = await alice.nextInvitation();
    await a1.accept();
    await waitForState(busy, SessionState.Established);
    await h.status('bob', 'Available');
    const wa = callSupport(customer, 'whatsapp');
    const b1 = await bob.nextInvitation();
    expect(b1.request.getHeader(SIP_HEADER.channel)).toBe('whatsapp');
    await wa.cancel();
    await waitForState(b1, SessionState.Terminated);
    await hangUp(busy, 'alice');
  });

  it('a WebRTC call (or an unknown X-Channel value) is not sticky: lowest workload rings first', async () => {
    const { alice, bob, customer } = await assignedToAlice('+15550003333');
    await h.status('bob', 'Available');
    // bob now has fewer open conversations for this account than alice, so he rings first.
    const forged = callSupport(customer, 'telegram');
    const b1 = await bob.nextInvitation();
    expect(b1.request.getHeader(SIP_HEADER.channel)).toBe('webrtc');
    expect(alice.hasPendingInvitation()).toBe(false);
    await forged.cancel();
    await waitForState(b1, SessionState.Terminated);
  });
});

describe('digest spraying from one address (per-address lockout)', () => {
  // Loopback is exempt by default (tests, local proxies); here it is counted like any remote address.
  const h = harness({ sipRateLimits: { ...DEFAULT_SIP_RATE_LIMITS, unaggregated: [], digestFailures: { maxFailures: 5, windowMs: 60_000, lockMs: 60_000 } } });
  beforeAll(() => h.start());
  afterEach(() => h.stopPhones());
  afterAll(() => h.c?.close());

  it('wrong passwords for several logins lock the address: even a right password is then refused', async () => {
    // One failure each for five logins: no login reaches its own limit (10), the address reaches 5.
    for (const user of ['alice', 'bob', 'sam', 'ghost-1', 'ghost-2']) {
      const bad = await h.phone(user, { password: 'guess' });
      await expect(bad.register()).rejects.toThrow(/REGISTER rejected: 403/);
    }
    const alice = await h.phone('alice', { password: 'alice' });
    await expect(alice.register()).rejects.toThrow(/REGISTER rejected: 403/);
    // Calls to agent URIs need digest too: refused as well.
    const bob = await h.phone('bob', { password: 'bob' });
    expect((await bob.call('alice').result).status).toBe(403);
    expect((await api(h.c.url, 'GET', '/api/health')).status).toBe(200);
  });
});

describe('maximum wait', () => {
  const h = harness({ maxWaitSeconds: 2 });
  beforeAll(() => h.start());
  afterEach(() => h.stopPhones());
  afterAll(() => h.c?.close());

  it('stops with 480 when nobody answered within the maximum wait', async () => {
    const customer = await h.phone('guest-7');
    const { result } = customer.call('support');
    expect((await result).status).toBe(480);
  });

  it('stops a ringing agent at the maximum wait (ring timeout 30 s is longer): CANCEL with the reason, 480 to the caller', async () => {
    const alice = await h.agent('alice');
    await h.status('bob', 'Away');
    const customer = await h.phone('guest-7b');
    const { result } = customer.call('support');
    const inv = await alice.nextInvitation();
    const reasons: Array<string | undefined> = [];
    inv.delegate = { onCancel: (c) => reasons.push(c.request.getHeader('Reason')) };
    expect((await result).status).toBe(480);
    await waitForState(inv, SessionState.Terminated);
    expect(reasons).toEqual([CANCEL_REASON.maxWait]);
    await expect.poll(async () => (await h.agentRow('alice')).ringing).toBe(false);
  });
});

describe('agent-to-agent calls', () => {
  const h = harness();
  beforeAll(() => h.start());
  afterEach(() => h.stopPhones());
  afterAll(() => h.c?.close());

  it('an authenticated agent calls another agent directly (proxy digest), both are in the call', async () => {
    const alice = await h.agent('alice', 'Away');
    const bob = await h.agent('bob');
    const { inviter } = bob.call('alice');
    const inv = await alice.nextInvitation();
    expect(inv.request.getHeader(SIP_HEADER.queue)).toBeUndefined();
    await inv.accept();
    await waitForState(inviter, SessionState.Established);
    await expect.poll(async () => [(await h.agentRow('alice')).inCall, (await h.agentRow('bob')).inCall]).toEqual([true, true]);
    // A third party trying to reach alice now gets busy.
    const sam = await h.phone('sam', { password: 'sam' });
    await sam.register();
    expect((await sam.call('alice').result).status).toBe(486);
    await inv.bye();
    await waitForState(inviter, SessionState.Terminated);
    await expect.poll(async () => [(await h.agentRow('alice')).inCall, (await h.agentRow('bob')).inCall]).toEqual([false, false]);
  });

  it('unauthenticated callers cannot reach agent URIs; wrong credentials get 403', async () => {
    await h.agent('alice');
    const stranger = await h.phone('guest-8');
    const r1 = await stranger.call('alice').result;
    expect([403, 407]).toContain(r1.status);
    const liar = await h.phone('bob', { password: 'wrong' });
    expect((await liar.call('alice').result).status).toBe(403);
    expect((await h.agentRow('alice')).ringing).toBe(false);
    const nobody = await h.phone('bob', { password: 'bob' });
    expect((await nobody.call('nobody-here').result).status).toBe(404);
  });
});

// SIPp (Debian `sip-tester`) as a phone-network caller over UDP and TCP, honouring our Record-Route.
const UAC_SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="uac via record-routing proxy">
  <send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "Caller" <sip:+15550001111@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200" rrs="true"/>
  <send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[routes]
From: "Caller" <sip:+15550001111@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0
]]></send>
  <pause milliseconds="500"/>
  <send retrans="500"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[routes]
From: "Caller" <sip:+15550001111@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0
]]></send>
  <recv response="200" crlf="true"/>
</scenario>
`;

describe.skipIf(!existsSync('/usr/bin/sipp'))('UDP/TCP listener (SIPp caller)', () => {
  const h = harness({ sipPort: 0 });
  beforeAll(async () => {
    await h.start();
    await api(h.c.url, 'PUT', '/api/settings/wrapup', h.sam, { enabled: false, seconds: 30, allowExtension: false });
  });
  afterEach(() => h.stopPhones());
  afterAll(() => h.c?.close());

  it.each(['u1', 't1'])('a SIPp call over %s to the support queue rings a WebSocket agent, is answered and hung up', async (transport) => {
    const alice = await h.agent('alice');
    await h.status('bob', 'Away');
    const dir = tmp('sipp');
    const scenario = path.join(dir, 'uac.xml');
    writeFileSync(scenario, UAC_SCENARIO);
    const [port, mediaPort] = [await freePort(), await freePort()];
    const sipp = spawn('sipp', [`127.0.0.1:${h.c.sipPort}`, '-sf', scenario, '-s', 'support', '-i', '127.0.0.1', '-p', String(port), '-mp', String(mediaPort),
      '-t', transport, '-m', '1', '-nostdin', '-timeout', '20s', '-trace_err', '-error_file', path.join(dir, 'err.log')], { cwd: dir });
    let out = '';
    sipp.stdout.on('data', (d) => { out += d; });
    const exited = new Promise<number | null>((resolve) => sipp.on('exit', resolve));
    const inv = await alice.nextInvitation();
    expect(inv.request.getHeader(SIP_HEADER.channel)).toBe('phone');
    expect(inv.request.getHeader(SIP_HEADER.customerNumber)).toBe('+15550001111');
    expect(decodeURIComponent(inv.request.getHeader(SIP_HEADER.customerName) ?? '')).toBe('Caller');
    await inv.accept();
    await waitForState(inv, SessionState.Terminated, 20_000);
    const code = await exited;
    expect(code, `sipp output:\n${out}\n${existsSync(path.join(dir, 'err.log')) ? readFileSync(path.join(dir, 'err.log'), 'utf8') : ''}`).toBe(0);
    await expect.poll(async () => (await h.agentRow('alice')).inCall).toBe(false);
  });
});
