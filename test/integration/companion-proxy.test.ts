// The companion REST proxy of the bridge (issue 5) against the real companion server: the softphone
// service signed in as alice answers myConversations / conversation / updateConversation / rateCall,
// People search, account numbers, her queues, the three outbound-check outcomes and transfer targets.
// Conversations come from real calls through the SIP edge (sip.js test phones, signalling only).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, EventHub } from '../../src/shared/bridge.js';
import { silentLogger } from '../../src/main/ports.js';
import { createSoftphoneService, type SoftphoneService } from '../../src/main/services/app.js';
import { ratingText } from '../../src/main/services/companion/companion-proxy.js';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { OUTBOUND_REFUSE_MESSAGE, PHONEBOOK_NOT_FOUND_MESSAGE } from '../../src/shared/companion-cc.js';
import { api, login } from '../support/companion-api.js';
import { SessionState, TestPhone, waitForState } from './server-sip-ua.js';

let c: CompanionHandle;
let service: SoftphoneService;
let dispatch: ReturnType<typeof createDispatcher>;
const phones: TestPhone[] = [];
const ctx = { senderId: 'test' };

const call = async (method: string, args: unknown = {}) => dispatch(method, args, ctx);
const value = async <T = unknown>(method: string, args: unknown = {}): Promise<T> => {
  const env = await call(method, args);
  if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
  return env.value as T;
};

const phone = async (user: string, password?: string) => {
  const p = await new TestPhone({ wsUrl: c.sipWebSocketUrl, domain: c.sipDomain, user, password }).start();
  phones.push(p);
  return p;
};

/** `agent` (a registered test phone) answers a call from `number` to support, then the customer hangs up. */
async function answeredCall(agentLogin: string, number: string): Promise<void> {
  const token = await login(c.url, agentLogin);
  const agent = await phone(agentLogin, agentLogin);
  await agent.register();
  expect((await api(c.url, 'PUT', '/api/me/status', token, { status: 'Available' })).status).toBe(200);
  const customer = await phone(number);
  const { inviter } = customer.call('support');
  const inv = await agent.nextInvitation();
  await inv.accept();
  await waitForState(inviter, SessionState.Established);
  await inviter.bye();
  await agent.unregister();
  await api(c.url, 'PUT', '/api/me/status', token, { status: 'Away' });
}

beforeAll(async () => {
  c = await startCompanion({ host: '127.0.0.1', port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'companion-proxy-')), demo: true });
  // alice's own conversation with Jane Doe, bob's with 山田 太郎 (alice Away meanwhile so bob gets it).
  await answeredCall('alice', '+15557654321');
  await answeredCall('bob', '+81312345678');
  const hub = new EventHub();
  service = createSoftphoneService({ hub, defaultCompanionUrl: c.url, logger: silentLogger });
  dispatch = createDispatcher(service.handlers);
}, 90_000);

afterAll(async () => {
  await service?.dispose();
  for (const p of phones) await p.stop();
  await c?.close();
});

describe('companion proxy over the bridge', () => {
  it('refuses everything before sign-in with a clear message', async () => {
    const env = await call('myConversations');
    expect(env).toEqual({ ok: false, error: { code: 'not_signed_in', message: 'Sign in first.' } });
    expect(await call('outboundCheck', { to: '0312' })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
  });

  it('signs in, then lists my conversations and opens one with its timeline', async () => {
    await value('signIn', { login: 'alice', password: 'alice' });
    const { conversations } = await value<{ conversations: Array<{ id: string; customerNumber: string | null; customerName: string | null }> }>('myConversations');
    expect(conversations.map((x) => x.customerNumber)).toEqual(['+15557654321']);
    expect(conversations[0]!.customerName).toBe('Jane Doe');
    const id = conversations[0]!.id;
    await expect.poll(async () => (await value<{ events: Array<{ type: string }> }>('conversation', { id })).events.map((e) => e.type), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['call.started', 'call.ended']));

    const updated = await value<{ status: string; notes: string }>('updateConversation', { id, status: 'Waiting', notes: 'Call back on Monday' });
    expect(updated).toMatchObject({ status: 'Waiting', notes: 'Call back on Monday' });
    await value('rateCall', { callId: 'local-1', conversationId: id, rating: 4 });
    const detail = await value<{ notes: string; events: Array<{ type: string; text: string; data: Record<string, unknown> }> }>('conversation', { id });
    expect(detail.notes).toBe('Call back on Monday');
    expect(detail.events.at(-1)).toMatchObject({ type: 'note', text: ratingText(4) });

    // Someone else's conversation looks missing; a bad rating never reaches the server.
    expect(await call('conversation', { id: 'nope' })).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no such conversation.' } });
    expect(await call('rateCall', { callId: 'x', conversationId: id, rating: 6 })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    // Without the conversation id main finds it by the call's server id, or says there is none.
    const started = detail.events.find((e) => e.type === 'call.started') as { data?: { callId?: string } } | undefined;
    expect(started?.data?.callId).toBeTruthy();
    await value('rateCall', { callId: started!.data!.callId!, rating: 5 });
    expect((await value<{ events: Array<{ text: string }> }>('conversation', { id })).events.at(-1)?.text).toBe(ratingText(5));
    expect(await call('rateCall', { callId: 'unknown-call', rating: 3 })).toEqual({ ok: false, error: { code: 'no_conversation', message: 'This call has no conversation to rate.' } });
    expect(await call('updateConversation', { id })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
  });

  it('outbound check: mine → open-existing, bob\'s → refuse, nobody\'s → new', async () => {
    const mine = (await value<{ conversations: Array<{ id: string }> }>('myConversations')).conversations[0]!.id;
    expect(await value('outboundCheck', { to: '+15557654321' })).toEqual({ outcome: 'open-existing', conversationId: mine });
    expect(await value('outboundCheck', { to: '+81312345678' })).toEqual({ outcome: 'refuse', message: OUTBOUND_REFUSE_MESSAGE });
    expect(await value('outboundCheck', { to: '+81399998888' })).toEqual({ outcome: 'new' });
  });

  it('People search, account numbers and my queues', async () => {
    const jane = await value<{ people: Array<{ name: string }> }>('searchPeople', { query: 'jane' });
    expect(jane.people.map((p) => p.name)).toEqual(['Jane Doe']);
    const phonebook = await value<{ people: Array<{ name: string }> }>('searchPeople', { query: '', tag: 'external_number' });
    expect(phonebook.people.map((p) => p.name).sort()).toEqual(['Tokyo Partner Desk', '鈴木 法律事務所'].sort());
    expect((await value<{ numbers: Array<{ number: string }> }>('accountNumbers')).numbers.map((n) => n.number)).toEqual(['+81350001000', '+15550001000']);
    expect(await value('myQueues')).toEqual({ queues: [{ id: expect.any(String), name: 'support', displayName: 'Support' }] });
  });

  it('transfer targets (bob of my queue with live status) and the external check', async () => {
    const targets = await value<{ agents: Array<{ login: string; status: string; available: boolean }>; queues: Array<{ name: string }> }>('transferTargets');
    expect(targets.agents.map((a) => a.login)).toEqual(['bob']);
    expect(targets.agents[0]!.available).toBe(targets.agents[0]!.status === 'Available');
    expect(targets.queues.map((q) => q.name)).toEqual(['support']);
    // Queues without automatic assignment are not offered (§7.2).
    const sam = await login(c.url, 'sam');
    expect((await api(c.url, 'PATCH', '/api/queues/support/settings', sam, { autoAssignment: false })).status).toBe(200);
    expect((await value<{ queues: unknown[] }>('transferTargets')).queues).toEqual([]);
    expect((await api(c.url, 'PATCH', '/api/queues/support/settings', sam, { autoAssignment: true })).status).toBe(200);
    expect(await value('transferCheck', { target: 'Tokyo Partner Desk' })).toMatchObject({ ok: true, number: '+81355550199', added: false });
    expect(await call('transferCheck', { target: '+81399990000' })).toEqual({ ok: false, error: { code: 'not_in_phonebook', message: PHONEBOOK_NOT_FOUND_MESSAGE } });
  });
});
