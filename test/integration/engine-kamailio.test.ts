// The engine's call scenario suite (test/support/engine-scenarios.ts) against a third-party SIP server,
// Debian's Kamailio with digest auth on: customers call alice directly (Kamailio does not know the agent
// is busy, so the 486 for a second call is the engine's own), and the far end sees Refer-To as sent.
// Kamailio only: registration failures reported readably, auto-answer by Call-Info (the companion's queue
// builds its own INVITE), and registration on an open registrar.
import { SessionState } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { RegistrationError } from '../../src/main/services/sip/engine.js';
import { until } from '../../src/main/testing/sip-peers.js';
import { aliceAccount, engineScenarios, makeEngine, type ScenarioContext, type ServerFixture } from '../support/engine-scenarios.js';
import { kamailioAvailable, startKamailio } from '../support/kamailio.js';

function kamailioOnly(ctx: ScenarioContext) {
  it('a wrong password is reported as such', async () => {
    const { store: s, engine: e } = makeEngine();
    const err = await e.start(ctx.account('wrong')).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RegistrationError);
    expect((err as RegistrationError).reason).toBe('Wrong login or password.');
    expect(s.get().registration).toEqual({ state: 'failed', reason: 'Wrong login or password.' });
    await e.stop();
    expect(s.get().registration.state).toBe('unregistered');
  });

  it('an unreachable server is reported as such', async () => {
    const { store: s, engine: e } = makeEngine();
    const err = await e.start({ ...ctx.account(), wsUrl: 'ws://127.0.0.1:9/' }).catch((x: unknown) => x);
    expect((err as RegistrationError).reason).toBe('Cannot reach the SIP server.');
    expect(s.get().registration).toEqual({ state: 'failed', reason: 'Cannot reach the SIP server.' });
    await e.stop();
  });

  it('a bad configuration is refused with a readable reason before connecting', async () => {
    const { store: s, engine: e } = makeEngine();
    const err = await e.start({ ...ctx.account(), fallbackWsUrls: ['http://not-a-websocket'] }).catch((x: unknown) => x);
    expect((err as RegistrationError).reason).toBe('The SIP server list #2 is not valid: must be a ws:// or wss:// address.');
    expect(s.get().registration.state).toBe('failed');
    expect(e.isStarted).toBe(false);
  });

  it('auto-answer (off by default) answers by itself after Call-Info answer-after=N when on', async () => {
    const { store, engine, server } = ctx;
    engine.setAutoAnswer(true);
    try {
      const c = await ctx.customer('cust-auto');
      const { inviter } = await c.call(`sip:alice@${server.domain}`, [`Call-Info: <sip:${server.domain}>;answer-after=1`]);
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
    const c2 = await ctx.customer('cust-manual');
    const second = await c2.call(`sip:alice@${server.domain}`, [`Call-Info: <sip:${server.domain}>;answer-after=0`]);
    const ringing2 = await until(() => (store.get().call?.phase === 'ringing' ? store.get().call : null), 'alice to ring again');
    await new Promise((r) => setTimeout(r, 500));
    expect(store.get().call?.phase).toBe('ringing');
    await engine.reject(ringing2.callId);
    expect(await second.finalStatus).toBe(486);
  });
}

const kamailio: ServerFixture = {
  name: 'Kamailio',
  skip: !kamailioAvailable(),
  async start() {
    const k = await startKamailio({ auth: true });
    return {
      wsUrl: k.wsUrl,
      domain: k.domain,
      inboundTarget: async () => `sip:alice@${k.domain}`,
      preparePhone: async () => undefined,
      transferTarget: {
        // A plain registrar: the REFER goes to the customer as sent, whoever bob is.
        beforeCall: async () => undefined,
        whileActive: async () => undefined,
        expectReferTo: (referTo) => expect(referTo).toBe(`sip:bob@${k.domain}`),
      },
      stop: () => k.stop(),
    };
  },
  more: kamailioOnly,
};

engineScenarios(kamailio);

describe.skipIf(!kamailioAvailable())('engine ↔ Kamailio without authentication', () => {
  it('registers on an open registrar and un-REGISTERs on stop', async () => {
    const open = await startKamailio({ auth: false });
    const { store: s, engine: e } = makeEngine();
    try {
      await e.start({ ...aliceAccount(open), password: 'unused' });
      expect(s.get().registration).toEqual({ state: 'registered', reason: null });
    } finally {
      await e.stop();
      await open.stop();
    }
    expect(s.get().registration.state).toBe('unregistered');
  });
});
