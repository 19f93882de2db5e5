// Agents' outbound calls (§8.3) and the external-transfer caller ID (§7.3) through the real companion edge,
// with sip.js agents in Node and SIPp playing the carrier behind the trunk. Checks the conversation outcome
// (create / join / refuse), the timeline, the ids the agent gets back, and the From / P-Asserted-Identity
// the carrier receives.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Inviter, UserAgent, type Core, type Invitation } from 'sip.js';

type IncomingResponse = Core.IncomingResponse;
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { SIP_HEADER } from '../../src/shared/sip-headers.js';
import { OUTBOUND_HEADER, outboundHeaderLines, type OutboundOptions } from '../../src/shared/outbound-call.js';
import { OUTBOUND_REFUSE_MESSAGE, type Conversation, type ConversationDetail } from '../../src/shared/companion-cc.js';
import { api, login } from '../support/companion-api.js';
import { freePort } from '../support/ports.js';
import { HAS_SIPP, sippCarrier, TRUNK_SCENARIO_BUSY, TRUNK_SCENARIO_RINGING } from '../support/sipp-carrier.js';
import { SessionState, TestPhone, waitForState } from './server-sip-ua.js';

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), `${p}-`));

describe.skipIf(!HAS_SIPP)('outbound calls and caller ID through the trunk (SIPp carrier)', () => {
  let c: CompanionHandle;
  let trunkPort = 0;
  let mediaPort = 0;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const phones: TestPhone[] = [];
  const phone = async (user: string, opts: { password?: string } = {}) => {
    const p = await new TestPhone({ wsUrl: c.sipWebSocketUrl, domain: c.sipDomain, user, ...opts }).start();
    phones.push(p);
    return p;
  };
  const conversationsOf = async (number: string) =>
    (await api<{ conversations: Conversation[] }>(c.url, 'GET', '/api/conversations', t.sam)).body.conversations.filter((x) => x.customerNumber === number);
  const detail = async (id: string) => (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${id}`, t.sam)).body;

  const carrier = () => sippCarrier(trunkPort, mediaPort);

  /** alice calls `to` with the §8.3 options; resolves with the final status and the response headers. */
  const dial = (agent: TestPhone, to: string, options: OutboundOptions = {}, extra: string[] = []) => {
    const inviter = new Inviter(agent.ua, UserAgent.makeURI(`sip:${to}@${c.sipDomain}`)!, { extraHeaders: [...outboundHeaderLines(options), ...extra] });
    const result = new Promise<{ status: number; reason: string; response?: IncomingResponse }>((resolve) => {
      inviter.invite({
        requestDelegate: {
          onAccept: (r) => resolve({ status: r.message.statusCode ?? 200, reason: r.message.reasonPhrase ?? '', response: r }),
          onReject: (r) => resolve({ status: r.message.statusCode ?? 0, reason: r.message.reasonPhrase ?? '' }),
        },
      }).catch(() => resolve({ status: -1, reason: '' }));
    });
    return { inviter, result };
  };

  const agent = async (user: string) => {
    const p = await phone(user, { password: user });
    await p.register();
    expect((await api(c.url, 'PUT', '/api/me/status', t[user], { status: 'Available' })).status).toBe(200);
    return p;
  };

  beforeAll(async () => {
    c = await startCompanion({ dataDir: tmp('companion-outbound'), sipPort: 0 });
    for (const u of ['alice', 'bob', 'sam']) {
      t[u] = await login(c.url, u);
      ids[u] = (await api<{ id: string }>(c.url, 'GET', '/api/me', t[u])).body.id;
    }
    trunkPort = await freePort();
    mediaPort = await freePort();
    expect((await api(c.url, 'PUT', '/api/settings/trunk', t.sam, { trunk: { host: '127.0.0.1', port: trunkPort } })).status).toBe(200);
    expect((await api(c.url, 'PUT', '/api/settings/wrapup', t.sam, { enabled: true, seconds: 60, allowExtension: false })).status).toBe(200);
  });
  afterEach(async () => {
    for (const p of phones.splice(0)) await p.stop();
    for (const u of ['alice', 'bob']) await api(c.url, 'POST', '/api/me/wrapup/finish', t[u]);
  });
  afterAll(() => c?.close());

  it('none → a new conversation assigned to the agent; the carrier sees the chosen From as caller ID; the timeline records the call', async () => {
    const alice = await agent('alice');
    const sipp = carrier();
    try {
      const { inviter, result } = dial(alice, '+15557654321', { from: '+15550001000', queue: 'support', priority: 'high', tags: ['vip', 'billing'] });
      const r = await result;
      expect(r.status, sipp.output()).toBe(200);
      // The agent learns the conversation (wrap-up notes go there) and the companion's call id.
      const conversationId = r.response!.message.getHeader(SIP_HEADER.conversationId);
      expect(conversationId).toBeTruthy();
      expect(r.response!.message.getHeader(SIP_HEADER.companionCallId)).toBeTruthy();
      const [conv] = await conversationsOf('+15557654321');
      expect(conv).toMatchObject({ id: conversationId, assigneeId: ids.alice, customerName: 'Jane Doe', status: 'Open' });
      expect(conv!.queueId).toBeTruthy();

      const invite = sipp.invite();
      expect(invite).toMatch(/^From:\s*<sip:\+15550001000@[^>]+>;tag=/m);
      expect(invite).toMatch(/^P-Asserted-Identity:\s*<sip:\+15550001000@/im);
      expect(invite).not.toMatch(/alice/i);
      expect(invite).not.toMatch(/^X-Outbound/im);

      await expect.poll(async () => (await detail(conversationId!)).events.find((e) => e.type === 'call.started')?.data).toMatchObject({
        direction: 'outbound', from: '+15550001000', priority: 'high', tags: ['vip', 'billing'],
      });
      await inviter.bye();
      await expect.poll(async () => (await detail(conversationId!)).events.map((e) => e.text), { timeout: 10_000 })
        .toEqual(expect.arrayContaining(['Outbound call started (from +15550001000)', expect.stringMatching(/^Call ended \(/)]));
      // Wrap-up follows like after any call, and its notes land in that conversation.
      await expect.poll(async () => (await api<{ status: string }>(c.url, 'GET', '/api/me', t.alice)).body.status).toBe('Busy');
      expect((await api(c.url, 'POST', '/api/me/wrapup/finish', t.alice, { notes: 'Asked about the invoice.' })).status).toBeLessThan(300);
      expect((await detail(conversationId!)).notes).toContain('Asked about the invoice.');
      expect(await sipp.exited, sipp.output()).toBe(0);
    } finally {
      sipp.kill();
    }
  });

  it('follow-up: the named conversation (mine) is joined, no second one is created; automatic From is the first account number', async () => {
    const [existing] = await conversationsOf('+15557654321');
    expect(existing).toBeDefined();
    const alice = await agent('alice');
    const sipp = carrier();
    try {
      const { inviter, result } = dial(alice, '+15557654321', { conversationId: existing!.id });
      const r = await result;
      expect(r.status, sipp.output()).toBe(200);
      expect(r.response!.message.getHeader(SIP_HEADER.conversationId)).toBe(existing!.id);
      expect(sipp.invite()).toMatch(/^From:\s*<sip:\+81350001000@/m);
      await inviter.bye();
      expect(await sipp.exited, sipp.output()).toBe(0);
      expect(await conversationsOf('+15557654321')).toHaveLength(1);
      await expect.poll(async () => (await detail(existing!.id)).events.filter((e) => e.type === 'call.started').length).toBe(2);
    } finally {
      sipp.kill();
    }
  });

  it('a busy customer: the conversation exists (created before dialling) with "Outbound call not answered (486)"; no wrap-up', async () => {
    const alice = await agent('alice');
    const sipp = sippCarrier(trunkPort, mediaPort, TRUNK_SCENARIO_BUSY);
    try {
      expect((await dial(alice, '+81355550100').result).status, sipp.output()).toBe(486);
      expect(await sipp.exited, sipp.output()).toBe(0);
    } finally {
      sipp.kill();
    }
    const [conv] = await conversationsOf('+81355550100');
    expect(conv).toMatchObject({ assigneeId: ids.alice, customerName: '佐藤 花子' });
    await expect.poll(async () => (await detail(conv!.id)).events.map((e) => e.text)).toEqual(['Outbound call not answered (486)']);
    expect((await api<{ status: string }>(c.url, 'GET', '/api/me', t.alice)).body.status).toBe('Available');
  });

  it('the agent cancels while the customer rings: the CANCEL reaches the carrier; "Outbound call not answered (487)"', async () => {
    const alice = await agent('alice');
    const sipp = sippCarrier(trunkPort, mediaPort, TRUNK_SCENARIO_RINGING);
    try {
      const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:+81662223333@${c.sipDomain}`)!);
      await new Promise<void>((resolve) => {
        inviter.invite({ requestDelegate: { onProgress: (r) => { if (r.message.statusCode === 180) resolve(); } } }).catch(() => undefined);
      });
      await inviter.cancel();
      await waitForState(inviter, SessionState.Terminated);
      expect(await sipp.exited, sipp.output()).toBe(0);
    } finally {
      sipp.kill();
    }
    const [conv] = await conversationsOf('+81662223333');
    await expect.poll(async () => (await detail(conv!.id)).events.map((e) => e.text)).toEqual(['Outbound call not answered (487)']);
  });

  it('while alice dials out she is not free: a transfer to her is refused 486; once she cancels it is accepted', async () => {
    const alice = await agent('alice');
    expect((await api(c.url, 'PUT', '/api/me/status', t.alice, { status: 'Away' })).status).toBe(200);
    const bob = await agent('bob');
    const customer = await phone('+15550002222');
    const { inviter: customerLeg } = customer.call('support');
    const inv = await bob.nextInvitation();
    await inv.accept();
    await waitForState(customerLeg, SessionState.Established);
    expect((await api(c.url, 'PUT', '/api/me/status', t.alice, { status: 'Available' })).status).toBe(200);

    const sipp = sippCarrier(trunkPort, mediaPort, TRUNK_SCENARIO_RINGING);
    try {
      const out = new Inviter(alice.ua, UserAgent.makeURI(`sip:+81662224444@${c.sipDomain}`)!);
      await new Promise<void>((resolve) => {
        out.invite({ requestDelegate: { onProgress: (r) => { if (r.message.statusCode === 180) resolve(); } } }).catch(() => undefined);
      });
      const refer = (target: string) => new Promise<number>((resolve) => {
        inv.refer(UserAgent.makeURI(`sip:${target}@${c.sipDomain}`)!, {
          requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 202), onReject: (r) => resolve(r.message.statusCode ?? 0) },
        }).catch(() => resolve(-1));
      });
      expect(await refer('alice')).toBe(486);
      await out.cancel();
      await waitForState(out, SessionState.Terminated);
      expect(await sipp.exited, sipp.output()).toBe(0);
      expect(await refer('alice')).toBe(202);
    } finally {
      sipp.kill();
    }
    await alice.nextInvitation().then((x) => x.reject()).catch(() => undefined);
    await inv.bye().catch(() => undefined);
  });

  it("refusals change nothing: another agent's conversation, a From that is not the account's, a queue that is not mine, malformed options", async () => {
    // bob owns the open conversation of +81312345678.
    const bob = await agent('bob');
    const sippBob = carrier();
    try {
      const b = dial(bob, '+81312345678');
      expect((await b.result).status, sippBob.output()).toBe(200);
      await b.inviter.bye();
      expect(await sippBob.exited).toBe(0);
    } finally {
      sippBob.kill();
    }
    const [bobs] = await conversationsOf('+81312345678');
    expect(bobs!.assigneeId).toBe(ids.bob);
    const before = (await detail(bobs!.id)).events.length;

    const alice = await agent('alice');
    const refused = await dial(alice, '+81312345678').result;
    expect(refused).toMatchObject({ status: 403, reason: OUTBOUND_REFUSE_MESSAGE });
    // Naming bob's conversation does not help either.
    expect((await dial(alice, '+81312345678', { conversationId: bobs!.id }).result).status).toBe(403);
    // A conversation of another customer cannot be continued with this number.
    expect((await dial(alice, '+15557654321', { conversationId: bobs!.id }).result).status).toBe(403);
    expect((await dial(alice, '+15550009999', { conversationId: 'no-such-conversation' }).result).status).toBe(404);
    expect((await dial(alice, '+15550009999', { from: '+19995550000' }).result).status).toBe(403);
    expect((await dial(alice, '+15550009999', { queue: 'nosuchqueue' }).result).status).toBe(403);
    expect((await dial(alice, '+15550009999', {}, [`${OUTBOUND_HEADER.priority}: whenever`]).result).status).toBe(400);
    expect((await dial(alice, '+15550009999', {}, [`${OUTBOUND_HEADER.from}: 12345`]).result).status).toBe(400);

    const after = await conversationsOf('+81312345678');
    expect(after).toHaveLength(1);
    expect(after[0]!.assigneeId).toBe(ids.bob);
    expect((await detail(bobs!.id)).events).toHaveLength(before);
    expect(await conversationsOf('+15550009999')).toHaveLength(0);
  });

  describe('external transfer caller ID (§7.3)', () => {
    /** A customer calling `support` from `user`, answered by alice. */
    const answered = async (user: string) => {
      const alice = await agent('alice');
      const customer = await phone(user);
      const { inviter } = customer.call('support');
      const inv = await alice.nextInvitation();
      await inv.accept();
      await waitForState(inviter, SessionState.Established);
      return { customer, inv };
    };
    const refer = (inv: Invitation, number: string, from?: string) => new Promise<number>((resolve) => {
      inv.refer(UserAgent.makeURI(`sip:${number}@${c.sipDomain}`)!, {
        ...(from ? { requestOptions: { extraHeaders: [`${OUTBOUND_HEADER.transferFrom}: ${from}`] } } : {}),
        requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 202), onReject: (r) => resolve(r.message.statusCode ?? 0) },
      }).catch(() => resolve(-1));
    });
    const transferOut = async (customerUser: string, from: string | undefined) => {
      const { customer, inv } = await answered(customerUser);
      const sipp = carrier();
      try {
        expect(await refer(inv, '+81355550199', from)).toBe(202);
        await expect.poll(() => customer.ua.userAgentCore.dialogs.size, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
        const invite = sipp.invite();
        await inv.bye();
        await customer.stop();
        expect(await sipp.exited, sipp.output()).toBe(0);
        return invite;
      } finally {
        sipp.kill();
      }
    };

    it("WebRTC customer: the agent's From choice is the caller ID", async () => {
      const invite = await transferOut('guest-web-1', '+15550001000');
      expect(invite).toMatch(/^From:\s*<sip:\+15550001000@[^>]+>;tag=/m);
      expect(invite).toMatch(/^P-Asserted-Identity:\s*<sip:\+15550001000@/im);
      expect(invite).not.toMatch(/^X-Transfer-From/im);
    });

    it('WebRTC customer, automatic: the account\'s first number', async () => {
      const invite = await transferOut('guest-web-2', undefined);
      expect(invite).toMatch(/^P-Asserted-Identity:\s*<sip:\+81350001000@/im);
    });

    it("phone customer: their own number, whatever the agent sent", async () => {
      const invite = await transferOut('+81901234567', '+15550001000');
      expect(invite).toMatch(/^From:[^\n]*<sip:\+81901234567@/m);
      expect(invite).not.toMatch(/^P-Asserted-Identity/im);
    });

    it('a From that is not an account number is refused and the call stays', async () => {
      const { inv } = await answered('guest-web-3');
      expect(await refer(inv, '+81355550199', '+19995550000')).toBe(403);
      expect(inv.state).toBe(SessionState.Established);
      await inv.bye();
    });
  });
});
