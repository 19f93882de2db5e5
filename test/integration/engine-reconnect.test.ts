// Registration and call recovery (spec §9.6) against both SIP servers, with a fault-injecting TCP proxy
// between the engine and the server: cut the WebSocket for a few seconds, restore it, and check that the
// registration recovers by itself, the call in progress continues (ICE-restart re-INVITE, same dialog,
// no duplicate call) and no reconnect storm happened. Also: fallback server list, and a silently dead
// path (the proxy blackholes bytes without closing anything) found by the keep-alive.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SessionState } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppState, MediaRequest } from '../../src/shared/contract.js';
import type { SipAccount } from '../../src/main/services/sip/engine.js';
import { startCustomer, until, type Customer } from '../../src/main/testing/sip-peers.js';
import { startCompanion } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';
import { makeEngine } from '../support/engine-scenarios.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { kamailioAvailable, startKamailio, type Kamailio } from '../support/kamailio.js';

interface Server {
  /** Where customers connect (directly, not through the proxy). */
  wsUrl: string;
  domain: string;
  /** What a customer dials to reach alice. */
  aliceTarget: string;
  /** Makes alice eligible for calls once registered. */
  makeAvailable(): Promise<void>;
  stop(): Promise<void>;
}

const KEEP_ALIVE = { intervalMs: 2_000, timeoutMs: 2_000 };

function harness() {
  // Short keep-alive so a dead path is found in seconds (production: 20 s + 10 s).
  const made = makeEngine({ keepAlive: KEEP_ALIVE });
  const seen: AppState[] = [];
  made.store.subscribe((s) => seen.push(s));
  return { ...made, seen };
}

function scenarios(name: string, setup: () => Promise<Server>, skip = false) {
  describe.skipIf(skip)(`reconnection ↔ ${name}`, () => {
    let server: Server;
    let proxy: FaultProxy;
    let proxyWs: string;
    let h: ReturnType<typeof harness>;
    const customers: Customer[] = [];

    const account = (wsUrl: string, fallbackWsUrls?: string[]): SipAccount => ({
      wsUrl, fallbackWsUrls, domain: server.domain, uri: `sip:alice@${server.domain}`, login: 'alice', password: 'alice', displayName: 'Alice',
    });

    beforeAll(async () => {
      server = await setup();
      const u = new URL(server.wsUrl);
      proxy = await startFaultProxy({ targetHost: u.hostname, targetPort: Number(u.port) });
      proxyWs = `ws://127.0.0.1:${proxy.port}${u.pathname}`;
      h = harness();
    });

    afterEach(async () => {
      for (const c of customers.splice(0)) await c.stop();
    });

    /** A customer calls alice and she answers; `requestsBefore` marks the media requests so far. */
    async function answeredCall(user: string) {
      const c = await startCustomer(server.wsUrl, `sip:${user}@${server.domain}`);
      customers.push(c);
      const { inviter } = await c.call(server.aliceTarget);
      const ringing = await until(() => (h.store.get().call?.phase === 'ringing' ? h.store.get().call : null), 'alice to ring');
      await h.engine.answer(ringing.callId);
      await until(() => inviter.state === SessionState.Established && h.store.get().call?.phase === 'active', 'call active');
      return { inviter, callId: ringing.callId, requestsBefore: h.media.requests.length };
    }

    /** Once the path is back: registered again, banner cleared, media rebuilt by an ICE restart in the same dialog. */
    async function expectRecovered(call: Awaited<ReturnType<typeof answeredCall>>, registerTimeoutMs: number) {
      await until(() => h.store.get().registration.state === 'registered', 'registration to recover', registerTimeoutMs);
      await until(() => h.store.get().call?.reconnecting === false, 'banner to clear', 20_000);
      const restart = h.media.requests.slice(call.requestsBefore).find((r): r is Extract<MediaRequest, { op: 'getDescription' }> =>
        r.op === 'getDescription' && r.callId === call.callId);
      expect(restart?.options.iceRestart).toBe(true);
      expect(h.store.get().call).toMatchObject({ callId: call.callId, phase: 'active' });
      expect(call.inviter.state).toBe(SessionState.Established);
    }

    afterAll(async () => {
      await h?.engine.stop();
      await proxy?.close();
      await server?.stop();
    });

    it('falls back to the next server of the list when the primary cannot be reached', async () => {
      await h.engine.start(account('ws://127.0.0.1:9/', [proxyWs]));
      expect(h.store.get().registration).toEqual({ state: 'registered', reason: null });
      await server.makeAvailable();
    });

    it('registration recovers by itself after the WebSocket is cut and restored, without a storm', async () => {
      const before = proxy.accepted;
      const seenFrom = h.seen.length;
      proxy.cut();
      await until(() => h.store.get().registration.state !== 'registered', 'registration to be lost');
      expect(h.seen.slice(seenFrom).map((s) => s.registration)).toContainEqual({ state: 'failed', reason: 'Cannot reach the SIP server.' });
      await new Promise((r) => setTimeout(r, 2_500));
      proxy.restore();
      await until(() => h.store.get().registration.state === 'registered', 'registration to recover', 30_000);
      // A few backoff attempts (about 1 s, 3 s, 7 s), not a storm.
      expect(proxy.accepted - before).toBeLessThanOrEqual(5);
      await server.makeAvailable();
    });

    it('a silently dead connection (no FIN, no RST) is found by the keep-alive and recovered with backoff', async () => {
      const before = proxy.accepted;
      const seenFrom = h.seen.length;
      proxy.blackhole();
      // Noticed within interval + timeout of the last message (plus slack for a loaded machine).
      await until(() => h.store.get().registration.state !== 'registered', 'the dead path to be noticed', 20_000);
      // The engine keeps trying (connecting) while the path stays dead; each attempt times out.
      await until(() => h.seen.slice(seenFrom).some((s) => s.registration.state === 'connecting'), 'a reconnect attempt', 20_000);
      proxy.restore();
      await until(() => h.store.get().registration.state === 'registered', 'registration to recover', 40_000);
      const states = h.seen.slice(seenFrom).map((s) => s.registration.state);
      expect(states).toContain('failed');
      expect(states.at(-1)).toBe('registered');
      // One registerer, single-flight backoff: a handful of connections, not a storm.
      expect(proxy.accepted - before).toBeLessThanOrEqual(5);
      await server.makeAvailable();
    });

    it('while suspended nothing is attempted; wake reconnects at once (PowerPort/NetworkPort path)', async () => {
      h.engine.suspend();
      proxy.cut();
      await until(() => h.store.get().registration.state === 'failed', 'registration to be lost');
      const before = proxy.accepted;
      // Longer than several backoff steps: a paused engine stays quiet.
      await new Promise((r) => setTimeout(r, 4_000));
      expect(proxy.accepted).toBe(before);
      proxy.restore();
      h.engine.wake('test resume');
      await until(() => h.store.get().registration.state === 'registered', 'registration right after wake', 10_000);
      expect(proxy.accepted - before).toBe(1);
      await server.makeAvailable();
    });

    it('a call survives a silently dead path: the keep-alive notices, banner, re-REGISTER, ICE restart, same dialog', async () => {
      const call = await answeredCall(`cust-dead-${name}`);
      const { inviter, callId } = call;
      await new Promise((r) => setTimeout(r, 1_000)); // the customer's ACK first (see the next test)

      proxy.blackhole();
      await until(() => h.store.get().call?.reconnecting === true, 'reconnecting banner state', 20_000);
      proxy.restore();
      await expectRecovered(call, 40_000);
      await h.engine.hangup(callId);
      await until(() => inviter.state === SessionState.Terminated, 'customer to see the BYE');
      await until(() => h.store.get().call === null, 'slot free');
      await server.makeAvailable();
    });

    it('a call survives a cut: banner state, re-REGISTER, ICE-restart re-INVITE, same dialog, no duplicate call', async () => {
      const seenFrom = h.seen.length;
      const call = await answeredCall(`cust-${name}`);
      const { inviter, callId } = call;
      // Let the customer's ACK reach the agent first: with the 2xx unacknowledged, sip.js holds the
      // re-INVITE until the INVITE transaction times out (a cut in that instant is a different test).
      await new Promise((r) => setTimeout(r, 1_000));

      proxy.cut();
      await until(() => h.store.get().call?.reconnecting === true, 'reconnecting banner state');
      await new Promise((r) => setTimeout(r, 2_500));
      proxy.restore();
      await expectRecovered(call, 30_000);
      // One call only, start to finish.
      expect(new Set(h.seen.slice(seenFrom).map((s) => s.call?.callId).filter(Boolean))).toEqual(new Set([callId]));

      // The dialog still works both ways over the new connection: hold, then the agent hangs up.
      await h.engine.hold(callId, true);
      expect(h.store.get().call?.held).toBe(true);
      await h.engine.hangup(callId);
      await until(() => inviter.state === SessionState.Terminated, 'customer to see the BYE');
      await until(() => h.store.get().call === null, 'slot free');
    });
  });
}

scenarios('companion', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'engine-reconnect-'));
  const companion = await startCompanion({ host: '127.0.0.1', port: 0, dataDir, demo: true });
  // Two calls in a row: no wrap-up between them (the engine harness does not finish one).
  const sam = await login(companion.url, 'sam');
  await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: false, seconds: 30, allowExtension: false });
  return {
    wsUrl: companion.sipWebSocketUrl,
    domain: companion.sipDomain,
    aliceTarget: `sip:support@${companion.sipDomain}`,
    async makeAvailable() {
      const token = await login(companion.url, 'alice');
      const r = await api(companion.url, 'PUT', '/api/me/status', token, { status: 'Available' });
      if (r.status !== 200) throw new Error(`status: ${r.status}`);
    },
    stop: () => companion.close(),
  };
});

scenarios('kamailio', async () => {
  const k: Kamailio = await startKamailio({ auth: true });
  return {
    wsUrl: k.wsUrl,
    domain: k.domain,
    aliceTarget: `sip:alice@${k.domain}`,
    makeAvailable: async () => undefined,
    stop: () => k.stop(),
  };
}, !kamailioAvailable());
