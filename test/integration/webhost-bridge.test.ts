// The web host for real: node:http serving a tiny renderer with the strict CSP, the /bridge WebSocket
// (origin check, malformed input, events to every socket, media requests only to the media host), and
// the `npm run web` CLI (listening line, clean exit on SIGTERM).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SessionState } from 'sip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AppState, MediaRequest } from '../../src/shared/contract.js';
import type { HostMessage } from '../../src/shared/ws-bridge-protocol.js';
import { silentLogger } from '../../src/main/ports.js';
import { fixedSdp, startCustomer, until } from '../../src/main/testing/sip-peers.js';
import { startWebHost, type WebHost } from '../../src/main/web-host/host.js';
import { startCompanion } from '../../src/server/app.js';
import { startWebHostProcess } from '../support/processes.js';

type Companion = Awaited<ReturnType<typeof startCompanion>>;

let companion: Companion;
let host: WebHost;
let staticDir: string;
const sockets: Client[] = [];

/** A bridge client over `ws` that records every host message. */
class Client {
  messages: HostMessage[] = [];
  private nextId = 1;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.messages.push(JSON.parse(String(d)) as HostMessage));
  }
  static async open(url: string, origin: string | undefined = new URL(url).origin): Promise<Client> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/bridge`, origin ? { origin } : {});
    const c = new Client(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    sockets.push(c);
    return c;
  }
  sendRaw(data: string | Buffer) {
    this.ws.send(data);
  }
  async result(id: number) {
    const m = await until(() => this.messages.find((x) => x.t === 'result' && x.id === id), `result ${id}`);
    return (m as Extract<HostMessage, { t: 'result' }>).envelope;
  }
  async invoke(method: string, args: unknown = {}) {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ t: 'invoke', id, method, args }));
    return this.result(id);
  }
  events(name: string) {
    return this.messages.filter((m): m is Extract<HostMessage, { t: 'event' }> => m.t === 'event' && m.event === name).map((m) => m.payload);
  }
}

function httpGet(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  staticDir = mkdtempSync(path.join(tmpdir(), 'webhost-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Softphone</title><script type="module" src="./assets/app.js"></script>');
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("hi")');
  companion = await startCompanion({ host: '127.0.0.1', port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'webhost-companion-')), demo: true });
  host = await startWebHost({ port: 0, companionUrl: companion.url, staticDir, logger: silentLogger });
});

afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await host?.close();
  await companion?.close();
});

describe('web host: static files', () => {
  it('serves index.html with the strict CSP', async () => {
    const res = await httpGet(`${host.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>Softphone</title>');
    const port = new URL(host.url).port;
    expect(res.headers['content-security-policy']).toBe(
      `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ws://127.0.0.1:${port}; media-src 'self' blob: mediastream:; ` +
      "img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their type and refuses escapes, other methods and foreign Host names', async () => {
    const js = await httpGet(`${host.url}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await httpGet(`${host.url}/missing.js`)).status).toBe(404);
    expect((await httpGet(`${host.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await httpGet(`${host.url}/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await httpGet(`${host.url}/%E0%A4%A`)).status).toBe(404);
    expect((await httpGet(`${host.url}/`, {}, 'POST')).status).toBe(405);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 must not be served.
    expect((await httpGet(`${host.url}/`, { host: 'evil.example' })).status).toBe(421);
  });
});

describe('web host: /bridge', () => {
  it('rejects a foreign Origin and a missing Origin', async () => {
    await expect(Client.open(host.url, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(Client.open(host.url, `http://127.0.0.1:1`)).rejects.toThrow(/403/);
    await expect(Client.open(host.url, '')).rejects.toThrow(/403/);
  });

  it('sends the current state on connect and answers getState', async () => {
    const c = await Client.open(host.url);
    const first = await until(() => c.messages[0], 'first message');
    expect(first).toMatchObject({ t: 'event', event: 'state', payload: { session: null, registration: { state: 'unregistered' } } });
    expect(await c.invoke('getState')).toEqual({ ok: true, value: host.service.getState() });
  });

  it('answers malformed messages with error envelopes and keeps working', async () => {
    const c = await Client.open(host.url);
    c.sendRaw('not json');
    c.sendRaw(JSON.stringify({ t: 'invoke', id: 7, method: 42 }));
    c.sendRaw(JSON.stringify({ hello: 'world' }));
    c.sendRaw(Buffer.from([1, 2, 3]));
    await until(() => c.messages.filter((m) => m.t === 'result').length >= 4, 'four error results');
    const results = c.messages.filter((m): m is Extract<HostMessage, { t: 'result' }> => m.t === 'result');
    expect(results.map((r) => [r.id, r.envelope.ok])).toEqual([[-1, false], [7, false], [-1, false], [-1, false]]);
    expect(results.every((r) => !r.envelope.ok && r.envelope.error.code === 'bad_message')).toBe(true);
    expect(await c.invoke('noSuchMethod')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await c.invoke('answer', { callId: 5 })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(await c.invoke('answer', { callId: 'nope' })).toMatchObject({ ok: false, error: { code: 'no_such_call' } });
    expect(await c.invoke('getState')).toMatchObject({ ok: true });
  });

  it('closes a socket whose message exceeds maxPayload, and the host stays up', async () => {
    const c = await Client.open(host.url);
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.sendRaw('x'.repeat(600 * 1024));
    expect(await closed).toBe(1009);
    const d = await Client.open(host.url);
    expect(await d.invoke('getState')).toMatchObject({ ok: true });
  });

  it('signs in over the socket; state events reach every socket; media requests go to the media host only', async () => {
    const media = await Client.open(host.url);
    const ui = await Client.open(host.url);
    expect(await media.invoke('mediaReady')).toEqual({ ok: true, value: null });
    // The media host answers like the renderer's media engine would.
    const served = new Set<string>();
    media.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as HostMessage;
      if (m.t !== 'event' || m.event !== 'mediaRequest') return;
      const req = m.payload as MediaRequest;
      if (served.has(req.requestId)) return;
      served.add(req.requestId);
      const value = req.op === 'getDescription' ? { body: fixedSdp('sendrecv', 3), contentType: 'application/sdp' } : null;
      media.ws.send(JSON.stringify({ t: 'invoke', id: 1000 + served.size, method: 'mediaReply', args: { requestId: req.requestId, ok: true, value } }));
    });

    const signIn = await ui.invoke('signIn', { login: 'alice', password: 'alice' });
    expect(signIn).toMatchObject({ ok: true, value: { registration: { state: 'registered' } } });
    for (const c of [media, ui]) {
      await until(() => c.events('state').some((s) => (s as AppState).registration.state === 'registered'), 'registered state on every socket');
    }
    expect(await ui.invoke('setStatus', { status: 'Available' })).toEqual({ ok: true, value: null });

    const customer = await startCustomer(companion.sipWebSocketUrl, `sip:customer@${companion.sipDomain}`);
    try {
      const { inviter } = await customer.call(`sip:support@${companion.sipDomain}`);
      const ringing = await until(() => ui.events('state').map((s) => (s as AppState).call).find((c) => c?.phase === 'ringing'), 'ringing on the ui socket');
      expect(await ui.invoke('answer', { callId: ringing.callId })).toEqual({ ok: true, value: null });
      await until(() => inviter.state === SessionState.Established, 'customer connected');
      expect(media.events('mediaRequest').length).toBeGreaterThan(0);
      expect(ui.events('mediaRequest')).toHaveLength(0);

      // The media host's page reloads: signalling does not care, the call stays up.
      media.ws.close();
      await until(() => host.service.mediaHost() === null, 'media host to be forgotten');
      expect(host.service.getState().call?.phase).toBe('active');
      expect(host.service.getState().registration.state).toBe('registered');
      await ui.invoke('hangup', { callId: ringing.callId });
      await until(() => inviter.state === SessionState.Terminated, 'customer hung up');
    } finally {
      await customer.stop();
    }
    expect(await ui.invoke('signOut')).toEqual({ ok: true, value: null });
  });
});

describe('web host CLI', () => {
  it('prints "listening <url>", serves, and exits 0 on SIGTERM', async () => {
    const svc = await startWebHostProcess(companion.url, ['--static', staticDir]);
    try {
      expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await httpGet(`${svc.url}/`);
      expect(res.status).toBe(200);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    } finally {
      expect(await svc.stop()).toBe(0);
    }
  });

  it('refuses bad arguments with a message', async () => {
    await expect(startWebHostProcess(companion.url, ['--port', 'abc'])).rejects.toThrow(/invalid port "abc"/);
  });
});
