// Contact-center core with the real companion: conversations created/joined on answer (workload fed to
// the ACD, X-Conversation-Id, People names), wrap-up notes, timeline events, People, outbound checks,
// transfer phonebook rules, working hours (nobody rings), and auth/role checks on every new route.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompanionHandle } from '../../src/server/app.js';
import { SIP_HEADER } from '../../src/shared/sip-headers.js';
import { OUTBOUND_REFUSE_MESSAGE, PHONEBOOK_NOT_FOUND_MESSAGE, type Conversation, type ConversationDetail, type Person } from '../../src/shared/companion-cc.js';
import { api } from '../support/companion-api.js';
import { useContactCenter } from './contact-center-fixture.js';
import { SessionState, waitForState } from './server-sip-ua.js';

type AgentRow = { login: string; status: string; inCall: boolean };

describe('contact center', () => {
  const cc = useContactCenter('companion-cc');
  const { t, phone, status, agent } = cc;
  let c: CompanionHandle;
  beforeAll(() => { c = cc.c; });
  const agentRow = async (user: string) => (await api<{ agents: AgentRow[] }>(c.url, 'GET', '/api/agents', t.sam)).body.agents.find((a) => a.login === user)!;
  const idle = async (user: string) => {
    await expect.poll(async () => (await agentRow(user)).inCall, { timeout: 10_000 }).toBe(false);
  };

  let yamadaConversation = '';

  it('an answered queue call creates a conversation assigned to the agent, with the People name; wrap-up saves notes and status', async () => {
    const alice = await agent('alice');
    await status('bob', 'Away');
    // The caller's own display name loses to the People entry for the number.
    const customer = await phone('+81312345678', { displayName: 'Someone' });
    const { inviter } = customer.call('support');
    const inv = await alice.nextInvitation();
    expect(decodeURIComponent(inv.request.getHeader(SIP_HEADER.customerName) ?? '')).toBe('山田 太郎');
    expect(inv.request.getHeader(SIP_HEADER.conversationId)).toBeUndefined();
    await inv.accept();
    await waitForState(inviter, SessionState.Established);

    await expect.poll(async () => (await api<{ conversations: Conversation[] }>(c.url, 'GET', '/api/conversations', t.alice)).body.conversations, { timeout: 10_000 })
      .toHaveLength(1);
    const list = (await api<{ conversations: Conversation[] }>(c.url, 'GET', '/api/conversations', t.alice)).body.conversations;
    const conv = list[0]!;
    expect(conv).toMatchObject({ customerNumber: '+81312345678', customerName: '山田 太郎', status: 'Open' });
    yamadaConversation = conv.id;
    expect((await agentRow('alice')).inCall).toBe(true);

    await inviter.bye();
    await waitForState(inv, SessionState.Terminated);
    await idle('alice');
    // The server's wrap-up carries the conversation; the agent's notes and status land on it.
    const me = await api<{ callId: string }>(c.url, 'POST', '/api/me/wrapup/start', t.alice, { callId: inv.request.getHeader(SIP_HEADER.companionCallId) });
    expect(me.status).toBe(200);
    expect((await api(c.url, 'POST', '/api/me/wrapup/finish', t.alice, { notes: 'Asked about the invoice.', status: 'Waiting' })).status).toBe(204);
    const detail = await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${conv.id}`, t.alice);
    expect(detail.body).toMatchObject({ status: 'Waiting', notes: 'Asked about the invoice.', assigneeId: expect.any(String) });
    expect(detail.body.events.map((e) => e.type)).toEqual(['call.started', 'call.ended']);
    expect(detail.body.events[1]!.text).toMatch(/^Call ended \(\d+:\d\d\)$/);
  });

  it('a follow-up call joins the open conversation (X-Conversation-Id); workload sends the next new customer to the other agent', async () => {
    const alice = await agent('alice');
    const bob = await agent('bob');
    // alice has 1 open conversation, bob 0: bob rings first although alice sorts first by login.
    const other = await phone('+819011112222');
    const first = other.call('support');
    const b = await bob.nextInvitation();
    expect(alice.hasPendingInvitation()).toBe(false);
    await first.inviter.cancel();
    await waitForState(b, SessionState.Terminated);

    await status('bob', 'Away');
    const customer = await phone('+81312345678');
    const { inviter } = customer.call('support');
    const inv = await alice.nextInvitation();
    expect(inv.request.getHeader(SIP_HEADER.conversationId)).toBe(yamadaConversation);
    await inv.accept();
    await waitForState(inviter, SessionState.Established);
    await inviter.bye();
    await idle('alice');
    const list = (await api<{ conversations: Conversation[] }>(c.url, 'GET', '/api/conversations', t.alice)).body.conversations;
    expect(list.map((x) => x.id)).toEqual([yamadaConversation]);
    await expect.poll(async () => (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${yamadaConversation}`, t.alice)).body.events.length).toBe(4);
  });

  it('conversation access, PATCH and desktop-reported events', async () => {
    expect((await api(c.url, 'GET', `/api/conversations/${yamadaConversation}`, t.bob)).status).toBe(404);
    expect((await api<{ conversations: Conversation[] }>(c.url, 'GET', '/api/conversations', t.bob)).body.conversations).toEqual([]);
    expect((await api<{ conversations: Conversation[] }>(c.url, 'GET', '/api/conversations', t.sam)).body.conversations.map((x) => x.id)).toContain(yamadaConversation);
    expect((await api(c.url, 'PATCH', `/api/conversations/${yamadaConversation}`, t.bob, { status: 'Closed' })).status).toBe(404);
    const bad = await api<{ error: { message: string } }>(c.url, 'PATCH', `/api/conversations/${yamadaConversation}`, t.alice, { status: 'Done' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"status" must be one of: Open, Waiting, Solved, Closed.');
    const hold = await api(c.url, 'POST', `/api/conversations/${yamadaConversation}/events`, t.alice, { type: 'call.hold', callId: 'x', startedAt: 1000, endedAt: 66_000 });
    expect(hold.status).toBe(201);
    const d = (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${yamadaConversation}`, t.alice)).body;
    expect(d.events.at(-1)).toMatchObject({ type: 'call.hold', text: 'Call on hold (1:05)', data: { durationMs: 65_000 } });
  });

  it('outbound check: mine → open-existing; another agent\'s → refuse; none → new; account numbers', async () => {
    expect((await api(c.url, 'POST', '/api/outbound/check', t.alice, { to: '+81312345678' })).body).toEqual({ outcome: 'open-existing', conversationId: yamadaConversation });
    expect((await api(c.url, 'POST', '/api/outbound/check', t.bob, { to: '+81312345678' })).body).toEqual({ outcome: 'refuse', message: OUTBOUND_REFUSE_MESSAGE });
    expect((await api(c.url, 'POST', '/api/outbound/check', t.bob, { to: '+81399998888' })).body).toEqual({ outcome: 'new' });
    const bad = await api<{ error: { message: string } }>(c.url, 'POST', '/api/outbound/check', t.bob, { to: '0312345678' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Enter the number in international E.164 format, e.g. +81312345678.');
    const numbers = await api<{ numbers: Array<{ number: string }> }>(c.url, 'GET', '/api/numbers', t.bob);
    expect(numbers.body.numbers.map((n) => n.number)).toContain('+81350001000');
    // Closed conversations do not block anyone.
    expect((await api(c.url, 'PATCH', `/api/conversations/${yamadaConversation}`, t.alice, { status: 'Closed' })).status).toBe(200);
    expect((await api(c.url, 'POST', '/api/outbound/check', t.bob, { to: '+81312345678' })).body).toEqual({ outcome: 'new' });
  });

  it('People: search by name or number prefix, lookup, add (agent), edit and delete (supervisor)', async () => {
    const search = async (q: string) => (await api<{ people: Person[] }>(c.url, 'GET', `/api/people?query=${encodeURIComponent(q)}`, t.alice)).body.people.map((p) => p.name);
    expect(await search('山田')).toEqual(['山田 太郎']);
    expect(await search('+8190')).toEqual(['佐藤 花子']);
    expect(await search('81355550')).toEqual(expect.arrayContaining(['佐藤 花子', 'Tokyo Partner Desk']));
    expect(await search('jane')).toEqual(['Jane Doe']);
    expect(await search('%')).toEqual([]);
    const tagged = await api<{ people: Person[] }>(c.url, 'GET', '/api/people?tag=external_number', t.alice);
    expect(tagged.body.people).toHaveLength(2);
    expect((await api<{ person: Person | null }>(c.url, 'GET', '/api/people/lookup?number=%2B81312345678', t.bob)).body.person?.name).toBe('山田 太郎');
    expect((await api<{ person: Person | null }>(c.url, 'GET', '/api/people/lookup?number=%2B10000000000', t.bob)).body.person).toBeNull();

    const added = await api<Person>(c.url, 'POST', '/api/people', t.alice, { name: '田中 一郎', numbers: ['+81311112222'], tags: ['customer'] });
    expect(added.status).toBe(201);
    const badNumber = await api<{ error: { message: string } }>(c.url, 'POST', '/api/people', t.alice, { name: 'X', numbers: ['12'] });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.error.message).toContain('E.164');
    expect((await api(c.url, 'PATCH', `/api/people/${added.body.id}`, t.alice, { name: 'Y' })).status).toBe(403);
    expect((await api(c.url, 'DELETE', `/api/people/${added.body.id}`, t.alice)).status).toBe(403);
    expect((await api<Person>(c.url, 'PATCH', `/api/people/${added.body.id}`, t.sam, { tags: ['vip'] })).body.tags).toEqual(['vip']);
    expect((await api(c.url, 'DELETE', `/api/people/${added.body.id}`, t.sam)).status).toBe(204);
    expect((await api(c.url, 'GET', `/api/people/${added.body.id}`, t.sam)).status).toBe(404);
  });

  it('transfer targets and the phonebook rule for external numbers', async () => {
    await status('alice', 'Available');
    await status('bob', 'Away');
    const targets = await api<{ agents: Array<{ login: string; status: string }>; queues: Array<{ name: string }> }>(c.url, 'GET', '/api/transfer/targets', t.alice);
    expect(targets.body.agents.map((a) => a.login)).toEqual(['bob']);
    expect(targets.body.queues.map((q) => q.name)).toEqual(['support']);
    // A queue without auto-assignment is not offered.
    expect((await api(c.url, 'PATCH', '/api/queues/support/settings', t.sam, { autoAssignment: false })).status).toBe(200);
    expect((await api<{ queues: unknown[] }>(c.url, 'GET', '/api/transfer/targets', t.alice)).body.queues).toEqual([]);
    expect((await api(c.url, 'PATCH', '/api/queues/support/settings', t.sam, { autoAssignment: true })).status).toBe(200);

    const ok = await api<{ number: string; added: boolean }>(c.url, 'GET', `/api/transfer/check?target=${encodeURIComponent('Tokyo Partner Desk')}`, t.alice);
    expect(ok.body).toMatchObject({ number: '+81355550199', added: false });
    const missing = await api<{ error: { code: string; message: string } }>(c.url, 'GET', '/api/transfer/check?target=%2B81344445555', t.alice);
    expect(missing.status).toBe(403);
    expect(missing.body.error.message).toBe(PHONEBOOK_NOT_FOUND_MESSAGE);
    expect((await api(c.url, 'PUT', '/api/settings/transfer', t.alice, { allowNumbersNotInPeople: true })).status).toBe(403);
    expect((await api(c.url, 'PUT', '/api/settings/transfer', t.sam, { allowNumbersNotInPeople: true })).status).toBe(200);
    const added = await api<{ number: string; added: boolean; person: Person }>(c.url, 'GET', '/api/transfer/check?target=%2B81344445555', t.alice);
    expect(added.body).toMatchObject({ number: '+81344445555', added: true, person: { tags: ['external_number'] } });
    expect((await api<{ person: Person }>(c.url, 'GET', '/api/people/lookup?number=%2B81344445555', t.alice)).body.person.tags).toEqual(['external_number']);
  });

  it('outside working hours nobody rings: 480 Outside working hours', async () => {
    const closed = { enabled: true, timeZone: 'Asia/Tokyo', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, exceptions: [] };
    const bad = await api<{ error: { message: string } }>(c.url, 'PATCH', '/api/queues/support/settings', t.sam, { workingHours: { ...closed, timeZone: 'Nowhere/City' } });
    expect(bad.body.error.message).toBe('Unknown time zone.');
    expect((await api(c.url, 'PATCH', '/api/queues/support/settings', t.sam, { workingHours: closed })).status).toBe(200);
    expect((await api<{ openNow: boolean }>(c.url, 'GET', '/api/queues/support/settings', t.alice)).body.openNow).toBe(false);
    const alice = await agent('alice');
    const customer = await phone('guest-closed');
    const { result } = customer.call('support');
    expect((await result).status).toBe(480);
    expect(alice.hasPendingInvitation()).toBe(false);
    expect((await agentRow('alice')).status).toBe('Available');
    const open = { ...closed, enabled: false };
    expect((await api(c.url, 'PATCH', '/api/queues/support/settings', t.sam, { workingHours: open })).status).toBe(200);
    const again = customer.call('support');
    const inv = await alice.nextInvitation();
    await again.inviter.cancel();
    await waitForState(inv, SessionState.Terminated);
  });

  it('the waiting strategy of the queue sets the maximum wait: nobody eligible → 480 after it', async () => {
    const strategy = {
      name: 'Short', appliesTo: ['support'], maxWaitSeconds: 10,
      greeting: { enabled: false, source: null }, musicOnHold: { enabled: false, audioId: null },
      announcement: { enabled: false, source: null }, maxWaitMessage: { enabled: false, source: null },
    };
    const created = await api<{ id: string }>(c.url, 'POST', '/api/settings/waiting-strategies', t.sam, strategy);
    expect(created.status).toBe(201);
    await status('alice', 'Away');
    await status('bob', 'Away');
    const customer = await phone('guest-wait');
    const { result } = customer.call('support');
    // Stopped by the strategy (10 s): the 300 s startup default would outlast this test's own timeout.
    expect((await result).status).toBe(480);
    expect((await api(c.url, 'DELETE', `/api/settings/waiting-strategies/${created.body.id}`, t.sam)).status).toBe(204);
  }, 40_000);

  it('every new route needs a token; supervisor routes refuse agents', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/api/conversations'], ['GET', '/api/conversations/x'], ['PATCH', '/api/conversations/x'], ['POST', '/api/conversations/x/events'],
      ['GET', '/api/people'], ['GET', '/api/people/lookup?number=1'], ['POST', '/api/people'], ['PATCH', '/api/people/x'], ['DELETE', '/api/people/x'],
      ['POST', '/api/outbound/check'], ['GET', '/api/numbers'], ['GET', '/api/transfer/targets'], ['GET', '/api/transfer/check?target=x'],
      ['GET', '/api/settings/transfer'], ['PUT', '/api/settings/transfer'], ['PUT', '/api/settings/numbers'],
      ['GET', '/api/queues/support/settings'], ['PATCH', '/api/queues/support/settings'],
    ];
    for (const [m, r] of routes) expect((await api(c.url, m, r, undefined, m === 'GET' || m === 'DELETE' ? undefined : {})).status, `${m} ${r}`).toBe(401);
    for (const [m, r] of [['GET', '/api/settings/transfer'], ['PUT', '/api/settings/numbers'], ['PATCH', '/api/queues/support/settings']] as const) {
      expect((await api(c.url, m, r, t.alice, m === 'GET' ? undefined : {})).status, `${m} ${r}`).toBe(403);
    }
  });
});
