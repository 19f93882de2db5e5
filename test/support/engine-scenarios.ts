// The engine's call scenario suite, defined once and run against each SIP server (issue 3: "the engine
// passes the same scenario suite against our companion SIP edge and against Kamailio"). A fixture says how
// its server is started and where it differs (auth, how a call reaches alice, how a transfer target is
// readied); every scenario and assertion here runs against every server.
import { SessionState } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../src/shared/bridge.js';
import type { EventPayload } from '../../src/shared/contract.js';
import { consoleLogger, silentLogger, systemClock } from '../../src/main/ports.js';
import { SipEngine, type SipAccount } from '../../src/main/services/sip/engine.js';
import type { KeepAliveTiming } from '../../src/main/services/sip/keep-alive.js';
import { MediaBroker } from '../../src/main/services/sip/media-broker.js';
import { StateStore } from '../../src/main/services/state/state-store.js';
import { attachFakeMediaHost, startCustomer, until, type Customer, type FakeMediaHost } from '../../src/main/testing/sip-peers.js';

/** A running SIP server as the scenarios see it. */
export interface ScenarioServer {
  wsUrl: string;
  domain: string;
  /** Readies alice for an inbound call and returns what a customer dials to reach her. */
  inboundTarget(): Promise<string>;
  /** Readies `user` to register as a plain SIP phone that alice dials and that can call her directly. */
  preparePhone(user: string): Promise<void>;
  /** The transfer scenario's target `bob`: readied before alice's call, made eligible once it is active. */
  transferTarget: {
    beforeCall(phone: (user: string) => Promise<Customer>): Promise<void>;
    whileActive(): Promise<void>;
    /** What the far end must see in Refer-To (the server may rewrite it). */
    expectReferTo(referTo: string): void;
  };
  stop(): Promise<void>;
}

export interface ServerFixture {
  /** Shown after "engine ↔ ". */
  name: string;
  skip?: boolean;
  start(): Promise<ScenarioServer>;
  /** Scenarios only this server has (run after the shared ones, before the un-REGISTER). */
  more?: (ctx: ScenarioContext) => void;
}

/** What a server-specific scenario may use; valid inside tests only. */
export interface ScenarioContext {
  readonly server: ScenarioServer;
  readonly store: StateStore;
  readonly engine: SipEngine;
  readonly media: FakeMediaHost;
  account(password?: string): SipAccount;
  /** A customer UA (stopped after each test); with `auth` it answers digest challenges as `user`. */
  customer(user: string, auth?: boolean): Promise<Customer>;
}

export interface EngineOptions {
  /** Notices the engine raises are pushed here. */
  notices?: EventPayload<'notice'>[];
  /** The end reason of every answered call, in order. */
  ended?: string[];
  keepAlive?: KeepAliveTiming;
}

/** An engine on its own hub with a fake media host; answered calls go straight back to idle. */
export function makeEngine({ notices = [], ended = [], keepAlive }: EngineOptions = {}) {
  const hub = new EventHub();
  const store = new StateStore(hub);
  const broker = new MediaBroker((req) => hub.emit('mediaRequest', req), systemClock);
  const engine = new SipEngine({
    store,
    broker,
    clock: systemClock,
    logger: process.env.ENGINE_DEBUG ? consoleLogger('engine') : silentLogger,
    notify: (n) => notices.push(n),
    keepAlive,
    // Wrap-up is covered by its own tests: every scenario starts with alice free.
    onAnsweredCallEnded: (call) => {
      ended.push(call.endReason ?? '');
      store.dispatchCall({ type: 'cleared', callId: call.callId });
    },
  });
  const media = attachFakeMediaHost(hub, (r) => broker.reply(r));
  return { store, engine, media };
}

export const aliceAccount = (server: { wsUrl: string; domain: string }, password = 'alice'): SipAccount => ({
  wsUrl: server.wsUrl, domain: server.domain, uri: `sip:alice@${server.domain}`, login: 'alice', password, displayName: 'Alice',
});

export function engineScenarios(fixture: ServerFixture): void {
  describe.skipIf(fixture.skip ?? false)(`engine ↔ ${fixture.name}: call scenarios`, () => {
    let server: ScenarioServer;
    let h: ReturnType<typeof makeEngine>;
    const notices: EventPayload<'notice'>[] = [];
    const ended: string[] = [];
    const customers: Customer[] = [];

    const ctx: ScenarioContext = {
      get server() { return server; },
      get store() { return h.store; },
      get engine() { return h.engine; },
      get media() { return h.media; },
      account: (password) => aliceAccount(server, password),
      customer,
    };

    async function customer(user: string, auth = false): Promise<Customer> {
      const c = await startCustomer(server.wsUrl, `sip:${user}@${server.domain}`, auth ? { login: user, password: user } : {});
      customers.push(c);
      return c;
    }

    /** `user` as a plain SIP phone registered with the server. */
    async function phone(user: string): Promise<Customer> {
      await server.preparePhone(user);
      const p = await customer(user, true);
      await p.register();
      return p;
    }

    /** A customer calls; alice rings. */
    async function ringingCall(user = 'cust1') {
      const target = await server.inboundTarget();
      const c = await customer(user);
      const placed = await c.call(target);
      const ringing = await until(() => (h.store.get().call?.phase === 'ringing' ? h.store.get().call : null), 'alice to ring');
      return { c, ...placed, callId: ringing.callId };
    }

    /** A customer calls and alice answers. */
    async function activeCall(user = 'cust1') {
      const r = await ringingCall(user);
      await h.engine.answer(r.callId);
      await until(() => r.inviter.state === SessionState.Established && h.store.get().call?.phase === 'active', 'call to be active');
      return { ...r, sdh: r.inviter.sessionDescriptionHandler as unknown as { remote: string[] } };
    }

    beforeAll(async () => {
      server = await fixture.start();
      h = makeEngine({ notices, ended });
    });

    afterEach(async () => {
      for (const c of customers.splice(0)) await c.stop();
      await until(() => h.store.get().call === null, 'the call slot to be free', 5_000).catch(() => undefined);
    });

    afterAll(async () => {
      await h?.engine.stop();
      await server?.stop();
    });

    it('registers (with digest auth where the server asks for it)', async () => {
      await h.engine.start(ctx.account());
      expect(h.store.get().registration).toEqual({ state: 'registered', reason: null });
    });

    it('declines a second call with 486 and keeps the first one active', async () => {
      const { store, engine } = h;
      const first = await activeCall('cust1');
      // Straight to alice (from bob's phone), so no server can keep it away: the engine answers 486.
      const b = await phone('bob');
      const second = await b.call(`sip:alice@${server.domain}`);
      expect(await second.finalStatus).toBe(486);
      expect(store.get().call).toMatchObject({ callId: first.callId, phase: 'active' });
      expect(first.inviter.state).toBe(SessionState.Established);
      await engine.hangup(first.callId);
      await until(() => first.inviter.state === SessionState.Terminated, 'first call to end');
      expect(ended.at(-1)).toBe('Hung up');
    });

    it('holds and resumes by re-INVITE (sendonly offer from the media engine), mutes through the renderer', async () => {
      const { store, engine, media } = h;
      const { callId, sdh } = await activeCall('cust-hold');
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
      await engine.hangup(callId);
    });

    it('sends DTMF through the renderer (RFC 4733) and falls back to SIP INFO when it cannot', async () => {
      const { engine, media } = h;
      const { callId, c } = await activeCall('cust-dtmf');
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

    it('DTMF from the far end (SIP INFO) is accepted and leaves the call as it is', async () => {
      const { store, engine } = h;
      const { callId, inviter } = await activeCall('cust-dtmf-in');
      const statuses: number[] = [];
      for (const tone of ['9', '4', '#']) {
        await new Promise<void>((resolve, reject) => {
          const done = (status: number | undefined) => { statuses.push(status ?? 0); resolve(); };
          inviter
            .info({
              requestDelegate: { onAccept: (r) => done(r.message.statusCode), onReject: (r) => done(r.message.statusCode) },
              requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=100` } },
            })
            .catch(reject);
        });
      }
      expect(statuses).toEqual([200, 200, 200]);
      expect(store.get().call).toMatchObject({ callId, phase: 'active' });
      await engine.hangup(callId);
      await until(() => store.get().call === null, 'call over');
    });

    it('a refused transfer keeps the call and says so; an accepted one ends our leg', async () => {
      const { store, engine } = h;
      await server.transferTarget.beforeCall(phone);
      const { callId, c, inviter } = await activeCall('cust-transfer');
      await server.transferTarget.whileActive();
      c.rejectRefers = true;
      await expect(engine.transfer(callId, 'bob')).rejects.toMatchObject({ code: 'transfer_failed', message: 'The call cannot be transferred.' });
      expect(notices.at(-1)).toEqual({ level: 'error', code: 'transfer_failed', message: 'The call cannot be transferred.' });
      expect(store.get().call?.phase).toBe('active');

      c.rejectRefers = false;
      await engine.transfer(callId, 'bob');
      server.transferTarget.expectReferTo(c.refers.at(-1) ?? '');
      expect(notices.at(-1)).toMatchObject({ level: 'info', code: 'transfer_accepted' });
      await until(() => inviter.state === SessionState.Terminated, 'our leg to end');
      await until(() => ended.at(-1) === 'Transferred', 'end reason Transferred');
    });

    it('refuses an invalid transfer target without touching the call', async () => {
      const { store, engine } = h;
      const { callId } = await activeCall();
      await expect(engine.transfer(callId, 'not a target')).rejects.toMatchObject({ code: 'invalid_target' });
      expect(store.get().call?.phase).toBe('active');
    });

    it('dials out: dialing → active → remote hangs up', async () => {
      const { store, engine } = h;
      const bob = await phone('bob');
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
      const { store, engine } = h;
      const seen: (string | null)[] = [];
      const off = store.subscribe((s) => seen.push(s.call?.endReason ?? null));
      const bob = await phone('bob');
      await engine.dial('bob');
      const incoming = await until(() => bob.incoming[0], 'bob to receive the call');
      await incoming.reject({ statusCode: 486 });
      await until(() => store.get().call === null, 'call cleared');
      off();
      expect(seen).toContain('Busy');
    });

    it('dials out with early media: the 183 answer reaches the media engine while dialing; Cancel while ringing', async () => {
      const { store, engine, media } = h;
      const seen: (string | null)[] = [];
      const off = store.subscribe((s) => seen.push(s.call?.endReason ?? null));
      const bob = await phone('bob');
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
      const { store } = h;
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

    // A page reload while an outbound call is still dialing: early media (if any) cannot be rebuilt before
    // the answer (no re-INVITE in an early dialog), so ringback stays silent; the answer is not sent to the
    // new page (it has no offer to match); once established, an ICE-restart re-INVITE rebuilds media.
    it.each([
      ['with early media (183 with SDP)', true],
      ['without early media (answer in the 200 OK)', false],
    ])('a page reload while dialing %s: media is rebuilt by an ICE-restart re-INVITE after the answer', async (_name, early) => {
      const { store, engine, media } = h;
      const bob = await phone('bob');
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

    it('a page reload while the call is on hold: the ICE-restart re-INVITE keeps it on hold (sendonly)', async () => {
      const { store, engine, media } = h;
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

    fixture.more?.(ctx);

    it('stops: un-REGISTERs', async () => {
      await h.engine.stop();
      expect(h.store.get().registration).toEqual({ state: 'unregistered', reason: null });
    });
  });
}
