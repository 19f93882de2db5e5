// The engine's call scenarios against our companion SIP edge — the same list the Kamailio suite
// (engine-kamailio.test.ts) runs against a third-party server: hold/resume by re-INVITE, mute, DTMF both
// ways (RFC 4733 via the renderer, SIP INFO fallback, INFO from the far end), REFER transfer refused and
// accepted, dial out (answered, rejected), early media + Cancel, second call 486, caller CANCEL, and the
// page reload while dialing. Registration, wrong password, reconnection after a cut and the keep-alive are
// in engine-signalling.test.ts and engine-reconnect.test.ts (which runs against both servers).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SessionState } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../src/shared/bridge.js';
import type { EventPayload } from '../../src/shared/contract.js';
import { consoleLogger, silentLogger, systemClock } from '../../src/main/ports.js';
import { SipEngine } from '../../src/main/services/sip/engine.js';
import { MediaBroker } from '../../src/main/services/sip/media-broker.js';
import { StateStore } from '../../src/main/services/state/state-store.js';
import { attachFakeMediaHost, startCustomer, until, type Customer, type FakeMediaHost } from '../../src/main/testing/sip-peers.js';
import { startCompanion } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';

type Companion = Awaited<ReturnType<typeof startCompanion>>;

let companion: Companion;
let store: StateStore;
let engine: SipEngine;
let media: FakeMediaHost;
const notices: EventPayload<'notice'>[] = [];
const customers: Customer[] = [];
const ended: string[] = [];

async function setStatus(user: string, status: string) {
  const token = await login(companion.url, user);
  const r = await api(companion.url, 'PUT', '/api/me/status', token, { status });
  if (r.status !== 200) throw new Error(`status ${user}: ${r.status}`);
}

async function customer(user: string, auth = false): Promise<Customer> {
  const c = await startCustomer(companion.sipWebSocketUrl, `sip:${user}@${companion.sipDomain}`, auth ? { login: user, password: user } : {});
  customers.push(c);
  return c;
}

/** A customer calls the `support` queue; alice rings. */
async function ringingCall(user = 'cust1') {
  await setStatus('alice', 'Available');
  const c = await customer(user);
  const placed = await c.call(`sip:support@${companion.sipDomain}`);
  const ringing = await until(() => (store.get().call?.phase === 'ringing' ? store.get().call : null), 'alice to ring', 15_000);
  return { c, ...placed, callId: ringing.callId };
}

async function activeCall(user = 'cust1') {
  const r = await ringingCall(user);
  await engine.answer(r.callId);
  await until(() => r.inviter.state === SessionState.Established && store.get().call?.phase === 'active', 'call to be active');
  return { ...r, sdh: r.inviter.sessionDescriptionHandler as unknown as { remote: string[] } };
}

/** bob as a plain SIP phone registered with the companion (alice dials him agent-to-agent). */
async function bob() {
  // Away: reachable directly (an Offline agent gets 480) but never offered the queue's calls.
  await setStatus('bob', 'Away');
  const b = await customer('bob', true);
  await b.register();
  return b;
}

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'engine-companion-interop-'));
  companion = await startCompanion({ host: '127.0.0.1', port: 0, dataDir, demo: true });
  // No wrap-up between scenarios: every test starts with alice free (wrap-up has its own tests).
  const sam = await login(companion.url, 'sam');
  expect((await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: false, seconds: 30, allowExtension: false })).status).toBe(200);
  const hub = new EventHub();
  store = new StateStore(hub);
  const broker = new MediaBroker((req) => hub.emit('mediaRequest', req), systemClock);
  engine = new SipEngine({
    store,
    broker,
    clock: systemClock,
    logger: process.env.ENGINE_DEBUG ? consoleLogger('engine') : silentLogger,
    notify: (n) => notices.push(n),
    onAnsweredCallEnded: (call) => {
      ended.push(call.endReason ?? '');
      store.dispatchCall({ type: 'cleared', callId: call.callId });
    },
  });
  media = attachFakeMediaHost(hub, (r) => broker.reply(r));
  await engine.start({
    wsUrl: companion.sipWebSocketUrl, domain: companion.sipDomain, uri: `sip:alice@${companion.sipDomain}`, login: 'alice', password: 'alice', displayName: 'Alice',
  });
});

afterEach(async () => {
  for (const c of customers.splice(0)) await c.stop();
  await until(() => store.get().call === null, 'the call slot to be free', 5_000).catch(() => undefined);
});

afterAll(async () => {
  await engine?.stop();
  await companion?.close();
});

describe('engine ↔ companion SIP edge: call scenarios', () => {
  it('declines a second call with 486 and keeps the first one active', async () => {
    const first = await activeCall('cust1');
    // Straight to alice (agent-to-agent from bob), so the edge cannot keep it away: the engine answers 486.
    const b = await bob();
    const second = await b.call(`sip:alice@${companion.sipDomain}`);
    expect(await second.finalStatus).toBe(486);
    expect(store.get().call).toMatchObject({ callId: first.callId, phase: 'active' });
    expect(first.inviter.state).toBe(SessionState.Established);
    await engine.hangup(first.callId);
    await until(() => first.inviter.state === SessionState.Terminated, 'first call to end');
    expect(ended.at(-1)).toBe('Hung up');
  });

  it('holds and resumes by re-INVITE (sendonly offer from the media engine), mutes through the renderer', async () => {
    const { callId, sdh } = await activeCall('cust-hold');
    const before = sdh.remote.length;
    await engine.hold(callId, true);
    expect(store.get().call?.held).toBe(true);
    expect(sdh.remote.length).toBe(before + 1);
    expect(sdh.remote.at(-1)).toContain('a=sendonly');
    await engine.hold(callId, false);
    expect(store.get().call?.held).toBe(false);
    expect(sdh.remote.at(-1)).toContain('a=sendrecv');
    await engine.mute(callId, true);
    expect(store.get().call?.muted).toBe(true);
    expect(media.requests.at(-1)).toMatchObject({ op: 'setMute', muted: true, callId });
    await engine.hangup(callId);
  });

  it('DTMF both ways: RFC 4733 via the renderer, SIP INFO fallback, INFO from the far end accepted', async () => {
    const { callId, c, inviter } = await activeCall('cust-dtmf');
    await engine.sendDtmf(callId, '12#');
    expect(media.requests.at(-1)).toMatchObject({ op: 'sendDtmf', tones: '12#', callId });
    expect(c.infos).toHaveLength(0);
    media.failNext.sendDtmf = 'dtmf_unavailable: no RFC 4733 sender';
    try {
      await engine.sendDtmf(callId, '5*');
    } finally {
      delete media.failNext.sendDtmf;
    }
    expect(c.infos).toEqual(['Signal=5\r\nDuration=100', 'Signal=*\r\nDuration=100']);

    const status = await new Promise<number>((resolve, reject) => {
      inviter
        .info({
          requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 0), onReject: (r) => resolve(r.message.statusCode ?? 0) },
          requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: 'Signal=9\r\nDuration=100' } },
        })
        .catch(reject);
    });
    expect(status).toBe(200);
    expect(store.get().call).toMatchObject({ callId, phase: 'active' });
    await engine.hangup(callId);
  });

  it('a refused transfer keeps the call and says so; an accepted one ends our leg', async () => {
    // The edge authorises the target itself (registered, Available, a shared queue) before the REFER
    // reaches the customer; bob becomes Available only once alice holds the queue call.
    await bob();
    const { callId, c, inviter } = await activeCall('cust-transfer');
    await setStatus('bob', 'Available');
    c.rejectRefers = true;
    await expect(engine.transfer(callId, 'bob')).rejects.toMatchObject({ code: 'transfer_failed', message: 'The call cannot be transferred.' });
    expect(notices.at(-1)).toEqual({ level: 'error', code: 'transfer_failed', message: 'The call cannot be transferred.' });
    expect(store.get().call?.phase).toBe('active');

    c.rejectRefers = false;
    await engine.transfer(callId, 'bob');
    // The edge may rewrite Refer-To (a one-time transfer token); it still names bob's domain.
    expect(c.refers.at(-1)).toContain(companion.sipDomain);
    expect(notices.at(-1)).toMatchObject({ level: 'info', code: 'transfer_accepted' });
    await until(() => inviter.state === SessionState.Terminated, 'our leg to end');
    await until(() => ended.at(-1) === 'Transferred', 'end reason Transferred');
  });

  it('dials out: dialing → active → remote hangs up; a rejected call ends with a readable reason', async () => {
    const b = await bob();
    const { callId } = await engine.dial('bob');
    expect(store.get().call).toMatchObject({ callId, direction: 'outbound', phase: 'dialing', customerNumber: 'bob' });
    await expect(engine.dial('carol')).rejects.toMatchObject({ code: 'busy' });
    const incoming = await until(() => b.incoming[0], 'bob to receive the call');
    await incoming.accept();
    await until(() => store.get().call?.phase === 'active', 'outbound call active');
    await incoming.bye();
    await until(() => store.get().call === null, 'call over');
    expect(ended.at(-1)).toBe('Remote party hung up');

    const seen: (string | null)[] = [];
    const off = store.subscribe((s) => seen.push(s.call?.endReason ?? null));
    await engine.dial('bob');
    const second = await until(() => b.incoming[1], 'bob to receive the second call');
    await second.reject({ statusCode: 486 });
    await until(() => store.get().call === null, 'call cleared');
    off();
    expect(seen).toContain('Busy');
  });

  it('dials out with early media: the 183 answer reaches the media engine while dialing; Cancel while ringing', async () => {
    const seen: (string | null)[] = [];
    const off = store.subscribe((s) => seen.push(s.call?.endReason ?? null));
    const b = await bob();
    const { callId } = await engine.dial('bob');
    const incoming = await until(() => b.incoming[0], 'bob to receive the call');
    await incoming.progress({ statusCode: 183 });
    await until(() => media.requests.some((r) => r.op === 'setDescription' && r.callId === callId), 'early media SDP to reach the renderer');
    expect(store.get().call).toMatchObject({ callId, phase: 'dialing' });
    await engine.hangup(callId);
    await until(() => incoming.state === SessionState.Terminated, 'bob to see the CANCEL');
    await until(() => store.get().call === null, 'call cleared');
    off();
    expect(seen).toContain('Cancelled');
  });

  it('a page reload while dialing with early media: media is rebuilt by an ICE-restart re-INVITE after the answer', async () => {
    const b = await bob();
    const { callId } = await engine.dial('bob');
    const incoming = await until(() => b.incoming[0], 'bob to receive the call');
    await incoming.progress({ statusCode: 183 });
    await until(() => media.requests.some((r) => r.op === 'setDescription' && r.callId === callId), 'early media SDP to reach the renderer');
    // Hold is not possible before the answer (no confirmed dialog to re-INVITE in): refused, nothing sent.
    const beforeHold = media.requests.length;
    await expect(engine.hold(callId, true)).rejects.toMatchObject({ code: 'no_such_call', message: 'There is no active call to hold.' });
    expect(media.requests.length).toBe(beforeHold);
    engine.mediaHostChanged();
    const mark = media.requests.length;
    await incoming.accept();
    await until(() => store.get().call?.phase === 'active', 'outbound call active');
    const after = () => media.requests.slice(mark).filter((r) => r.callId === callId);
    await until(() => after().some((r) => r.op === 'setDescription'), "bob's answer to the restart offer", 15_000);
    const ops = after().map((r) => (r.op === 'getDescription' ? `get${r.options.iceRestart ? '+restart' : ''}` : r.op));
    const firstAnswer = ops.indexOf('setDescription');
    expect(firstAnswer).toBeGreaterThan(0);
    expect(new Set(ops.slice(0, firstAnswer))).toEqual(new Set(['get+restart']));
    await engine.hangup(callId);
    await until(() => store.get().call === null, 'call over');
  });

  it('a page reload while the call is on hold: the ICE-restart re-INVITE keeps it on hold (sendonly)', async () => {
    const { callId, sdh } = await activeCall('cust-held-reload');
    await engine.hold(callId, true);
    const mark = media.requests.length;
    engine.mediaHostChanged();
    const restart = await until(() => media.requests.slice(mark).find((r) => r.op === 'getDescription' && r.callId === callId), 'the restart offer');
    expect(restart).toMatchObject({ options: { iceRestart: true, hold: true } });
    await until(() => media.requests.slice(mark).some((r) => r.op === 'setDescription' && r.callId === callId), 'the answer');
    expect(sdh.remote.at(-1)).toContain('a=sendonly');
    expect(store.get().call).toMatchObject({ callId, phase: 'active', held: true });
    await engine.hold(callId, false);
    expect(sdh.remote.at(-1)).toContain('a=sendrecv');
    await engine.hangup(callId);
  });

  it('a caller CANCEL while ringing stops the ring as "Caller hung up", without wrap-up', async () => {
    const seen: (string | null)[] = [];
    const off = store.subscribe((s) => seen.push(s.call?.endReason ?? null));
    const endedBefore = ended.length;
    const { inviter, finalStatus } = await ringingCall('cust-cancel');
    await inviter.cancel();
    expect(await finalStatus).toBe(487);
    await until(() => store.get().call === null, 'ringing to stop');
    off();
    expect(seen).toContain('Caller hung up');
    expect(ended.length).toBe(endedBefore);
  });
});
