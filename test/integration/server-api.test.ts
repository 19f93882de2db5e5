// Companion REST API against the real server (startCompanion on a free port, temp data dir, real SQLite).
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), `${p}-`));
type Err = { error: { code: string; message: string } };

describe('companion API (demo data)', () => {
  let c: CompanionHandle;
  let sam: string;
  let alice: string;

  beforeAll(async () => {
    c = await startCompanion({ dataDir: tmp('companion-api'), customerDistDir: tmp('no-dist') });
    sam = await login(c.url, 'sam');
    alice = await login(c.url, 'alice');
  });
  afterAll(async () => { await c?.close(); });

  it('health needs no auth and names the SIP WebSocket URL and domain', async () => {
    const r = await api<{ status: string; sipWebSocketUrl: string; sipDomain: string }>(c.url, 'GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', sipWebSocketUrl: c.sipWebSocketUrl, sipDomain: 'softphone.test' });
    expect(c.sipWebSocketUrl).toBe(`${c.url.replace('http:', 'ws:')}/sip`);
  });

  it('login: right password gives a token and me; wrong password a clear 401', async () => {
    const ok = await api<{ token: string; me: { login: string; role: string; sipUri: string; status: string } }>(c.url, 'POST', '/api/login', undefined, { login: 'alice', password: 'alice' });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toEqual(expect.any(String));
    expect(ok.body.me).toMatchObject({ login: 'alice', role: 'agent', sipUri: 'sip:alice@softphone.test', status: 'Offline' });
    const bad = await api<Err>(c.url, 'POST', '/api/login', undefined, { login: 'alice', password: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong login or password.' } });
    const unknown = await api<Err>(c.url, 'POST', '/api/login', undefined, { login: 'nobody', password: 'x' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_credentials');
  });

  it('validates bodies and answers errors in one shape', async () => {
    const missing = await api<Err>(c.url, 'POST', '/api/login', undefined, { login: 'alice' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_error');
    const extra = await api<Err>(c.url, 'POST', '/api/login', undefined, { login: 'alice', password: 'alice', admin: true });
    expect(extra.status).toBe(400);
    const notJson = await fetch(`${c.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as Err).error.code).toBe('bad_request');
    const huge = await api<Err>(c.url, 'POST', '/api/login', undefined, { login: 'a', password: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const nf = await api<Err>(c.url, 'GET', '/api/nothing-here', sam);
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('not_found');
  });

  it('every other route requires a valid token', async () => {
    for (const [method, route] of [['GET', '/api/me'], ['PUT', '/api/me/status'], ['GET', '/api/agents'], ['GET', '/api/queues'], ['GET', '/api/settings/routing']] as const) {
      const r = await api<Err>(c.url, method, route, undefined, method === 'PUT' ? { status: 'Available' } : undefined);
      expect(r.status, route).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
    const forged = await api<Err>(c.url, 'GET', '/api/me', `${sam.slice(0, -3)}abc`);
    expect(forged.status).toBe(401);
  });

  it('agents get 403 on supervisor routes; supervisors get through', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/agents'],
      ['GET', '/api/settings/wrapup'],
      ['PUT', '/api/settings/wrapup', { enabled: true, seconds: 30, allowExtension: false }],
      ['PUT', '/api/agents/bob/wrapup', { mode: 'default' }],
      ['GET', '/api/settings/routing'],
      ['PUT', '/api/settings/routing', { ringTimeoutSeconds: 30 }],
      ['POST', '/api/settings/routing/reset'],
    ];
    for (const [method, route, body] of routes) {
      const asAgent = await api<Err>(c.url, method, route, alice, body);
      expect(asAgent.status, `${method} ${route}`).toBe(403);
      expect(asAgent.body.error).toEqual({ code: 'forbidden', message: 'Only supervisors may do this.' });
      const asSupervisor = await api(c.url, method, route, sam, body);
      expect(asSupervisor.status, `${method} ${route}`).toBe(200);
    }
  });

  it('status changes show in /api/me and /api/agents', async () => {
    const put = await api<{ status: string }>(c.url, 'PUT', '/api/me/status', alice, { status: 'Available' });
    expect(put.status).toBe(200);
    expect(put.body.status).toBe('Available');
    expect((await api<{ status: string }>(c.url, 'GET', '/api/me', alice)).body.status).toBe('Available');
    const agents = await api<{ agents: Array<{ login: string; status: string; registered: boolean }> }>(c.url, 'GET', '/api/agents', sam);
    expect(agents.body.agents.find((a) => a.login === 'alice')).toMatchObject({ status: 'Available', registered: false });
    const bad = await api<Err>(c.url, 'PUT', '/api/me/status', alice, { status: 'On hold' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Available');
  });

  it('routing settings: 3..60 s inclusive, clear message otherwise, reset to 30', async () => {
    for (const s of [2, 61]) {
      const r = await api<Err>(c.url, 'PUT', '/api/settings/routing', sam, { ringTimeoutSeconds: s });
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({ code: 'validation_error', message: 'Ring timeout must be between 3 and 60 seconds.' });
    }
    for (const s of [3, 60]) {
      const r = await api(c.url, 'PUT', '/api/settings/routing', sam, { ringTimeoutSeconds: s });
      expect(r.status).toBe(200);
      expect((await api(c.url, 'GET', '/api/settings/routing', sam)).body).toEqual({ ringTimeoutSeconds: s });
    }
    const reset = await api(c.url, 'POST', '/api/settings/routing/reset', sam);
    expect(reset.body).toEqual({ ringTimeoutSeconds: 30 });
    expect((await api(c.url, 'GET', '/api/settings/routing', sam)).body).toEqual({ ringTimeoutSeconds: 30 });
  });

  it('wrap-up: org default merged with the agent override; start, extend, finish', async () => {
    await api(c.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 30, allowExtension: false });
    expect((await api(c.url, 'GET', '/api/me/wrapup-settings', alice)).body).toEqual({ enabled: true, seconds: 30, allowExtension: false });
    expect((await api(c.url, 'PUT', '/api/agents/alice/wrapup', sam, { mode: 'custom', seconds: 45 })).status).toBe(200);
    expect((await api(c.url, 'GET', '/api/me/wrapup-settings', alice)).body).toEqual({ enabled: true, seconds: 45, allowExtension: false });
    expect((await api<Err>(c.url, 'PUT', '/api/agents/nobody/wrapup', sam, { mode: 'default' })).status).toBe(404);
    expect((await api<Err>(c.url, 'PUT', '/api/agents/alice/wrapup', sam, { mode: 'custom', seconds: 0 })).status).toBe(400);

    await api(c.url, 'PUT', '/api/me/status', alice, { status: 'Available' });
    const start = await api<{ enabled: boolean; endsAt: number; canExtend: boolean }>(c.url, 'POST', '/api/me/wrapup/start', alice, { callId: 'call-1' });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ enabled: true, canExtend: false });
    expect(start.body.endsAt).toBeGreaterThan(Date.now() + 40_000);
    // Idempotent per call id.
    expect((await api(c.url, 'POST', '/api/me/wrapup/start', alice, { callId: 'call-1' })).body).toEqual(start.body);
    // Busy during wrap-up, for everyone to see.
    expect((await api<{ status: string }>(c.url, 'GET', '/api/me', alice)).body.status).toBe('Busy');
    const ext = await api<Err>(c.url, 'POST', '/api/me/wrapup/extend', alice);
    expect(ext.status).toBe(409);
    expect(ext.body.error.code).toBe('extension_not_allowed');
    const fin = await api(c.url, 'POST', '/api/me/wrapup/finish', alice, { notes: 'Customer asked about billing.', status: 'Solved' });
    expect(fin.status).toBe(204);
    expect((await api<{ status: string }>(c.url, 'GET', '/api/me', alice)).body.status).toBe('Available');

    // With extension allowed: +10 s each time.
    await api(c.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 30, allowExtension: true });
    const s2 = await api<{ endsAt: number; canExtend: boolean }>(c.url, 'POST', '/api/me/wrapup/start', alice, { callId: 'call-2', conversationId: 'conv-9' });
    expect(s2.body.canExtend).toBe(true);
    const e2 = await api<{ endsAt: number }>(c.url, 'POST', '/api/me/wrapup/extend', alice);
    expect(e2.status).toBe(200);
    expect(e2.body.endsAt).toBe(s2.body.endsAt + 10_000);
    await api(c.url, 'POST', '/api/me/wrapup/finish', alice);
    expect((await api<Err>(c.url, 'POST', '/api/me/wrapup/extend', alice)).body.error.code).toBe('no_wrapup');

    // Disabled: start says so and the agent stays Available.
    await api(c.url, 'PUT', '/api/settings/wrapup', sam, { enabled: false, seconds: 30, allowExtension: false });
    expect((await api(c.url, 'POST', '/api/me/wrapup/start', alice, { callId: 'call-3' })).body).toEqual({ enabled: false });
    expect((await api<{ status: string }>(c.url, 'GET', '/api/me', alice)).body.status).toBe('Available');
    await api(c.url, 'PUT', '/api/agents/alice/wrapup', sam, { mode: 'default' });
    await api(c.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 30, allowExtension: false });
  });

  it('wrap-up ends by itself when the countdown is over, back to the status from before', async () => {
    await api(c.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 1, allowExtension: false });
    await api(c.url, 'PUT', '/api/me/status', alice, { status: 'Available' });
    await api(c.url, 'POST', '/api/me/wrapup/start', alice, { callId: 'call-short' });
    expect((await api<{ status: string }>(c.url, 'GET', '/api/me', alice)).body.status).toBe('Busy');
    await expect.poll(async () => (await api<{ status: string }>(c.url, 'GET', '/api/me', alice)).body.status, { timeout: 10_000 }).toBe('Available');
    await api(c.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 30, allowExtension: false });
  });

  it('queues: supervisors see all, agents their own', async () => {
    const q = await api<{ queues: Array<{ name: string; displayName: string; sipUri: string; members: Array<{ login: string }> }> }>(c.url, 'GET', '/api/queues', sam);
    expect(q.body.queues).toHaveLength(1);
    expect(q.body.queues[0]).toMatchObject({ name: 'support', displayName: 'Support', sipUri: 'sip:support@softphone.test' });
    expect(q.body.queues[0]!.members.map((m) => m.login).sort()).toEqual(['alice', 'bob']);
    const mine = await api<{ queues: unknown[] }>(c.url, 'GET', '/api/queues', alice);
    expect(mine.body.queues).toHaveLength(1);
  });

  it('locks a login for a minute after 10 wrong passwords', async () => {
    for (let i = 0; i < 10; i++) await api(c.url, 'POST', '/api/login', undefined, { login: 'bob', password: 'wrong' });
    const locked = await api<Err>(c.url, 'POST', '/api/login', undefined, { login: 'bob', password: 'bob' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('locked');
    // Other logins are unaffected.
    expect((await api(c.url, 'POST', '/api/login', undefined, { login: 'alice', password: 'alice' })).status).toBe(200);
  });

  it('/call answers 503 with a build hint while dist/customer is missing', async () => {
    const r = await fetch(`${c.url}/call/`);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run build');
    const redirect = await fetch(`${c.url}/call`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/call/');
  });
});

describe('customer page serving', () => {
  let c: CompanionHandle;
  let dist: string;
  beforeAll(async () => {
    dist = tmp('dist-customer');
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>call</title><script type="module" src="./assets/app.js"></script>');
    await writeFile(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    c = await startCompanion({ dataDir: tmp('companion-page'), customerDistDir: dist });
  });
  afterAll(async () => { await c?.close(); });

  it('serves the page and its assets with a strict CSP, and nothing outside dist', async () => {
    const page = await fetch(`${c.url}/call/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain('connect-src \'self\' ws: wss:');
    expect(csp).toContain('media-src \'self\' blob: mediastream:');
    expect(csp).not.toContain('unsafe');
    const js = await fetch(`${c.url}/call/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${c.url}/call/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${c.url}/call/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${c.url}/call/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });
});

describe('production configuration', () => {
  it('creates no demo data; bootstraps a supervisor from configuration; secret persists across restarts', async () => {
    const dataDir = tmp('companion-prod');
    const c1 = await startCompanion({ dataDir, demo: false, admin: { login: 'root', password: 'correct horse battery' } });
    try {
      expect((await api(c1.url, 'POST', '/api/login', undefined, { login: 'alice', password: 'alice' })).status).toBe(401);
      expect((await api(c1.url, 'POST', '/api/login', undefined, { login: 'sam', password: 'sam' })).status).toBe(401);
      const token = await login(c1.url, 'root', 'correct horse battery');
      expect((await api<{ role: string }>(c1.url, 'GET', '/api/me', token)).body.role).toBe('supervisor');
      expect((await api<{ agents: unknown[] }>(c1.url, 'GET', '/api/agents', token)).body.agents).toHaveLength(1);
      await c1.close();
      // Same data dir: the token is still valid (signing secret kept in the data dir), no second admin.
      const c2 = await startCompanion({ dataDir, demo: false, admin: { login: 'other', password: 'another password' } });
      try {
        expect((await api(c2.url, 'GET', '/api/me', token)).status).toBe(200);
        expect((await api(c2.url, 'POST', '/api/login', undefined, { login: 'other', password: 'another password' })).status).toBe(401);
      } finally {
        await c2.close();
      }
    } finally {
      await c1.close();
    }
  });

  it('runs several companions in one process', async () => {
    const [a, b] = await Promise.all([startCompanion({ dataDir: tmp('multi-a') }), startCompanion({ dataDir: tmp('multi-b') })]);
    try {
      expect(a.url).not.toBe(b.url);
      expect((await api(a.url, 'GET', '/api/health')).status).toBe(200);
      expect((await api(b.url, 'GET', '/api/health')).status).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
