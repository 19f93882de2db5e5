// The companion arrangement the contact-center suites share (server-contact-center, server-transfers):
// a 3 s ring timeout, a 60 s wrap-up, tokens for alice, bob and sam, and sip.js phones that are stopped
// (and open wrap-ups finished) after each test. Call it inside a describe: it registers that describe's hooks.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startCompanion, type CompanionHandle, type CompanionOptions } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';
import { TestPhone } from './server-sip-ua.js';

export interface ContactCenter {
  /** Set once the describe's beforeAll has run. */
  c: CompanionHandle;
  /** Bearer tokens of alice, bob and sam. */
  t: Record<string, string>;
  phone(user: string, opts?: { password?: string; displayName?: string }): Promise<TestPhone>;
  /** Sets `user`'s status through the API (expects 200). */
  status(user: string, s: string): Promise<void>;
  /** `user`'s registered phone, with the status `s`. */
  agent(user: string, s?: string): Promise<TestPhone>;
}

export function useContactCenter(dataDirPrefix: string, options: Omit<CompanionOptions, 'dataDir'> = {}): ContactCenter {
  const phones: TestPhone[] = [];
  const cc: ContactCenter = {
    c: undefined as unknown as CompanionHandle,
    t: {},
    async phone(user, opts = {}) {
      const p = await new TestPhone({ wsUrl: cc.c.sipWebSocketUrl, domain: cc.c.sipDomain, user, ...opts }).start();
      phones.push(p);
      return p;
    },
    async status(user, s) {
      expect((await api(cc.c.url, 'PUT', '/api/me/status', cc.t[user], { status: s })).status).toBe(200);
    },
    async agent(user, s = 'Available') {
      const p = await cc.phone(user, { password: user });
      await p.register();
      await cc.status(user, s);
      return p;
    },
  };

  beforeAll(async () => {
    cc.c = await startCompanion({ ...options, dataDir: mkdtempSync(path.join(tmpdir(), `${dataDirPrefix}-`)) });
    for (const u of ['alice', 'bob', 'sam']) cc.t[u] = await login(cc.c.url, u);
    expect((await api(cc.c.url, 'PUT', '/api/settings/routing', cc.t.sam, { ringTimeoutSeconds: 3 })).status).toBe(200);
    expect((await api(cc.c.url, 'PUT', '/api/settings/wrapup', cc.t.sam, { enabled: true, seconds: 60, allowExtension: false })).status).toBe(200);
  });
  afterEach(async () => {
    for (const p of phones.splice(0)) await p.stop();
    for (const u of ['alice', 'bob']) await api(cc.c.url, 'POST', '/api/me/wrapup/finish', cc.t[u]);
  });
  afterAll(() => cc.c?.close());
  return cc;
}
