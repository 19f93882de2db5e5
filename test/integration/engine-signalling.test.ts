// The softphone engine in plain Node against the real companion server (REST, event stream, SIP edge).
// A fake media host answers the engine's mediaRequests with a fixed SDP; customers are sip.js UAs with a
// fixed-SDP handler. Signalling only: real media is covered by the e2e tests in Chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SessionState } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, EventHub } from '../../src/shared/bridge.js';
import type { AppState, EventPayload } from '../../src/shared/contract.js';
import { createSoftphoneService, type SoftphoneService } from '../../src/main/services/app.js';
import { silentLogger } from '../../src/main/ports.js';
import { attachFakeMediaHost, startCustomer, until, type Customer, type FakeMediaHost } from '../../src/main/testing/sip-peers.js';
import { startCompanion } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';

type Companion = Awaited<ReturnType<typeof startCompanion>>;

let companion: Companion;
let dataDir: string;
let hub: EventHub;
let service: SoftphoneService;
let dispatch: ReturnType<typeof createDispatcher>;
let media: FakeMediaHost;
const notices: EventPayload<'notice'>[] = [];
const agentStatuses: EventPayload<'agentStatus'>[] = [];
const customers: Customer[] = [];
const ctx = { senderId: 'test' };

const state = (): AppState => service.getState();
/** Polls an async condition (a REST read) until it yields a truthy value. */
async function untilAsync<T>(fn: () => Promise<T | null | false | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function call<T = unknown>(method: string, args: unknown = {}): Promise<T> {
  const env = await dispatch(method, args, ctx);
  if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code });
  return env.value as T;
}

async function newCustomer(user = 'customer'): Promise<Customer> {
  const c = await startCustomer(companion.sipWebSocketUrl, `sip:${user}@${companion.sipDomain}`);
  customers.push(c);
  return c;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'engine-signalling-'));
  companion = await startCompanion({ host: '127.0.0.1', port: 0, dataDir, demo: true });
  // Short wrap-up so the countdown can be observed ending by itself.
  const sam = await login(companion.url, 'sam');
  const put = await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 3, allowExtension: true });
  expect(put.status).toBe(200);

  hub = new EventHub();
  hub.attach((event, payload) => {
    if (event === 'notice') notices.push(payload as EventPayload<'notice'>);
    if (event === 'agentStatus') agentStatuses.push(payload as EventPayload<'agentStatus'>);
  });
  service = createSoftphoneService({ hub, defaultCompanionUrl: companion.url, logger: silentLogger });
  dispatch = createDispatcher(service.handlers);
  media = attachFakeMediaHost(hub, (r) => service.handlers.mediaReply(r, { senderId: 'fake-media' }));
  await call('mediaReady');
});

afterEach(async () => {
  for (const c of customers.splice(0)) await c.stop();
});

afterAll(async () => {
  await service?.dispose();
  await companion?.close();
});

describe('engine ↔ companion signalling', () => {
  it('a wrong password fails with a clear message, leaves the state signed out, and the server stays healthy', async () => {
    const other = createSoftphoneService({ hub: new EventHub(), defaultCompanionUrl: companion.url, logger: silentLogger });
    try {
      const env = await createDispatcher(other.handlers)('signIn', { login: 'alice', password: 'not-her-password' }, ctx);
      expect(env).toEqual({ ok: false, error: { code: 'wrong_credentials', message: 'Wrong login or password.' } });
      expect(other.getState()).toMatchObject({ session: null, registration: { state: 'unregistered' } });
    } finally {
      await other.dispose();
    }
    const health = await api<{ status: string }>(companion.url, 'GET', '/api/health');
    expect(health.body.status).toBe('ok');
  });

  it('signs alice in and registers', async () => {
    const s = await call<AppState>('signIn', { login: 'alice', password: 'alice' });
    expect(s.session).toMatchObject({ login: 'alice', displayName: 'Alice', role: 'agent', companionUrl: companion.url });
    expect(s.registration).toEqual({ state: 'registered', reason: null });
    await call('setStatus', { status: 'Available' });
    expect(state().agentStatus).toBe('Available');
  });

  it('rings on a queue call, answers, hangs up, wraps up and finishes', async () => {
    const customer = await newCustomer();
    const { inviter } = await customer.call(`sip:support@${companion.sipDomain}`);
    const ringing = await until(() => (state().call?.phase === 'ringing' ? state().call : null), 'alice to ring');
    expect(ringing).toMatchObject({ direction: 'inbound', answeredAt: null });
    expect(ringing.queue).toMatch(/^support$/i);

    await call('answer', { callId: ringing.callId });
    await until(() => inviter.state === SessionState.Established, 'customer established');
    await until(() => state().call?.phase === 'active', 'agent active');
    // The media engine was asked for the answer to the customer's offer.
    expect(media.requests.some((r) => r.op === 'setDescription' && r.callId === ringing.callId)).toBe(true);
    expect(media.requests.some((r) => r.op === 'getDescription' && r.callId === ringing.callId)).toBe(true);

    await call('hangup', { callId: ringing.callId });
    await until(() => inviter.state === SessionState.Terminated, 'customer session terminated');
    const w = await until(() => state().wrapUp, 'wrap-up to start');
    expect(w).toMatchObject({ callId: ringing.callId, canExtend: true });
    expect(w.endsAt).toBeGreaterThan(Date.now());
    expect(state().call).toMatchObject({ phase: 'ended', endReason: 'Hung up' });
    expect(media.requests.some((r) => r.op === 'close' && r.callId === ringing.callId)).toBe(true);

    await call('extendWrapUp');
    expect(state().wrapUp!.endsAt).toBe(w.endsAt + 10_000);

    await call('finishWrapUp', { notes: 'Customer asked about invoices.', status: 'Solved' });
    expect(state().wrapUp).toBeNull();
    expect(state().call).toBeNull();
  });

  it('a caller CANCEL ends the ringing call as "Caller hung up" without wrap-up', async () => {
    const customer = await newCustomer();
    const { inviter } = await customer.call(`sip:support@${companion.sipDomain}`);
    const ringing = await until(() => (state().call?.phase === 'ringing' ? state().call : null), 'alice to ring');
    const seen: (AppState['call'])[] = [];
    const off = service.subscribe((s) => seen.push(s.call));
    await inviter.cancel();
    await until(() => state().call === null, 'call cleared');
    off();
    expect(seen.find((c) => c?.phase === 'ended')).toMatchObject({ callId: ringing.callId, endReason: 'Caller hung up' });
    expect(state().wrapUp).toBeNull();
  });

  it('the wrap-up countdown ends by itself; a second caller while active is refused with 486', async () => {
    const customer = await newCustomer();
    const { inviter } = await customer.call(`sip:support@${companion.sipDomain}`);
    const ringing = await until(() => (state().call?.phase === 'ringing' ? state().call : null), 'alice to ring');
    await call('answer', { callId: ringing.callId });
    await until(() => inviter.state === SessionState.Established && state().call?.phase === 'active', 'call active');

    // bob calls alice directly while she is in a call: declined as busy, her call is untouched.
    const bob = await startCustomer(companion.sipWebSocketUrl, `sip:bob@${companion.sipDomain}`, { login: 'bob', password: 'bob' });
    customers.push(bob);
    const second = await bob.call(`sip:alice@${companion.sipDomain}`);
    expect(await second.finalStatus).toBe(486);
    expect(state().call).toMatchObject({ callId: ringing.callId, phase: 'active' });
    expect(inviter.state).toBe(SessionState.Established);

    // The customer hangs up: wrap-up starts and ends on its own at endsAt.
    await inviter.bye();
    const w = await until(() => state().wrapUp, 'wrap-up to start');
    expect(state().call?.endReason).toBe('Caller hung up');
    await until(() => state().wrapUp === null && state().call === null, 'wrap-up to end by itself', 15_000);
    expect(Date.now()).toBeGreaterThanOrEqual(w.endsAt - 50);
  });

  it('follows the companion event stream for its own status', async () => {
    const token = await login(companion.url, 'alice');
    const put = await api(companion.url, 'PUT', '/api/me/status', token, { status: 'Away' });
    expect(put.status).toBe(200);
    await until(() => state().agentStatus === 'Away', 'status from the event stream');
    await call('setStatus', { status: 'Available' });
  });

  it('passes colleagues\' status changes on to the renderer (the transfer panel re-reads at once)', async () => {
    const bob = await login(companion.url, 'bob');
    const before = agentStatuses.length;
    expect((await api(companion.url, 'PUT', '/api/me/status', bob, { status: 'Away' })).status).toBe(200);
    const seen = await until(() => agentStatuses.slice(before).find((e) => e.login === 'bob'), 'bob\'s status event');
    expect(seen.status).toBe('Away');
    // Alice's own changes stay in the app state, not in this event.
    expect(agentStatuses.some((e) => e.login === 'alice')).toBe(false);
  });

  it('hold makes the agent "On hold" until resume (Busy again), and the conversation gets "Call on hold" (§3.4)', async () => {
    const token = await login(companion.url, 'alice');
    const meStatus = async () => (await api<{ status: string }>(companion.url, 'GET', '/api/me', token)).body.status;
    const customer = await newCustomer();
    const { inviter } = await customer.call(`sip:support@${companion.sipDomain}`);
    const ringing = await until(() => (state().call?.phase === 'ringing' ? state().call : null), 'alice to ring');
    await call('answer', { callId: ringing.callId });
    await until(() => inviter.state === SessionState.Established && state().call?.phase === 'active', 'call active');
    expect(await meStatus()).toBe('Busy');

    await call('hold', { callId: ringing.callId, on: true });
    expect(state().call?.held).toBe(true);
    await untilAsync(async () => (await meStatus()) === 'On hold', 'companion status On hold');
    await until(() => state().agentStatus === 'On hold', 'On hold from the event stream');

    await call('hold', { callId: ringing.callId, on: false });
    expect(state().call?.held).toBe(false);
    await untilAsync(async () => (await meStatus()) === 'Busy', 'companion status Busy after resume');

    // Queue calls carry their conversation id (X-header), so the resume posts the hold event to it.
    const conversationId = state().call?.conversationId;
    expect(conversationId).toBeTruthy();
    const events = async () => (await api<{ events: { type: string; text: string }[] }>(companion.url, 'GET', `/api/conversations/${conversationId}`, token)).body.events;
    const held = await untilAsync(async () => (await events()).find((e) => e.type === 'call.hold') ?? null, 'the hold event');
    expect(held.text).toMatch(/^Call on hold \(\d+:\d{2}\)$/);

    await call('hangup', { callId: ringing.callId });
    await until(() => state().wrapUp, 'wrap-up to start');
    await call('finishWrapUp', {});
    await call('setStatus', { status: 'Available' });
  });

  it('permission denied on answer ends the call and tells the agent', async () => {
    const customer = await newCustomer();
    const { inviter, finalStatus } = await customer.call(`sip:support@${companion.sipDomain}`);
    const ringing = await until(() => (state().call?.phase === 'ringing' ? state().call : null), 'alice to ring');
    media.failNext.getDescription = 'permission_denied';
    try {
      const env = await dispatch('answer', { callId: ringing.callId }, ctx);
      expect(env).toEqual({ ok: false, error: { code: 'permission_denied', message: 'Permission to use camera and/or microphone was denied.' } });
    } finally {
      delete media.failNext.getDescription;
    }
    expect(notices).toContainEqual({ level: 'error', code: 'permission_denied', message: 'Permission to use camera and/or microphone was denied.' });
    await until(() => state().call === null, 'call cleared');
    expect(state().wrapUp).toBeNull();
    // The queue may ring the next agent; either way this customer's INVITE was not answered by alice.
    expect(inviter.state).not.toBe(SessionState.Established);
    void finalStatus;
  });

  it('recovers the registration by itself when the companion restarts', async () => {
    const port = Number(new URL(companion.url).port);
    await companion.close();
    await until(() => state().registration.state !== 'registered', 'the registration to drop');
    expect(state().registration.reason).toBe('Cannot reach the SIP server.');
    companion = await startCompanion({ host: '127.0.0.1', port, dataDir, demo: true });
    await until(() => state().registration.state === 'registered', 'the registration to come back', 30_000);
    expect(state().session?.login).toBe('alice');
  });

  it('signs out: un-REGISTERs and resets the state', async () => {
    await call('signOut');
    expect(state()).toMatchObject({ session: null, registration: { state: 'unregistered' }, call: null, wrapUp: null });
    const sam = await login(companion.url, 'sam');
    const agents = await api<{ agents: { login: string; registered: boolean }[] }>(companion.url, 'GET', '/api/agents', sam);
    expect(agents.body.agents.find((a) => a.login === 'alice')?.registered).toBe(false);
  });

  it('signs in again after signing out (a second session on the same service)', async () => {
    const s = await call<AppState>('signIn', { login: 'alice', password: 'alice' });
    expect(s.registration.state).toBe('registered');
    await call('signOut');
    expect(state().registration.state).toBe('unregistered');
  });
});
