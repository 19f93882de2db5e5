// Hostile input at the companion's HTTP API (issue 9): an authorization matrix over every route the server
// source registers (no token / agent / supervisor / supervisor of another account), property-based fuzzing
// of every body with fast-check (only 4xx, never 5xx, never a partial write), oversized bodies refused
// early (413), path traversal in path parameters refused, and the event WebSocket refusing bad tokens/cursors.
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';
import { ROOT, tempDir } from '../support/processes.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
interface Route { method: Method; url: string }

/** Every `/api/...` route registered in src/server (scanned from the source, so new routes are never missed). */
function serverRoutes(): Route[] {
  const out = new Map<string, Route>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/\.(get|post|put|delete|patch)(?:<[^>]*>)?\(\s*'(\/api\/[^']*)'/g)) {
          const r = { method: m[1]!.toUpperCase() as Method, url: m[2]! };
          out.set(`${r.method} ${r.url}`, r);
        }
      }
    }
  };
  walk(path.join(ROOT, 'src', 'server'));
  return [...out.values()];
}

/** Who may call what. A route missing here fails the test, so every new route gets an authz decision. */
const ACCESS: Record<string, 'public' | 'user' | 'supervisor'> = {
  'GET /api/health': 'public',
  'POST /api/login': 'public',
  'GET /api/me': 'user',
  'PUT /api/me/status': 'user',
  'PUT /api/me/hold': 'user',
  'GET /api/me/wrapup-settings': 'user',
  'POST /api/me/wrapup/start': 'user',
  'POST /api/me/wrapup/extend': 'user',
  'POST /api/me/wrapup/finish': 'user',
  'GET /api/queues': 'user',
  'GET /api/agents': 'supervisor',
  'PUT /api/agents/:login/wrapup': 'supervisor',
  'GET /api/settings/wrapup': 'supervisor',
  'PUT /api/settings/wrapup': 'supervisor',
  'GET /api/settings/routing': 'supervisor',
  'PUT /api/settings/routing': 'supervisor',
  'POST /api/settings/routing/reset': 'supervisor',
  'GET /api/me/recording-policy': 'user',
  'GET /api/recordings': 'user',
  'GET /api/recordings/:id': 'user',
  'GET /api/recordings/:id/content': 'user',
  'GET /api/recordings/:id/metadata.csv': 'user',
  'DELETE /api/recordings/:id': 'supervisor',
  'POST /api/recordings/:id/export': 'supervisor',
  'GET /api/recordings/usage': 'supervisor',
  'GET /api/recordings/audit': 'supervisor',
  'GET /api/recordings/config': 'supervisor',
  'PUT /api/recordings/config': 'supervisor',
  'PUT /api/recordings/overrides/:userId': 'supervisor',
  'PUT /api/recordings/uploads/:clientId': 'user',
  'GET /api/recordings/uploads/:clientId': 'user',
  'PATCH /api/recordings/uploads/:clientId': 'user',
  'POST /api/outbound/check': 'user',
  'GET /api/numbers': 'user',
  'PUT /api/settings/numbers': 'supervisor',
  'GET /api/settings/transfer': 'supervisor',
  'PUT /api/settings/transfer': 'supervisor',
  'GET /api/settings/trunk': 'supervisor',
  'PUT /api/settings/trunk': 'supervisor',
  'GET /api/transfer/targets': 'user',
  'GET /api/transfer/check': 'user',
  'GET /api/queues/:name/settings': 'user',
  'PATCH /api/queues/:name/settings': 'supervisor',
  'PUT /api/queues/:name/members': 'supervisor',
  'GET /api/conversations': 'user',
  'GET /api/conversations/:id': 'user',
  'PATCH /api/conversations/:id': 'user',
  'POST /api/conversations/:id/events': 'user',
  'PUT /api/conversations/:id/form': 'user',
  'GET /api/forms': 'user',
  'POST /api/forms': 'supervisor',
  'PUT /api/forms/:id': 'supervisor',
  'DELETE /api/forms/:id': 'supervisor',
  'GET /api/people': 'user',
  'GET /api/people/lookup': 'user',
  'GET /api/people/:id': 'user',
  'POST /api/people': 'user',
  'PATCH /api/people/:id': 'supervisor',
  'DELETE /api/people/:id': 'supervisor',
  // The API description holds no data; it is public like /api/health.
  'GET /api/openapi.json': 'public',
  'GET /api/settings/waiting-strategies': 'supervisor',
  'POST /api/settings/waiting-strategies': 'supervisor',
  'PUT /api/settings/waiting-strategies/:id': 'supervisor',
  'DELETE /api/settings/waiting-strategies/:id': 'supervisor',
  'GET /api/settings/hold/default': 'supervisor',
  'PUT /api/settings/hold/default': 'supervisor',
  'GET /api/queues/:name/hold': 'user',
  'PUT /api/queues/:name/hold': 'supervisor',
  'POST /api/audio': 'supervisor',
  'GET /api/audio': 'supervisor',
};

const concrete = (url: string) => url.replace(':login', 'alice').replace(':name', 'support').replace(':id', '1').replace(':userId', '1').replace(':clientId', 'c1');

let c: CompanionHandle;
let dataDir: string;
const tokens: Record<string, string> = {};
const routes = serverRoutes();

beforeAll(async () => {
  dataDir = tempDir('hostile-http');
  // First an empty database with a bootstrap supervisor (account "default"), then the demo account.
  const first = await startCompanion({ dataDir, demo: false, admin: { login: 'root', password: 'root-password-1' } });
  await first.close();
  c = await startCompanion({ dataDir, demo: true });
  for (const u of ['alice', 'bob', 'sam']) tokens[u] = await login(c.url, u);
  tokens.root = await login(c.url, 'root', 'root-password-1');
}, 60_000);

afterAll(async () => { await c?.close(); });

describe('authorization matrix', () => {
  it('enumerates the server routes and every one has an access rule', () => {
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.map((r) => `${r.method} ${r.url}`).filter((k) => !(k in ACCESS));
    expect(missing, 'routes without an authz decision in this test').toEqual([]);
  });

  it('no token, a bad token and an agent token are refused where they must be', async () => {
    for (const r of routes) {
      const access = ACCESS[`${r.method} ${r.url}`];
      const url = concrete(r.url);
      const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
      const anon = await api(c.url, r.method, url, undefined, body);
      const forged = await api(c.url, r.method, url, `${tokens.alice!.slice(0, -4)}AAAA`, body);
      if (access === 'public') {
        expect(anon.status, `${r.method} ${r.url} anonymous`).not.toBe(401);
        continue;
      }
      expect(anon.status, `${r.method} ${r.url} anonymous`).toBe(401);
      expect(forged.status, `${r.method} ${r.url} forged token`).toBe(401);
      const agent = await api(c.url, r.method, url, tokens.alice, body);
      if (access === 'supervisor') expect(agent.status, `${r.method} ${r.url} as agent`).toBe(403);
      else expect([401, 403], `${r.method} ${r.url} as agent`).not.toContain(agent.status);
      expect(agent.status, `${r.method} ${r.url} as agent`).toBeLessThan(500);
      const sup = await api(c.url, r.method, url, tokens.sam, body);
      expect([401, 403], `${r.method} ${r.url} as supervisor`).not.toContain(sup.status);
      expect(sup.status, `${r.method} ${r.url} as supervisor`).toBeLessThan(500);
    }
  });

  it('a supervisor of another account sees and changes nothing of the demo account', async () => {
    const agents = await api<{ agents: Array<{ login: string }> }>(c.url, 'GET', '/api/agents', tokens.root);
    expect(agents.status).toBe(200);
    expect(agents.body.agents.map((a) => a.login)).not.toContain('alice');
    expect((await api(c.url, 'PUT', '/api/agents/alice/wrapup', tokens.root, { mode: 'custom', seconds: 5 })).status).toBe(404);
    const me = await api<{ id: string | number }>(c.url, 'GET', '/api/me', tokens.alice);
    expect((await api(c.url, 'PUT', `/api/recordings/overrides/${me.body.id}`, tokens.root, { mode: 'never' })).status).toBe(404);
    const queues = await api<{ queues: Array<{ name: string }> }>(c.url, 'GET', '/api/queues', tokens.root);
    expect(queues.body.queues.map((q) => q.name)).not.toContain('support');
    // The demo settings did not move.
    const settings = await api<{ seconds: number }>(c.url, 'GET', '/api/settings/wrapup', tokens.sam);
    await api(c.url, 'PUT', '/api/settings/wrapup', tokens.root, { enabled: true, seconds: 77, allowExtension: true });
    expect((await api<{ seconds: number }>(c.url, 'GET', '/api/settings/wrapup', tokens.sam)).body).toEqual(settings.body);
  });
});

// ------------------------------------------------------------------------------------------ fuzzing

/** Raw request so we can send bodies that are not JSON at all. */
function raw(method: string, url: string, headers: Record<string, string>, body?: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${c.url}${url}`, { method, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const jsonBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom('status', 'seconds', 'enabled', 'allowExtension', 'mode', 'ringTimeoutSeconds', 'callId', 'notes', 'login', 'password', 'conversationId', 'sftp', 'retentionDays', '__proto__', 'constructor'),
    fc.oneof(fc.jsonValue(), fc.constantFrom(-1, 0, 1e308, 'Available', 'custom', 'default', '', 'x'.repeat(70_000).slice(0, 10_000), null, true)), { maxKeys: 5 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
);

describe('property-based fuzzing of every body', () => {
  const writable = () => routes.filter((r) => r.method !== 'GET' && r.url !== '/api/recordings/uploads/:clientId');

  it('bad bodies get 4xx, never 5xx, as agent and as supervisor (fixed seed)', async () => {
    const counts: Record<string, number> = {};
    await fc.assert(fc.asyncProperty(fc.constantFrom(...writable()), jsonBody, fc.constantFrom('alice', 'sam'), async (r, body, who) => {
      const res = await raw(r.method, concrete(r.url), { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` }, body);
      counts[`${Math.floor(res.status / 100)}xx`] = (counts[`${Math.floor(res.status / 100)}xx`] ?? 0) + 1;
      return res.status < 500;
    }), { seed: 4475, numRuns: 1_500 });
    console.log(JSON.stringify({ httpFuzz: { runs: 1_500, routes: writable().length, counts } }));
    expect((await api<{ status: string }>(c.url, 'GET', '/api/health')).body.status).toBe('ok');
  }, 180_000);

  it('settings are never partially written: after fuzzing, they equal the last accepted value', async () => {
    for (const route of ['/api/settings/wrapup', '/api/settings/routing', '/api/recordings/config']) {
      let expected = (await api(c.url, 'GET', route, tokens.sam)).body;
      await fc.assert(fc.asyncProperty(jsonBody, async (body) => {
        const res = await raw('PUT', route, { 'content-type': 'application/json', authorization: `Bearer ${tokens.sam}` }, body);
        if (res.status >= 500) return false;
        if (res.status < 300) expected = (await api(c.url, 'GET', route, tokens.sam)).body;
        const now = (await api(c.url, 'GET', route, tokens.sam)).body;
        return JSON.stringify(now) === JSON.stringify(expected);
      }), { seed: 9, numRuns: 200 });
    }
  }, 180_000);

  it('oversized bodies are refused early with 413, before the body is read', async () => {
    // 65 KiB of JSON on a normal route (body limit 64 KiB).
    const big = JSON.stringify({ notes: 'x'.repeat(65 * 1024) });
    expect((await raw('POST', '/api/me/wrapup/finish', { 'content-type': 'application/json', authorization: `Bearer ${tokens.alice}` }, big)).status).toBe(413);
    expect((await raw('POST', '/api/login', { 'content-type': 'application/json' }, big)).status).toBe(413);
    // A declared 100 GB upload is refused from the header alone: we send a few bytes and still get the answer.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${c.url}/api/recordings/uploads/c-big`, {
        method: 'PUT',
        agent: false,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(100 * 2 ** 30), authorization: `Bearer ${tokens.alice}` },
      }, (res) => { res.resume(); resolve(res.statusCode ?? 0); req.destroy(); });
      req.on('error', (e) => (/socket hang up|ECONNRESET|EPIPE/.test(String(e)) ? resolve(-1) : reject(e)));
      req.write(Buffer.alloc(1024));
    });
    // The recording route streams its body, so the answer comes from the headers: 413 for the size, or 400
    // when the other required headers are missing; either way before the body was read.
    expect([400, 413]).toContain(status);
  });

  it('path traversal in path parameters is refused and writes nothing outside the data directory', async () => {
    const evil = ['..%2F..%2F..%2Fetc%2Fpasswd', '..%2fpwned', '%2e%2e%2f%2e%2e%2fpwned', '..\\..\\pwned', 'a%00b', '%2F', '....%2F%2Fpwned', 'x'.repeat(5000)];
    for (const e of evil) {
      const up = await raw('PUT', `/api/recordings/uploads/${e}`, {
        'content-type': 'application/octet-stream', authorization: `Bearer ${tokens.alice}`,
        'x-content-sha256': '0'.repeat(64), 'x-recording-metadata': Buffer.from('{}').toString('base64url'),
      }, Buffer.from('hello'));
      expect(up.status, `upload to ${e}`).toBeGreaterThanOrEqual(400);
      expect(up.status, `upload to ${e}`).toBeLessThan(500);
      for (const r of ['/api/recordings/', '/api/agents/']) {
        const suffix = r === '/api/agents/' ? '/wrapup' : '';
        const res = await raw(r === '/api/agents/' ? 'PUT' : 'GET', `${r}${e}${suffix}`, { 'content-type': 'application/json', authorization: `Bearer ${tokens.sam}` }, r === '/api/agents/' ? '{"mode":"default"}' : undefined);
        expect(res.status, `${r}${e}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${r}${e}`).toBeLessThan(500);
        expect(res.text).not.toMatch(/root:x:0:0/);
      }
    }
    expect(existsSync(path.join(dataDir, '..', 'pwned'))).toBe(false);
    expect(existsSync(path.join(path.dirname(dataDir), '..', 'pwned'))).toBe(false);
    // The customer page's static files are not a way out either.
    for (const p of ['/call/..%2F..%2Fpackage.json', '/call/%2e%2e/%2e%2e/package.json', '/call/../../package.json']) {
      const res = await raw('GET', p, {});
      expect(res.text, p).not.toMatch(/"name": "agent-softphone"/);
      expect(res.status, p).toBeLessThan(500);
    }
  });
});

describe('event WebSocket (/api/events)', () => {
  /** Opens the socket; resolves with the HTTP status of a refused upgrade, or 101 when it opened. */
  const open = (query: string, headers: Record<string, string> = {}) => new Promise<{ status: number; ws?: WebSocket }>((resolve) => {
    const ws = new WebSocket(`${c.url.replace(/^http/, 'ws')}/api/events${query}`, { headers });
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) => { resolve({ status: res.statusCode ?? 0 }); ws.terminate(); });
    ws.once('error', () => resolve({ status: -1 }));
  });

  it('refuses bad tokens and bad cursors, shrugs off garbage frames, and keeps serving', async () => {
    for (const q of ['', '?token=', '?token=abc', `?token=${tokens.alice!.slice(0, -3)}xyz`, '?token=%00%00', `?token=${'a'.repeat(10_000)}`]) {
      const r = await open(q);
      expect(r.status, `events${q.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `events${q.slice(0, 40)}`).toBeLessThan(500);
    }
    for (const cursor of ['-1', 'abc', '1e400', '0x10', '%00', '9'.repeat(400)]) {
      const r = await open(`?token=${tokens.alice}&cursor=${cursor}`);
      r.ws?.terminate();
      expect(r.status === 101 || (r.status >= 400 && r.status < 500), `cursor=${cursor.slice(0, 20)} → ${r.status}`).toBe(true);
    }
    const good = await open(`?token=${tokens.alice}`);
    expect(good.status).toBe(101);
    for (const frame of ['not json', '{"t":"invoke"}', Buffer.from([0, 1, 2, 255]), 'x'.repeat(100_000)]) good.ws!.send(frame);
    await new Promise((r) => setTimeout(r, 500));
    good.ws?.terminate();
    expect((await api<{ status: string }>(c.url, 'GET', '/api/health')).body.status).toBe('ok');
    const again = await open(`?token=${tokens.alice}&cursor=0`);
    expect(again.status).toBe(101);
    again.ws?.terminate();
  });
});
