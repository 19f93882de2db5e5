// The softphone service (engine in plain Node, fake media host) against the real companion and a SIPp
// carrier: `dial` with the §8.3 options ends in the conversation the server created, the CallInfo carries
// its id, and the wrap-up notes land there; `transfer` with a From choice sets the external caller ID.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SessionState } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, EventHub } from '../../src/shared/bridge.js';
import type { AppState, EventPayload } from '../../src/shared/contract.js';
import type { ConversationDetail } from '../../src/shared/companion-cc.js';
import { createSoftphoneService, type SoftphoneService } from '../../src/main/services/app.js';
import { silentLogger } from '../../src/main/ports.js';
import { attachFakeMediaHost, startCustomer, until, type Customer } from '../../src/main/testing/sip-peers.js';
import { startCompanion } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';
import { freePort } from '../support/ports.js';
import { HAS_SIPP, sippCarrier } from '../support/sipp-carrier.js';

type Companion = Awaited<ReturnType<typeof startCompanion>>;

describe.skipIf(!HAS_SIPP)('engine: outbound options and transfer caller ID, end to end', () => {
  let companion: Companion;
  let service: SoftphoneService;
  let dispatch: ReturnType<typeof createDispatcher>;
  let sam = '';
  let trunkPort = 0;
  let mediaPort = 0;
  const customers: Customer[] = [];
  const notices: EventPayload<'notice'>[] = [];
  const ctx = { senderId: 'test' };
  const state = (): AppState => service.getState();
  const call = async <T = unknown>(method: string, args: unknown = {}): Promise<T> => {
    const env = await dispatch(method, args, ctx);
    if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code });
    return env.value as T;
  };
  const detail = async (id: string) => (await api<ConversationDetail>(companion.url, 'GET', `/api/conversations/${id}`, sam)).body;

  beforeAll(async () => {
    companion = await startCompanion({ host: '127.0.0.1', port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'engine-outbound-')), demo: true, sipPort: 0 });
    sam = await login(companion.url, 'sam');
    [trunkPort, mediaPort] = [await freePort(), await freePort()];
    expect((await api(companion.url, 'PUT', '/api/settings/trunk', sam, { trunk: { host: '127.0.0.1', port: trunkPort } })).status).toBe(200);
    expect((await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 60, allowExtension: false })).status).toBe(200);
    const hub = new EventHub();
    hub.attach((event, payload) => {
      if (event === 'notice') notices.push(payload as EventPayload<'notice'>);
    });
    service = createSoftphoneService({ hub, defaultCompanionUrl: companion.url, logger: silentLogger });
    dispatch = createDispatcher(service.handlers);
    attachFakeMediaHost(hub, (r) => service.handlers.mediaReply(r, { senderId: 'fake-media' }));
    await call('mediaReady');
    await call('signIn', { login: 'alice', password: 'alice' });
    await until(() => state().registration.state === 'registered', 'alice registered');
    await call('setStatus', { status: 'Available' });
  });
  afterEach(async () => {
    for (const c of customers.splice(0)) await c.stop();
  });
  afterAll(async () => {
    await service?.dispose();
    await companion?.close();
  });

  it('bad options are refused at the bridge and nothing is dialled', async () => {
    for (const bad of [{ from: '0312345678' }, { priority: 'whenever' }, { tags: ['NOT OK'] }, { queue: 'a\r\nVia: x' }, { conversationId: 'x;y' }]) {
      await expect(call('dial', { target: '+15557654321', ...bad })).rejects.toThrow();
    }
    expect(state().call).toBeNull();
  });

  it('dial with From, queue, priority and tags: the call joins the new conversation; wrap-up notes land there', async () => {
    const sipp = sippCarrier(trunkPort, mediaPort);
    try {
      const { callId } = await call<{ callId: string }>('dial', { target: '+15557654321', from: '+15550001000', queue: 'support', priority: 'urgent', tags: ['vip'] });
      const active = await until(() => (state().call?.phase === 'active' && state().call?.conversationId ? state().call : null), 'answered with a conversation');
      const conversationId = active.conversationId!;
      expect(sipp.invite()).toMatch(/^From:\s*<sip:\+15550001000@/m);
      const d = await detail(conversationId);
      expect(d).toMatchObject({ customerNumber: '+15557654321', customerName: 'Jane Doe' });
      expect(d.events.find((e) => e.type === 'call.started')?.data).toMatchObject({ priority: 'urgent', tags: ['vip'], from: '+15550001000' });

      await call('hangup', { callId });
      expect(await sipp.exited, sipp.output()).toBe(0);
      const w = await until(() => state().wrapUp, 'wrap-up');
      expect(w.conversationId).toBe(conversationId);
      await call('finishWrapUp', { notes: 'Outbound: confirmed the delivery date.' });
      expect((await detail(conversationId)).notes).toContain('Outbound: confirmed the delivery date.');
    } finally {
      sipp.kill();
    }
  });

  it('a call the server refuses (From not an account number) ends and creates no conversation', async () => {
    await call('dial', { target: '+15550009999', from: '+19995550000' }).catch(() => undefined);
    await until(() => state().call === null, 'the refused call to clear');
    // The agent is told why, in words the desktop translates (notice code → i18n key).
    expect(notices.find((n) => n.code === 'outbound_from_not_allowed')).toMatchObject({ level: 'error', message: "The From number is not one of the account's numbers." });
    const all = (await api<{ conversations: { customerNumber: string | null }[] }>(companion.url, 'GET', '/api/conversations', sam)).body.conversations;
    expect(all.filter((c) => c.customerNumber === '+15550009999')).toHaveLength(0);
  });

  it("transfer of a WebRTC customer to an external number uses the agent's From choice", async () => {
    const customer = await startCustomer(companion.sipWebSocketUrl, `sip:web-guest@${companion.sipDomain}`);
    customers.push(customer);
    const { inviter } = await customer.call(`sip:support@${companion.sipDomain}`);
    const ringing = await until(() => (state().call?.phase === 'ringing' ? state().call : null), 'alice to ring');
    await call('answer', { callId: ringing.callId });
    await until(() => inviter.state === SessionState.Established, 'customer established');
    const sipp = sippCarrier(trunkPort, mediaPort);
    try {
      await call('transfer', { callId: ringing.callId, target: '+81355550199', from: '+15550001000' });
      // This scripted customer records the REFER; it follows it here (a real customer page does so itself).
      const referTo = await until(() => customer.refers[0], 'the REFER to reach the customer');
      const out = await customer.call(referTo);
      expect(await out.finalStatus).toBe(200);
      await until(() => sipp.invite(), 'the carrier to receive the INVITE');
      expect(sipp.invite()).toMatch(/^P-Asserted-Identity:\s*<sip:\+15550001000@/im);
      await customer.stop();
      expect(await sipp.exited, sipp.output()).toBe(0);
    } finally {
      sipp.kill();
    }
    await until(() => state().wrapUp, 'wrap-up after the transfer');
    await call('finishWrapUp', {});
  });
});
