// Re-REGISTER before expiry (issue 3): with a short registration lifetime the engine refreshes on its own
// (sip.js Registerer at 90 % of the lifetime, one registerer per session), the companion keeps the binding,
// the state never flickers to failed, and no storm happens.
// The REGISTER answers are counted on the wire through the fault proxy (server→client frames are unmasked).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../src/shared/bridge.js';
import { silentLogger, systemClock } from '../../src/main/ports.js';
import { SipEngine } from '../../src/main/services/sip/engine.js';
import { MediaBroker } from '../../src/main/services/sip/media-broker.js';
import { StateStore } from '../../src/main/services/state/state-store.js';
import { until } from '../../src/main/testing/sip-peers.js';
import { startCompanion } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';
import { startFaultProxy } from '../support/fault-proxy.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe('registration refresh', () => {
  it('re-REGISTERs before the binding expires, and only then', async () => {
    const companion = await startCompanion({ host: '127.0.0.1', port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'engine-refresh-')), demo: true });
    cleanups.push(() => companion.close());
    const okRegisters: number[] = [];
    const u = new URL(companion.sipWebSocketUrl);
    const proxy = await startFaultProxy({
      targetPort: Number(u.port),
      onDownstream: (d) => {
        const text = d.toString('latin1');
        if (/SIP\/2\.0 200 /.test(text) && /CSeq:\s*\d+ REGISTER/i.test(text)) okRegisters.push(Date.now());
      },
    });
    cleanups.push(() => proxy.close());
    const hub = new EventHub();
    const store = new StateStore(hub);
    const states = new Set<string>();
    store.subscribe((st) => states.add(st.registration.state));
    const engine = new SipEngine({
      store, broker: new MediaBroker(() => undefined, systemClock), clock: systemClock, logger: silentLogger, notify: () => undefined,
      registerExpiresSeconds: 3,
    });
    cleanups.push(() => engine.stop());
    await engine.start({
      wsUrl: `ws://127.0.0.1:${proxy.port}${u.pathname}`, domain: companion.sipDomain, uri: `sip:alice@${companion.sipDomain}`,
      login: 'alice', password: 'alice', displayName: 'Alice',
    });
    const t0 = Date.now();
    // Initial REGISTER + three refreshes.
    await until(() => okRegisters.length >= 4, 'three refreshes', 30_000);
    expect(store.get().registration).toEqual({ state: 'registered', reason: null });
    // Never lost in between (a refresh sent too late lets the binding lapse first).
    expect(states.has('failed')).toBe(false);
    const sam = await login(companion.url, 'sam');
    const agents = await api<{ agents: Array<{ login: string; registered: boolean }> }>(companion.url, 'GET', '/api/agents', sam);
    expect(agents.body.agents.find((a) => a.login === 'alice')?.registered).toBe(true);
    // Refreshes come just before expiry, not in a burst: 4 answers take more than two lifetimes.
    expect(Date.now() - t0).toBeGreaterThan(2 * 3_000 * 0.8);
    const gaps = okRegisters.slice(1).map((t, i) => t - okRegisters[i]!);
    for (const g of gaps) expect(g).toBeGreaterThan(1_000);
  }, 60_000);
});
