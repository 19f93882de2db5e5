// The companion event stream (`/api/events`): live events, cursor replay (also across a restart), auth.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ServerEventSchema, type ServerEvent } from '../../src/shared/companion-api.js';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { api, login } from '../support/companion-api.js';

/** A stream client that collects validated events. */
class Stream {
  readonly events: ServerEvent[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.events.push(ServerEventSchema.parse(JSON.parse(String(d)))));
  }

  static open(base: string, token: string, cursor?: number): Promise<Stream> {
    const url = `${base.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}${cursor !== undefined ? `&cursor=${cursor}` : ''}`;
    const ws = new WebSocket(url);
    const s = new Stream(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(s));
      ws.once('error', reject);
    });
  }

  async waitFor(pred: (e: ServerEvent) => boolean, what: string): Promise<ServerEvent> {
    await expect.poll(() => this.events.some(pred), { timeout: 10_000, message: what }).toBe(true);
    return this.events.find(pred)!;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => { this.ws.once('close', () => resolve()); this.ws.close(); });
  }
}

/** HTTP status of a WebSocket upgrade attempt (101 when it opens). */
function upgradeStatus(url: string): Promise<number> {
  const ws = new WebSocket(url);
  ws.on('error', () => undefined);
  return new Promise<number>((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => { ws.close(); resolve(101); });
  });
}

describe('event stream', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'companion-events-'));
  let c: CompanionHandle;
  let sam: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    c = await startCompanion({ dataDir });
    sam = await login(c.url, 'sam');
    alice = await login(c.url, 'alice');
    bob = await login(c.url, 'bob');
  });
  afterAll(async () => { await c?.close(); });

  it('pushes agent.status live with increasing seq', async () => {
    const s = await Stream.open(c.url, sam);
    await api(c.url, 'PUT', '/api/me/status', alice, { status: 'Available' });
    await api(c.url, 'PUT', '/api/me/status', alice, { status: 'Away' });
    await s.waitFor((e) => e.type === 'agent.status' && e.login === 'alice' && e.status === 'Away', 'alice Away');
    const seqs = s.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(s.events.filter((e) => e.type === 'agent.status').map((e) => e.type === 'agent.status' && e.status)).toEqual(['Available', 'Away']);
    await s.close();
  });

  it('replays what was missed after the cursor, then continues live', async () => {
    const first = await Stream.open(c.url, alice);
    await api(c.url, 'PUT', '/api/me/status', bob, { status: 'Available' });
    const seen = await first.waitFor((e) => e.type === 'agent.status' && e.login === 'bob' && e.status === 'Available', 'bob Available');
    await first.close();

    // Missed while disconnected: a status change and a whole wrap-up.
    await api(c.url, 'PUT', '/api/me/status', bob, { status: 'Away' });
    await api(c.url, 'PUT', '/api/me/status', bob, { status: 'Available' });
    await api(c.url, 'POST', '/api/me/wrapup/start', bob, { callId: 'c-77' });
    await api(c.url, 'POST', '/api/me/wrapup/finish', bob);

    const again = await Stream.open(c.url, alice, seen.seq);
    await again.waitFor((e) => e.type === 'wrapup.ended', 'wrap-up end replayed');
    const replayed = again.events.map((e) => (e.type === 'agent.status' ? `status:${e.status}` : e.type));
    expect(replayed).toEqual(['status:Away', 'status:Available', 'wrapup.started', 'status:Busy', 'wrapup.ended', 'status:Available']);
    expect(again.events[0]!.seq).toBe(seen.seq + 1);
    const started = again.events.find((e) => e.type === 'wrapup.started');
    expect(started).toMatchObject({ callId: 'c-77', conversationId: null, canExtend: false });

    // Then live.
    await api(c.url, 'PUT', '/api/me/status', bob, { status: 'Offline' });
    await again.waitFor((e) => e.type === 'agent.status' && e.status === 'Offline', 'live after replay');
    await again.close();
  });

  it('replays from the persisted log after a restart', async () => {
    const s = await Stream.open(c.url, sam);
    await api(c.url, 'PUT', '/api/me/status', alice, { status: 'Busy' });
    const e = await s.waitFor((x) => x.type === 'agent.status' && x.status === 'Busy' && x.login === 'alice', 'alice Busy');
    await s.close();
    await c.close();
    c = await startCompanion({ dataDir });
    // Tokens survive the restart (the signing secret lives in the data dir).
    await api(c.url, 'PUT', '/api/me/status', alice, { status: 'Available' });
    const after = await Stream.open(c.url, sam, e.seq - 1);
    await after.waitFor((x) => x.type === 'agent.status' && x.status === 'Available' && x.login === 'alice', 'replayed across restart');
    expect(after.events[0]).toEqual(e);
    expect(after.events.map((x) => x.seq)).toEqual([e.seq, e.seq + 1]);
    await after.close();
  });

  it('refuses connections without a valid token', async () => {
    const base = `${c.url.replace(/^http/, 'ws')}/api/events`;
    for (const token of ['', 'garbage', `${sam}x`]) {
      expect(await upgradeStatus(`${base}?token=${encodeURIComponent(token)}`), `token "${token}"`).toBe(401);
    }
    expect(await upgradeStatus(`${base}?token=${encodeURIComponent(sam)}&cursor=-5`)).toBe(400);
    expect(await upgradeStatus(`${c.url.replace(/^http/, 'ws')}/api/elsewhere`)).toBe(404);
  });
});
