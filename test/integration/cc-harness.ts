// Shared setup of the contact-center integration suites: one real companion (demo data) per suite, tokens
// for alice/bob/sam, ring timeout 3 s and a 60 s wrap-up; test phones that are stopped after every test,
// with both agents' wrap-ups finished so each test starts from Available.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startCompanion, type CompanionHandle, type CompanionOptions } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';
import { TestPhone } from './server-sip-ua.js';

export type AgentRow = { login: string; status: string; inCall: boolean };

export const tmp = (p: string): string => mkdtempSync(path.join(tmpdir(), `${p}-`));

export function contactCenterSuite(name: string, extra: Partial<CompanionOptions> = {}) {
  let handle: CompanionHandle | undefined;
  const t: Record<string, string> = {};
  const phones: TestPhone[] = [];
  const h = {
    get c(): CompanionHandle {
      if (!handle) throw new Error('the companion is not started yet');
      return handle;
    },
    t,
    async phone(user: string, opts: { password?: string; displayName?: string } = {}): Promise<TestPhone> {
      const p = await new TestPhone({ wsUrl: h.c.sipWebSocketUrl, domain: h.c.sipDomain, user, ...opts }).start();
      phones.push(p);
      return p;
    },
    async status(user: string, s: string): Promise<void> {
      expect((await api(h.c.url, 'PUT', '/api/me/status', t[user], { status: s })).status).toBe(200);
    },
    /** A registered agent phone with the given status. */
    async agent(user: string, s = 'Available'): Promise<TestPhone> {
      const p = await h.phone(user, { password: user });
      await p.register();
      await h.status(user, s);
      return p;
    },
    async agentRow(user: string): Promise<AgentRow> {
      return (await api<{ agents: AgentRow[] }>(h.c.url, 'GET', '/api/agents', t.sam)).body.agents.find((a) => a.login === user)!;
    },
    async idle(user: string): Promise<void> {
      await expect.poll(async () => (await h.agentRow(user)).inCall, { timeout: 10_000 }).toBe(false);
    },
  };

  beforeAll(async () => {
    handle = await startCompanion({ dataDir: tmp(name), ...extra });
    for (const u of ['alice', 'bob', 'sam']) t[u] = await login(handle.url, u);
    expect((await api(handle.url, 'PUT', '/api/settings/routing', t.sam, { ringTimeoutSeconds: 3 })).status).toBe(200);
    expect((await api(handle.url, 'PUT', '/api/settings/wrapup', t.sam, { enabled: true, seconds: 60, allowExtension: false })).status).toBe(200);
  });
  afterEach(async () => {
    for (const p of phones.splice(0)) await p.stop();
    for (const u of ['alice', 'bob']) await api(h.c.url, 'POST', '/api/me/wrapup/finish', t[u]);
  });
  afterAll(() => handle?.close());
  return h;
}
