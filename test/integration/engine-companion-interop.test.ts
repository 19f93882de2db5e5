// The engine's call scenario suite (test/support/engine-scenarios.ts) against our companion SIP edge, the
// same suite engine-kamailio.test.ts runs against a third-party server. Here customers reach alice through
// the `support` queue, alice and bob are agents whose status the edge checks, and the edge authorises a
// transfer target itself. Registration, wrong password, reconnection after a cut and the keep-alive are in
// engine-signalling.test.ts and engine-reconnect.test.ts (which runs against both servers).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startCompanion } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';
import { engineScenarios, type ServerFixture } from '../support/engine-scenarios.js';

const companion: ServerFixture = {
  name: 'companion SIP edge',
  async start() {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'engine-companion-interop-'));
    const c = await startCompanion({ host: '127.0.0.1', port: 0, dataDir, demo: true });
    // No wrap-up between scenarios: every test starts with alice free (wrap-up has its own tests).
    const sam = await login(c.url, 'sam');
    expect((await api(c.url, 'PUT', '/api/settings/wrapup', sam, { enabled: false, seconds: 30, allowExtension: false })).status).toBe(200);

    async function setStatus(user: string, status: string) {
      const token = await login(c.url, user);
      const r = await api(c.url, 'PUT', '/api/me/status', token, { status });
      if (r.status !== 200) throw new Error(`status ${user}: ${r.status}`);
    }

    return {
      wsUrl: c.sipWebSocketUrl,
      domain: c.sipDomain,
      async inboundTarget() {
        await setStatus('alice', 'Available');
        return `sip:support@${c.sipDomain}`;
      },
      // Away: reachable directly (an Offline agent gets 480) but never offered the queue's calls.
      preparePhone: (user) => setStatus(user, 'Away'),
      transferTarget: {
        // The edge authorises the target itself (registered, Available, a shared queue) before the REFER
        // reaches the customer; bob becomes Available only once alice holds the queue call.
        beforeCall: async (phone) => { await phone('bob'); },
        whileActive: () => setStatus('bob', 'Available'),
        // The edge may rewrite Refer-To (a one-time transfer token); it still names bob's domain.
        expectReferTo: (referTo) => expect(referTo).toContain(c.sipDomain),
      },
      stop: () => c.close(),
    };
  },
};

engineScenarios(companion);
