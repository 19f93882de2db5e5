import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingCache, type StartRecordingInput } from './recording-cache.js';
import { RecordingUploader, backoffDelay, type UploadTarget } from './uploader.js';

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(path.join(os.tmpdir(), 'rec-cache-')); dirs.push(d); return d; };
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const input = (p: Partial<StartRecordingInput> = {}): StartRecordingInput => ({
  callId: 'call-1', conversationId: 'conv-1', agentName: 'Alice', endUserName: null, endUserPhone: '+8190',
  direction: 'inbound', startedAt: Date.UTC(2026, 10, 24, 7, 0, 0), mimeType: 'audio/webm;codecs=opus',
  plan: { video: false, composition: 'separate', legs: ['agent', 'customer'] }, ...p,
});
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('RecordingCache', () => {
  it('appends chunks, ignores repeats, refuses gaps and seals with a checksum', () => {
    let t = 1000;
    const cache = new RecordingCache(tmp(), () => t);
    const rec = cache.start(input());
    expect(rec.legs.map((l) => l.fileName)).toEqual([
      'conv-1_Alice_+8190_20261124070000.agent.webm', 'conv-1_Alice_+8190_20261124070000.customer.webm',
    ]);
    const agent = rec.legs[0]!.legId;
    cache.appendChunk(agent, 0, Buffer.from('aaa'));
    cache.appendChunk(agent, 1, Buffer.from('bbb'));
    expect(cache.appendChunk(agent, 1, Buffer.from('bbb'))).toEqual({ chunkCount: 2, bytes: 6 });
    expect(() => cache.appendChunk(agent, 5, Buffer.from('x'))).toThrow(/expected chunk 2/);
    expect(() => cache.appendChunk('nope', 0, Buffer.from('x'))).toThrow(/No recording leg/);
    t = 5000;
    cache.finishRecording(rec.recordingId);
    const legs = cache.legsOf(rec.recordingId);
    // The customer leg got no data: it is dropped rather than uploaded empty.
    expect(legs).toHaveLength(1);
    expect(legs[0]).toMatchObject({ state: 'ready', bytes: 6, sha256: sha(Buffer.from('aaabbb')) });
    expect(readFileSync(cache.filePath(agent), 'utf8')).toBe('aaabbb');
    expect(() => cache.appendChunk(agent, 2, Buffer.from('c'))).toThrow(/already finished/);
    const due = cache.dueUploads(t);
    expect(due).toHaveLength(1);
    expect(due[0]!.metadata).toMatchObject({ callId: 'call-1', leg: 'agent', endedAt: new Date(5000).toISOString() });
    cache.close();
  });

  it('after a crash, finalises the open recording at the last indexed chunk boundary', () => {
    const dir = tmp();
    const T0 = Date.UTC(2026, 10, 24, 7, 0, 0);
    const a = new RecordingCache(dir, () => T0 + 2000);
    const rec = a.start(input({ plan: { video: false, composition: 'merged', legs: ['merged'] } }));
    const leg = rec.legs[0]!.legId;
    a.appendChunk(leg, 0, Buffer.from('header'));
    a.appendChunk(leg, 1, Buffer.from('cluster1'));
    // The process dies while writing the next chunk: bytes on disk that the index never recorded.
    appendFileSync(a.filePath(leg), 'half-writ');
    // (no close: the first instance is abandoned as a killed process would leave it)
    const b = new RecordingCache(dir, () => T0 + 9000);
    expect(b.finaliseInterrupted()).toEqual([rec.recordingId]);
    expect(readFileSync(b.filePath(leg), 'utf8')).toBe('headercluster1');
    const [row] = b.legsOf(rec.recordingId);
    expect(row).toMatchObject({ state: 'ready', sha256: sha(Buffer.from('headercluster1')) });
    // Ended at the last chunk, not at restart time.
    expect(b.dueUploads(T0 + 9000)[0]!.metadata.endedAt).toBe(new Date(T0 + 2000).toISOString());
    expect(b.finaliseInterrupted()).toEqual([]);
    b.close();
    a.close();
  });
});

/** A cache holding one sealed merged leg ("payload"), ready to upload. */
function readyLeg(now: () => number) {
  const cache = new RecordingCache(tmp(), now);
  const rec = cache.start(input({ plan: { video: false, composition: 'merged', legs: ['merged'] } }));
  const leg = rec.legs[0]!.legId;
  cache.appendChunk(leg, 0, Buffer.from('payload'));
  cache.finishRecording(rec.recordingId);
  return { cache, leg };
}

describe('RecordingUploader', () => {
  it('backs off exponentially with jitter', () => {
    expect(backoffDelay(0, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(0, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 0.5)).toBe(45_000);
  });

  it('retries until the server confirms the checksum, then deletes the local file', async () => {
    let now = 10_000;
    const { cache, leg } = readyLeg(() => now);
    let online = false;
    let wrongSum = true;
    const calls: string[] = [];
    const target: UploadTarget = async (item, onProgress) => {
      calls.push(item.leg.id);
      if (!online) throw new Error('offline');
      onProgress(item.leg.bytes);
      if (wrongSum) { wrongSum = false; return { serverId: 's1', sha256: '0'.repeat(64) }; }
      return { serverId: 's1', sha256: item.leg.sha256! };
    };
    const progress: string[] = [];
    const up = new RecordingUploader({ cache, target, now: () => now, random: () => 1, baseDelayMs: 1000, onProgress: (p) => progress.push(p.state) });
    await up.runOnce();
    expect(cache.leg(leg)).toMatchObject({ state: 'ready', attempts: 1, last_error: 'offline', next_attempt_at: 11_000 });
    await up.runOnce(); // not due yet
    expect(calls).toHaveLength(1);
    now = 11_000; online = true;
    await up.runOnce();
    // Checksum mismatch: kept, retried later.
    expect(cache.leg(leg)).toMatchObject({ state: 'ready', attempts: 2, next_attempt_at: 13_000 });
    expect(existsSync(cache.filePath(leg))).toBe(true);
    now = 13_000;
    await up.runOnce();
    expect(cache.leg(leg)).toMatchObject({ state: 'uploaded', server_id: 's1' });
    expect(existsSync(cache.filePath(leg))).toBe(false);
    expect(progress).toContain('uploaded');
    await up.stop();
    cache.close();
  });

  it('pauses as a whole when the index refuses a write (read-only disk) instead of re-uploading in a loop', async () => {
    let now = 10_000;
    const { cache, leg } = readyLeg(() => now);
    const refused = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    const markUploaded = cache.markUploaded.bind(cache);
    let readOnly = true;
    cache.markUploaded = (id, serverId) => { if (readOnly) throw refused; markUploaded(id, serverId); };
    let calls = 0;
    const errors: string[] = [];
    const up = new RecordingUploader({
      cache, now: () => now, random: () => 1, baseDelayMs: 1000, onError: (m) => errors.push(m),
      target: async (item) => { calls++; return { serverId: 's1', sha256: item.leg.sha256! }; },
    });
    await up.runOnce();
    expect(calls).toBe(1); // not retried within the pass although the leg is still "ready" and due
    expect(errors).toEqual([expect.stringMatching(/index cannot be updated: attempt to write a readonly database/)]);
    now = 10_500;
    await up.runOnce();
    expect(calls).toBe(1); // paused
    readOnly = false;
    up.resume();
    await vi.waitFor(() => expect(cache.leg(leg)?.state).toBe('uploaded'));
    expect(calls).toBe(2);
    expect(existsSync(cache.filePath(leg))).toBe(false);
    await up.stop();
    cache.close();
  });
});
