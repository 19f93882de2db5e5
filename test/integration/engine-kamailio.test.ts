// The SIP engine against a third-party SIP server (Debian's Kamailio, digest auth on): registration,
// the client-side 486 for a second call (Kamailio does not know the agent is busy), hold by re-INVITE,
// mute, DTMF (RFC 4733 via the renderer, SIP INFO fallback), blind transfer by REFER, and dialling out.
import { SessionState } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../src/shared/bridge.js';
import type { EventPayload } from '../../src/shared/contract.js';
import { consoleLogger, silentLogger, systemClock } from '../../src/main/ports.js';
import { SipEngine, RegistrationError } from '../../src/main/services/sip/engine.js';
import { MediaBroker } from '../../src/main/services/sip/media-broker.js';
import { StateStore } from '../../src/main/services/state/state-store.js';
import { attachFakeMediaHost, startCustomer, until, type Customer, type FakeMediaHost } from '../../src/main/testing/sip-peers.js';
import { kamailioAvailable, startKamailio, type Kamailio } from '../support/kamailio.js';

let kamailio: Kamailio;
let store: StateStore;
let engine: SipEngine;
let media: FakeMediaHost;
const notices: EventPayload<'notice'>[] = [];
const customers: Customer[] = [];
const ended: string[] = [];

function makeEngine(hub: EventHub) {
  const s = new StateStore(hub);
  const broker = new MediaBroker((req) => hub.emit('mediaRequest', req), systemClock);
  const e = new SipEngine({
    store: s,
    broker,
    clock: systemClock,
    logger: process.env.ENGINE_DEBUG ? consoleLogger('engine') : silentLogger,
    notify: (n) => notices.push(n),
    // No companion here: answered calls go straight back to idle (wrap-up is covered with the companion).
    onAnsweredCallEnded: (call) => {
      ended.push(call.endReason ?? '');
      s.dispatchCall({ type: 'cleared', callId: call.callId });
    },
  });
  return { s, broker, e };
}

const account = (password = 'alice') => ({
  wsUrl: kamailio.wsUrl, domain: kamailio.domain, uri: `sip:alice@${kamailio.domain}`, login: 'alice', password, displayName: 'Alice',
});

async function customer(user: string, auth = false): Promise<Customer> {
  const c = await startCustomer(kamailio.wsUrl, `sip:${user}@${kamailio.domain}`, auth ? { login: user, password: user } : {});
  customers.push(c);
  return c;
}

/** A customer calls alice and alice answers; returns the customer's session. */
async function activeCall(user = 'cust1') {
  const c = await customer(user);
  const { inviter } = await c.call(`sip:alice@${kamailio.domain}`);
  const ringing = await until(() => (store.get().call?.phase === 'ringing' ? store.get().call : null), 'alice to ring');
  await engine.answer(ringing.callId);
  await until(() => inviter.state === SessionState.Established && store.get().call?.phase === 'active', 'call to be active');
  return { c, inviter, callId: ringing.callId, sdh: inviter.sessionDescriptionHandler as unknown as { remote: string[] } };
}

describe.skipIf(!kamailioAvailable())('engine ↔ Kamailio', () => {
  beforeAll(async () => {
    kamailio = await startKamailio({ auth: true });
    const hub = new EventHub();
    const made = makeEngine(hub);
    store = made.s;
    engine = made.e;
    media = attachFakeMediaHost(hub, (r) => made.broker.reply(r));
  });

  afterEach(async () => {
    for (const c of customers.splice(0)) await c.stop();
    await until(() => store.get().call === null, 'the call slot to be free', 5_000).catch(() => undefined);
  });

  afterAll(async () => {
    await engine?.stop();
    await kamailio?.stop();
  });

  it('a wrong password is reported as such', async () => {
    const hub = new EventHub();
    const { s, e } = makeEngine(hub);
    const err = await e.start(account('wrong')).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RegistrationError);
    expect((err as RegistrationError).reason).toBe('Wrong login or password.');
    expect(s.get().registration).toEqual({ state: 'failed', reason: 'Wrong login or password.' });
    await e.stop();
    expect(s.get().registration.state).toBe('unregistered');
  });

  it('an unreachable server is reported as such', async () => {
    const hub = new EventHub();
    const { s, e } = makeEngine(hub);
    const err = await e.start({ ...account(), wsUrl: 'ws://127.0.0.1:9/' }).catch((x: unknown) => x);
    expect((err as RegistrationError).reason).toBe('Cannot reach the SIP server.');
    expect(s.get().registration).toEqual({ state: 'failed', reason: 'Cannot reach the SIP server.' });
    await e.stop();
  });

  it('a bad configuration is refused with a readable reason before connecting', async () => {
    const { s, e } = makeEngine(new EventHub());
    const err = await e.start({ ...account(), fallbackWsUrls: ['http://not-a-websocket'] }).catch((x: unknown) => x);
    expect((err as RegistrationError).reason).toBe('The SIP server list #2 is not valid: must be a ws:// or wss:// address.');
    expect(s.get().registration.state).toBe('failed');
    expect(e.isStarted).toBe(false);
  });

  it('registers with digest auth', async () => {
    await engine.start(account());
    expect(store.get().registration).toEqual({ state: 'registered', reason: null });
  });

  it('declines a second call with 486 and keeps the first one active', async () => {
    const first = await activeCall('cust1');
    const c2 = await customer('cust2');
    const second = await c2.call(`sip:alice@${kamailio.domain}`);
    expect(await second.finalStatus).toBe(486);
    expect(store.get().call).toMatchObject({ callId: first.callId, phase: 'active' });
    expect(first.inviter.state).toBe(SessionState.Established);
    await engine.hangup(first.callId);
    await until(() => first.inviter.state === SessionState.Terminated, 'first call to end');
    expect(ended.at(-1)).toBe('Hung up');
  });

  it('holds and resumes by re-INVITE (sendonly offer from the media engine), mutes through the renderer', async () => {
    const { callId, sdh, c } = await activeCall();
    const before = sdh.remote.length;
    await engine.hold(callId, true);
    expect(store.get().call?.held).toBe(true);
    expect(sdh.remote.length).toBe(before + 1);
    expect(sdh.remote.at(-1)).toContain('a=sendonly');
    const holdRequest = media.requests.filter((r) => r.op === 'getDescription' && r.callId === callId).at(-1);
    expect(holdRequest).toMatchObject({ options: { hold: true } });

    await engine.hold(callId, false);
    expect(store.get().call?.held).toBe(false);
    expect(sdh.remote.at(-1)).toContain('a=sendrecv');

    await engine.mute(callId, true);
    expect(store.get().call?.muted).toBe(true);
    expect(media.requests.at(-1)).toMatchObject({ op: 'setMute', muted: true, callId });
    void c;
  });

  it('sends DTMF through the renderer (RFC 4733) and falls back to SIP INFO when it cannot', async () => {
    const { callId, c } = await activeCall();
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
  });

  it('a refused transfer keeps the call and says so; an accepted one ends our leg', async () => {
    const { callId, c, inviter } = await activeCall();
    c.rejectRefers = true;
    await expect(engine.transfer(callId, 'bob')).rejects.toMatchObject({ code: 'transfer_failed', message: 'The call cannot be transferred.' });
    expect(notices.at(-1)).toEqual({ level: 'error', code: 'transfer_failed', message: 'The call cannot be transferred.' });
    expect(store.get().call?.phase).toBe('active');

    c.rejectRefers = false;
    await engine.transfer(callId, 'bob');
    expect(c.refers.at(-1)).toBe(`sip:bob@${kamailio.domain}`);
    expect(notices.at(-1)).toMatchObject({ level: 'info', code: 'transfer_accepted' });
    await until(() => inviter.state === SessionState.Terminated, 'our leg to end');
    await until(() => ended.at(-1) === 'Transferred', 'end reason Transferred');
  });

  it('refuses an invalid transfer target without touching the call', async () => {
    const { callId } = await activeCall();
    await expect(engine.transfer(callId, 'not a target')).rejects.toMatchObject({ code: 'invalid_target' });
    expect(store.get().call?.phase).toBe('active');
  });

  it('dials out: dialing → active → remote hangs up', async () => {
    const bob = await customer('bob', true);
    await bob.register();
    const { callId } = await engine.dial('bob');
    expect(store.get().call).toMatchObject({ callId, direction: 'outbound', phase: 'dialing', customerNumber: 'bob' });
    // One call at a time: a second dial is refused.
    await expect(engine.dial('carol')).rejects.toMatchObject({ code: 'busy' });
    const incoming = await until(() => bob.incoming[0], 'bob to receive the call');
    await incoming.accept();
    await until(() => store.get().call?.phase === 'active', 'outbound call active');
    await incoming.bye();
    await until(() => store.get().call === null, 'call over');
    expect(ended.at(-1)).toBe('Remote party hung up');
  });

  it('an outbound call that is rejected ends with a readable reason and no wrap-up', async () => {
    const seen: (string | null)[] = [];
    const off = store.subscribe((s) => seen.push(s.call?.endReason ?? null));
    const bob = await customer('bob', true);
    await bob.register();
    const { callId } = await engine.dial('bob');
    const incoming = await until(() => bob.incoming[0], 'bob to receive the call');
    await incoming.reject({ statusCode: 486 });
    await until(() => store.get().call === null, 'call cleared');
    off();
    expect(seen).toContain('Busy');
    void callId;
  });

  it('dials out with early media: the 183 answer reaches the media engine while dialing; Cancel while ringing', async () => {
    const seen: (string | null)[] = [];
    const off = store.subscribe((s) => seen.push(s.call?.endReason ?? null));
    const bob = await customer('bob', true);
    await bob.register();
    const before = media.requests.length;
    const { callId } = await engine.dial('bob');
    const incoming = await until(() => bob.incoming[0], 'bob to receive the call');
    // 183 Session Progress with SDP: ringback/announcements play before the answer (spec §8.3).
    await incoming.progress({ statusCode: 183 });
    await until(() => media.requests.slice(before).some((r) => r.op === 'setDescription' && r.callId === callId), 'early media SDP to reach the renderer');
    expect(store.get().call).toMatchObject({ callId, phase: 'dialing' });
    await engine.hangup(callId);
    await until(() => incoming.state === SessionState.Terminated, 'bob to see the CANCEL');
    await until(() => store.get().call === null, 'call cleared');
    off();
    expect(seen).toContain('Cancelled');
  });

  it('a caller CANCEL while ringing stops the ring as "Caller hung up", without wrap-up', async () => {
    const seen: (string | null)[] = [];
    const off = store.subscribe((s) => seen.push(s.call?.endReason ?? null));
    const endedBefore = ended.length;
    const c = await customer('cust-cancel');
    const { inviter, finalStatus } = await c.call(`sip:alice@${kamailio.domain}`);
    await until(() => store.get().call?.phase === 'ringing', 'alice to ring');
    await inviter.cancel();
    expect(await finalStatus).toBe(487);
    await until(() => store.get().call === null, 'ringing to stop');
    off();
    expect(seen).toContain('Caller hung up');
    expect(ended.length).toBe(endedBefore);
  });

  it('DTMF from the far end (SIP INFO) is accepted and leaves the call as it is', async () => {
    const { callId, inviter } = await activeCall('cust-dtmf-in');
    const statuses: number[] = [];
    for (const tone of ['4', '#']) {
      await new Promise<void>((resolve, reject) => {
        inviter
          .info({
            requestDelegate: { onAccept: (r) => { statuses.push(r.message.statusCode ?? 0); resolve(); }, onReject: (r) => { statuses.push(r.message.statusCode ?? 0); resolve(); } },
            requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=100` } },
          })
          .catch(reject);
      });
    }
    expect(statuses).toEqual([200, 200]);
    expect(store.get().call).toMatchObject({ callId, phase: 'active' });
    await engine.hangup(callId);
    await until(() => store.get().call === null, 'call over');
  });

  // A page reload while an outbound call is still dialing: early media (if any) cannot be rebuilt before
  // the answer (no re-INVITE in an early dialog), so ringback stays silent; the answer is not sent to the
  // new page (it has no offer to match); once established, an ICE-restart re-INVITE rebuilds media.
  it.each([
    ['with early media (183 with SDP)', true],
    ['without early media (answer in the 200 OK)', false],
  ])('a page reload while dialing %s: media is rebuilt by an ICE-restart re-INVITE after the answer', async (_name, early) => {
    const bob = await customer('bob', true);
    await bob.register();
    const { callId } = await engine.dial('bob');
    const incoming = await until(() => bob.incoming[0], 'bob to receive the call');
    if (early) {
      await incoming.progress({ statusCode: 183 });
      await until(() => media.requests.some((r) => r.op === 'setDescription' && r.callId === callId), 'early media SDP to reach the renderer');
    }
    // Hold is not possible before the answer (no confirmed dialog to re-INVITE in): refused, nothing sent.
    const beforeHold = media.requests.length;
    await expect(engine.hold(callId, true)).rejects.toMatchObject({ code: 'no_such_call' });
    expect(media.requests.length).toBe(beforeHold);
    // What the service does when a reloaded page announces itself (mediaReady from a new sender).
    engine.mediaHostChanged();
    const mark = media.requests.length;
    await incoming.accept();
    await until(() => store.get().call?.phase === 'active', 'outbound call active');
    const after = () => media.requests.slice(mark).filter((r) => r.callId === callId);
    await until(() => after().some((r) => r.op === 'setDescription'), "bob's answer to the restart offer", 15_000);
    const ops = after().map((r) => (r.op === 'getDescription' ? `get${r.options.iceRestart ? '+restart' : ''}${r.options.hold ? '+hold' : ''}` : r.op));
    // Fresh offers first (ICE restart, not on hold; a 491/500 while the far end waits for our ACK is
    // retried), then bob's answer: nothing stale reached the new page.
    const firstAnswer = ops.indexOf('setDescription');
    expect(firstAnswer).toBeGreaterThan(0);
    expect(new Set(ops.slice(0, firstAnswer))).toEqual(new Set(['get+restart']));
    expect(store.get().call).toMatchObject({ callId, phase: 'active', held: false });
    // The rebuilt session works: hold and resume by re-INVITE, then hang up.
    await engine.hold(callId, true);
    await engine.hold(callId, false);
    await engine.hangup(callId);
    await until(() => store.get().call === null, 'call over');
  });

  it('auto-answer (off by default) answers by itself after Call-Info answer-after=N when on', async () => {
    engine.setAutoAnswer(true);
    try {
      const c = await customer('cust-auto');
      const { inviter } = await c.call(`sip:alice@${kamailio.domain}`, [`Call-Info: <sip:${kamailio.domain}>;answer-after=1`]);
      const ringing = await until(() => (store.get().call?.phase === 'ringing' ? store.get().call : null), 'alice to ring');
      // It rings first (answer-after=1), then the engine answers without a command.
      await until(() => inviter.state === SessionState.Established && store.get().call?.phase === 'active', 'auto-answered', 10_000);
      expect(store.get().call?.callId).toBe(ringing.callId);
      expect(store.get().call!.answeredAt! - ringing.startedAt).toBeGreaterThanOrEqual(900);
      await engine.hangup(ringing.callId);
      await until(() => store.get().call === null, 'call over');
    } finally {
      engine.setAutoAnswer(false);
    }
    // Off again: the next call keeps ringing for the agent.
    const c2 = await customer('cust-manual');
    const second = await c2.call(`sip:alice@${kamailio.domain}`, [`Call-Info: <sip:${kamailio.domain}>;answer-after=0`]);
    const ringing2 = await until(() => (store.get().call?.phase === 'ringing' ? store.get().call : null), 'alice to ring again');
    await new Promise((r) => setTimeout(r, 500));
    expect(store.get().call?.phase).toBe('ringing');
    await engine.reject(ringing2.callId);
    expect(await second.finalStatus).toBe(486);
  });

  it('stops: un-REGISTERs', async () => {
    await engine.stop();
    expect(store.get().registration).toEqual({ state: 'unregistered', reason: null });
  });
});

describe.skipIf(!kamailioAvailable())('engine ↔ Kamailio without authentication', () => {
  it('registers on an open registrar and un-REGISTERs on stop', async () => {
    const open = await startKamailio({ auth: false });
    const { s, e } = makeEngine(new EventHub());
    try {
      await e.start({ wsUrl: open.wsUrl, domain: open.domain, uri: `sip:alice@${open.domain}`, login: 'alice', password: 'unused', displayName: 'Alice' });
      expect(s.get().registration).toEqual({ state: 'registered', reason: null });
    } finally {
      await e.stop();
      await open.stop();
    }
    expect(s.get().registration.state).toBe('unregistered');
  });
});
