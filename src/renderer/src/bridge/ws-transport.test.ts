// The WebSocket transport against a real WebSocket server (the `ws` package) on a free loopback port.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createBridgeClient } from '../../../shared/bridge.js';
import { initialAppState } from '../../../shared/contract.js';
import { ClientMessageSchema, type HostMessage } from '../../../shared/ws-bridge-protocol.js';
import { bridgeUrl, createWebSocketConnection } from './connect.js';
import { backoffDelay, createWsTransport, type SocketLike, type WsTransport } from './ws-transport.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const wsFactory = (url: string) => new WebSocket(url) as unknown as SocketLike;

async function startHost(port = 0) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const address = wss.address();
  if (!address || typeof address === 'string') throw new Error('unexpected address');
  const sockets = new Set<WebSocket>();
  let connections = 0;
  wss.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const msg = ClientMessageSchema.parse(JSON.parse(String(data)));
      let reply: HostMessage;
      if (msg.method === 'getState') reply = { t: 'result', id: msg.id, envelope: { ok: true, value: initialAppState() } };
      else if (msg.method === 'hang') return; // never answers
      else reply = { t: 'result', id: msg.id, envelope: { ok: false, error: { code: 'nope', message: `no ${msg.method}` } } };
      socket.send(JSON.stringify(reply));
    });
  });
  const host = {
    port: address.port,
    url: `ws://127.0.0.1:${address.port}/bridge`,
    connections: () => connections,
    broadcast: (text: string) => {
      for (const s of sockets) s.send(text);
    },
    dropAll: () => {
      for (const s of sockets) s.terminate();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.terminate();
        wss.close(() => r());
      }),
  };
  cleanups.push(host.close);
  return host;
}

function transport(url: string, extra: Partial<Parameters<typeof createWsTransport>[0]> = {}): WsTransport {
  const t = createWsTransport({ url, createSocket: wsFactory, initialDelayMs: 20, maxDelayMs: 100, ...extra });
  cleanups.push(() => t.close());
  return t;
}

const until = async (cond: () => boolean, what: string, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('WebSocket bridge transport', () => {
  it('builds the same-origin URL', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:7401' })).toBe('ws://127.0.0.1:7401/bridge');
    expect(bridgeUrl({ protocol: 'https:', host: 'agent.example.com' })).toBe('wss://agent.example.com/bridge');
  });

  it('backs off exponentially with a cap', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 250, 5000, mid))).toEqual([250, 500, 1000, 2000, 5000]);
    expect(backoffDelay(0, 1000, 5000, () => 0)).toBe(750);
    expect(backoffDelay(0, 1000, 5000, () => 1)).toBe(1250);
  });

  it('invokes methods, delivers results and typed errors', async () => {
    const host = await startHost();
    const api = createBridgeClient(transport(host.url));
    await expect(api.getState({})).resolves.toEqual(initialAppState());
    await expect(api.answer({ callId: 'x' })).rejects.toMatchObject({ code: 'nope', message: 'no answer' });
  });

  it('delivers valid events and ignores junk frames', async () => {
    const host = await startHost();
    const t = transport(host.url);
    const api = createBridgeClient(t);
    const seen: string[] = [];
    api.on('notice', (n) => seen.push(n.message));
    await until(() => t.status() === 'open', 'open');
    host.broadcast('not json');
    host.broadcast(JSON.stringify({ t: 'weird' }));
    host.broadcast(JSON.stringify({ t: 'event', event: 'notice', payload: { level: 'info', code: 'x', message: 'bad' + 1, extra: true } }));
    host.broadcast(JSON.stringify({ t: 'event', event: 'notice', payload: { level: 'nope' } }));
    await until(() => seen.length === 1, 'one event');
    expect(seen).toEqual(['bad1']);
  });

  it('reconnects by itself, reports its status and keeps event listeners', async () => {
    const host = await startHost();
    const conn = createWebSocketConnection(host.url, wsFactory);
    cleanups.push(() => conn.close());
    const statuses: string[] = [];
    conn.onStatus((s) => statuses.push(s));
    let connectedCount = 0;
    conn.whenConnected(() => connectedCount++);
    const notices: string[] = [];
    conn.api.on('notice', (n) => notices.push(n.message));
    await until(() => connectedCount === 1, 'first connect');

    host.dropAll();
    await until(() => connectedCount === 2, 'reconnect');
    expect(statuses).toEqual(['open', 'connecting', 'open']);
    host.broadcast(JSON.stringify({ t: 'event', event: 'notice', payload: { level: 'info', code: 'x', message: 'after reconnect' } }));
    await until(() => notices.length === 1, 'event after reconnect');
    expect(host.connections()).toBe(2);
  });

  it('a call pending when the link drops resolves with a disconnected error', async () => {
    const host = await startHost();
    const t = transport(host.url);
    await until(() => t.status() === 'open', 'open');
    const pending = t.invoke('hang', {});
    await new Promise((r) => setTimeout(r, 50));
    host.dropAll();
    await expect(pending).resolves.toEqual({ ok: false, error: expect.objectContaining({ code: 'disconnected' }) });
  });

  it('a call made while the host is down waits for it, then goes through', async () => {
    const probe = await startHost();
    const port = probe.port;
    await probe.close();
    cleanups.pop();
    const t = transport(`ws://127.0.0.1:${port}/bridge`);
    const answer = t.invoke('getState', {});
    await new Promise((r) => setTimeout(r, 150));
    expect(t.status()).toBe('connecting');
    await startHost(port);
    await expect(answer).resolves.toEqual({ ok: true, value: initialAppState() });
  });

  it('gives up a call after connectWaitMs when the host stays down', async () => {
    const probe = await startHost();
    const port = probe.port;
    await probe.close();
    cleanups.pop();
    const t = transport(`ws://127.0.0.1:${port}/bridge`, { connectWaitMs: 200 });
    await expect(t.invoke('getState', {})).resolves.toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });
});
