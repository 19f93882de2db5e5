// Resumable uploads against the real companion server: the connection is cut mid-upload by a TCP proxy,
// and the next attempt continues from the server-confirmed offset (bytes on the wire < 2 × the file),
// the server checks the whole file's sha256, and the desktop deletes its copy only after that.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { RecordingCache } from '../../src/main/services/recordings/recording-cache.js';
import { createHttpUploadTarget } from '../../src/main/services/recordings/http-upload-target.js';
import { RecordingUploader, type UploadProgress } from '../../src/main/services/recordings/uploader.js';
import type { RecordingItem, UploadMetadata } from '../../src/shared/recording-api.js';
import { api, login } from '../support/companion-api.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';

const dirs: string[] = [];
const tmp = (p: string) => { const d = mkdtempSync(path.join(tmpdir(), `${p}-`)); dirs.push(d); return d; };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PART = 256 * 1024;

const meta = (p: Partial<UploadMetadata> = {}): UploadMetadata => ({
  recordingId: 'leg-r', fileName: 'conv-r_Alice_Bob_20261201090000.agent.webm', conversationId: 'conv-r', callId: 'call-r',
  agentName: 'Alice', endUserName: 'Bob', endUserPhone: '+8190', direction: 'inbound', leg: 'agent',
  startedAt: '2026-12-01T09:00:00.000Z', endedAt: '2026-12-01T09:10:00.000Z', mimeType: 'audio/webm;codecs=opus', ...p,
});

describe('resumable recording upload', () => {
  let c: CompanionHandle;
  let proxy: FaultProxy;
  let alice: string;
  let sam: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tmp('rec-resume');
    c = await startCompanion({ dataDir, customerDistDir: tmp('no-dist') });
    proxy = await startFaultProxy({ targetPort: Number(new URL(c.url).port) });
    alice = await login(c.url, 'alice');
    sam = await login(c.url, 'sam');
  });
  afterAll(async () => {
    await proxy?.close();
    await c?.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const status = async (clientId: string) =>
    (await api<{ complete: boolean; offset: number }>(c.url, 'GET', `/api/recordings/uploads/${clientId}`, alice)).body;

  const patch = (clientId: string, body: Buffer, h: { offset: number; total: number; sha256: string }, token = alice) =>
    fetch(`${c.url}/api/recordings/uploads/${clientId}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': String(h.offset),
        'upload-length': String(h.total), 'x-content-sha256': h.sha256,
        'x-recording-metadata': Buffer.from(JSON.stringify(meta())).toString('base64url'),
      },
      body: new Uint8Array(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() as { complete?: boolean; offset?: number; error?: { code: string } } }));

  it('a cut mid-upload resumes from the server-confirmed offset; the file arrives whole and only then is deleted locally', async () => {
    const cache = new RecordingCache(tmp('rec-resume-desk'));
    const rec = cache.start({
      callId: 'call-r', conversationId: 'conv-r', agentName: 'Alice', endUserName: 'Bob', endUserPhone: '+8190',
      direction: 'inbound', startedAt: Date.UTC(2026, 11, 1, 9), mimeType: 'audio/webm;codecs=opus',
      plan: { video: false, composition: 'merged', legs: ['merged'] },
    });
    const legId = rec.legs[0]!.legId;
    const chunks = Array.from({ length: 12 }, () => randomBytes(250_000)); // 3 MB, about 11.4 parts
    chunks.forEach((ch, i) => cache.appendChunk(legId, i, ch));
    cache.finishRecording(rec.recordingId);
    const file = Buffer.concat(chunks);

    const progress: UploadProgress[] = [];
    const up = new RecordingUploader({
      cache, baseDelayMs: 10, random: () => 0, onProgress: (p) => progress.push(p),
      target: createHttpUploadTarget({ baseUrl: proxy.url, token: () => alice, partBytes: PART }),
    });
    proxy.cutAfterClientBytes(Math.round(file.length * 0.6));
    await up.runOnce();
    const afterCut = cache.leg(legId)!;
    expect(afterCut).toMatchObject({ state: 'ready', attempts: 1 });
    expect(existsSync(cache.filePath(legId))).toBe(true);
    // The server kept every part that arrived whole: a part boundary somewhere before the cut.
    const confirmed = (await status(legId)).offset;
    expect(confirmed % PART).toBe(0);
    expect(confirmed).toBeGreaterThanOrEqual(file.length * 0.6 - 2 * PART);
    expect(confirmed).toBeLessThan(file.length);

    const firstAttempt = progress.length;
    cache.retryAllNow();
    await up.runOnce();
    expect(cache.leg(legId)).toMatchObject({ state: 'uploaded' });
    expect(existsSync(cache.filePath(legId))).toBe(false);
    // Bytes on the wire (bodies + headers, both attempts): well under twice the file.
    console.log(`resumable upload: ${file.length} bytes, cut at ${Math.round(file.length * 0.6)}, resumed at ${confirmed}, ${proxy.clientBytes} bytes sent in all`);
    expect(proxy.clientBytes).toBeLessThan(2 * file.length);
    expect(proxy.clientBytes).toBeLessThan(file.length + 2 * PART + 64 * 1024);
    // Progress of the second attempt starts at the confirmed offset and only grows.
    const second = progress.slice(firstAttempt).filter((p) => p.state === 'uploading').map((p) => p.sentBytes);
    expect(second[0]).toBe(confirmed);
    expect(second).toEqual([...second].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ state: 'uploaded', sentBytes: file.length, totalBytes: file.length });

    // The server's copy is the whole file, and no partial parts are left behind.
    const list = await api<{ recordings: RecordingItem[] }>(c.url, 'GET', '/api/recordings?callId=call-r', sam);
    expect(list.body.recordings).toHaveLength(1);
    const item = list.body.recordings[0]!;
    expect(item).toMatchObject({ size: file.length, sha256: sha(file) });
    const content = Buffer.from(await (await fetch(`${c.url}/api/recordings/${item.id}/content`, { headers: { authorization: `Bearer ${sam}` } })).arrayBuffer());
    expect(content.equals(file)).toBe(true);
    expect(await status(legId)).toMatchObject({ complete: true, offset: file.length });
    const partial = path.join(dataDir, 'recordings', 'demo', 'partial');
    expect(existsSync(partial) ? readdirSync(partial) : []).toEqual([]);
    await up.stop();
    cache.close();
  });

  it('checks offsets, headers and the whole-file checksum; a damaged upload starts again from 0', async () => {
    const body = randomBytes(3000);
    const good = { offset: 0, total: body.length, sha256: sha(body) };
    expect((await patch('c-bad', body.subarray(0, 1000), { ...good, offset: 5 })).body.error?.code).toBe('offset_mismatch');
    expect((await patch('c-bad', body.subarray(0, 1000), { ...good, total: 500 })).status).toBe(400);
    expect((await patch('c-bad', body.subarray(0, 1000), { ...good, sha256: 'nope' })).status).toBe(400);
    const bad = await fetch(`${c.url}/api/recordings/uploads/c-bad`, {
      method: 'PATCH', headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/octet-stream', 'upload-offset': '-1', 'upload-length': 'x', 'x-content-sha256': good.sha256 }, body: 'x',
    });
    expect(bad.status).toBe(400);
    // Parts in order; a repeated part is refused with the offset to continue from.
    expect((await patch('c-bad', body.subarray(0, 1000), { ...good, sha256: sha(Buffer.from('other')) })).body).toEqual({ complete: false, offset: 1000 });
    expect((await patch('c-bad', body.subarray(0, 1000), { ...good, sha256: sha(Buffer.from('other')) })).body.error?.code).toBe('offset_mismatch');
    // A different file under the same id is refused.
    expect((await patch('c-bad', body.subarray(1000, 2000), { ...good, offset: 1000 })).status).toBe(409);
    // Bob cannot see or continue Alice's upload.
    const bob = await login(c.url, 'bob');
    expect((await api(c.url, 'GET', '/api/recordings/uploads/c-bad', bob)).status).toBe(404);
    expect((await patch('c-bad', body.subarray(1000, 3000), { ...good, offset: 1000, sha256: sha(Buffer.from('other')) }, bob)).status).toBe(404);
    // The last part completes it: the parts do not match the declared sha256 → 422 and the session is gone.
    const last = await patch('c-bad', body.subarray(1000, 3000), { ...good, offset: 1000, sha256: sha(Buffer.from('other')) });
    expect(last.status).toBe(422);
    expect(await status('c-bad')).toEqual({ complete: false, offset: 0 });
    // Sent again correctly, in one part.
    const ok = await patch('c-bad', body, good);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ complete: true, offset: 3000 });
    // Idempotent: the same file again is answered from the stored copy.
    expect((await patch('c-bad', body, good)).body).toMatchObject({ complete: true, offset: 3000 });
  });

  it('offline for hours: every recording waits (backoff capped at 10 min) and all upload once the server is back', async () => {
    let now = Date.UTC(2026, 11, 1, 8);
    const cache = new RecordingCache(tmp('rec-offline'), () => now);
    const sent = new Map<string, Buffer>();
    for (let i = 0; i < 5; i++) {
      const rec = cache.start({
        callId: `off-${i}`, conversationId: `conv-off-${i}`, agentName: 'Alice', endUserName: null, endUserPhone: `+8190${i}`,
        direction: 'inbound', startedAt: now, mimeType: 'audio/webm;codecs=opus', plan: { video: false, composition: 'separate', legs: ['agent', 'customer'] },
      });
      for (const l of rec.legs) {
        const data = randomBytes(20_000 + i * 1000);
        cache.appendChunk(l.legId, 0, data);
        sent.set(l.legId, data);
      }
      cache.finishRecording(rec.recordingId);
      now += 15 * 60_000; // a call every quarter of an hour while the network is down
    }
    proxy.cut(); // the network path is gone: connections are reset
    const up = new RecordingUploader({
      cache, now: () => now, random: () => 1, baseDelayMs: 2_000, maxDelayMs: 10 * 60_000,
      target: createHttpUploadTarget({ baseUrl: proxy.url, token: () => alice, partBytes: PART }),
    });
    const end = now + 6 * 3_600_000;
    let passes = 0;
    while (now < end) {
      await up.runOnce();
      passes++;
      now = Math.max(now + 1, cache.nextDueAt() ?? now + 60_000); // jump to the next attempt
    }
    const legs = cache.listLegs();
    expect(legs).toHaveLength(10);
    expect(legs.every((l) => l.state === 'ready' && l.last_error?.startsWith('Cannot reach the companion server'))).toBe(true);
    // Backoff: a few fast retries, then at most one attempt per leg every 10 minutes (6 h → about 36 each).
    expect(Math.max(...legs.map((l) => l.attempts))).toBeLessThan(50);
    expect(Math.min(...legs.map((l) => l.next_attempt_at - now))).toBeLessThanOrEqual(10 * 60_000);
    console.log(`offline 6 h: ${passes} passes, ${legs.reduce((n, l) => n + l.attempts, 0)} attempts for 10 legs`);

    proxy.restore();
    cache.retryAllNow(); // what signing in again / the network coming back does (RecordingService.onSignedIn)
    await up.runOnce();
    const after = cache.listLegs();
    expect(after.map((l) => l.state)).toEqual(Array(10).fill('uploaded'));
    for (const l of after) expect(existsSync(cache.filePath(l.id))).toBe(false);
    const stored = await api<{ recordings: RecordingItem[] }>(c.url, 'GET', '/api/recordings?limit=1000', sam);
    for (const [legId, data] of sent) {
      const item = stored.body.recordings.find((r) => r.id === after.find((l) => l.id === legId)?.server_id);
      expect(item, legId).toMatchObject({ size: data.length, sha256: sha(data) });
    }
    await up.stop();
    cache.close();
  });

  it('a last part refused for quota keeps the parts; once there is room the desktop just asks the server to finish', async () => {
    const supervisorSets = (quotaGbPerAgent: number) => api(c.url, 'PUT', '/api/recordings/config', sam, { quotaGbPerAgent });
    expect((await supervisorSets(1)).status).toBe(200);
    const usage = async () => (await api<{ usedBytes: number; quotaBytes: number }>(c.url, 'GET', '/api/recordings/usage', sam)).body;
    const perGb = (await usage()).quotaBytes; // bytes one "GB per agent" gives this account
    expect((await supervisorSets(((await usage()).usedBytes + 5_000) / perGb)).status).toBe(200);

    const cache = new RecordingCache(tmp('rec-quota-desk'));
    const rec = cache.start({
      callId: 'call-q', conversationId: 'conv-q', agentName: 'Alice', endUserName: null, endUserPhone: null, direction: 'inbound',
      startedAt: Date.UTC(2026, 11, 1, 9), mimeType: 'audio/webm', plan: { video: false, composition: 'merged', legs: ['merged'] },
    });
    const legId = rec.legs[0]!.legId;
    const file = randomBytes(4_000);
    cache.appendChunk(legId, 0, file);
    cache.finishRecording(rec.recordingId);
    const h = { total: file.length, sha256: sha(file) };
    expect((await patch(legId, file.subarray(0, 2_000), { ...h, offset: 0 })).body).toEqual({ complete: false, offset: 2_000 });
    // Meanwhile another recording takes most of the room.
    const other = randomBytes(3_000);
    expect((await patch('q-other', other, { offset: 0, total: other.length, sha256: sha(other) })).status).toBe(201);
    const refused = await patch(legId, file.subarray(2_000), { ...h, offset: 2_000 });
    expect(refused.status).toBe(507);
    expect(refused.body.error?.code).toBe('quota_exceeded');
    expect(await status(legId)).toEqual({ complete: false, offset: 4_000 }); // nothing to send again

    expect((await supervisorSets(5)).status).toBe(200);
    const [item] = cache.dueUploads();
    const progress: number[] = [];
    const result = await createHttpUploadTarget({ baseUrl: c.url, token: () => alice, partBytes: PART })(item!, (n) => progress.push(n), new AbortController().signal);
    expect(result.sha256).toBe(sha(file));
    expect(progress).toEqual([4_000, 4_000]);
    const stored = Buffer.from(await (await fetch(`${c.url}/api/recordings/${result.serverId}/content`, { headers: { authorization: `Bearer ${sam}` } })).arrayBuffer());
    expect(stored.equals(file)).toBe(true);
    cache.close();
  });
});
