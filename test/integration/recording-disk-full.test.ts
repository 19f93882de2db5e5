// Fault test (issue 9): the recording cache on a REAL small file system (tmpfs) that fills up or is
// read-only. The call's recording keeps being accepted, the agent is told (notice codes with en/ja
// texts), the index and files stay consistent, and everything is written and uploaded once space returns.
import BetterSqlite3 from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingService, type RecordingNotice } from '../../src/main/services/recordings/recording-service.js';
import { initialAppState, type AppState, type CallInfo } from '../../src/shared/contract.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../src/shared/recording-policy.js';
import { en } from '../../src/renderer/src/i18n/en.js';
import { ja } from '../../src/renderer/src/i18n/ja.js';
import { mountTmpfs, tmpfsUnavailableReason, type Tmpfs } from '../support/tmpfs.js';

const unavailable = tmpfsUnavailableReason();
const mounts: Tmpfs[] = [];
const services: RecordingService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose().catch(() => undefined);
  for (const m of mounts.splice(0)) { try { m.readWrite(); } catch { /* already rw */ } m.unmount(); }
});

const call = (id: string, p: Partial<CallInfo> = {}): CallInfo => ({
  callId: id, direction: 'inbound', phase: 'active', remoteUri: 'sip:c@x', customerName: 'Bob', customerNumber: '+8190',
  queue: null, callType: 'normal', channel: 'phone', conversationId: `conv-${id}`, startedAt: 0, answeredAt: Date.UTC(2026, 11, 1, 9), endedAt: null,
  held: false, muted: false, endReason: null, ...p,
});
const withCall = (c: CallInfo | null): AppState => ({ ...initialAppState(), call: c });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function recorder(dir: string, maxBufferedBytes?: number) {
  const notices: RecordingNotice[] = [];
  const uploaded = new Map<string, Buffer>();
  const svc = new RecordingService({
    dir, endGraceMs: 20, storageRetryMs: 50, uploadBaseDelayMs: 20, maxBufferedBytes,
    companion: () => ({ baseUrl: 'http://unused.invalid', token: 't', agentName: 'Alice' }),
    fetchPolicy: async () => ({ ...DEFAULT_RECORDING_SETTINGS, enabled: true }),
    // Stands in for the companion server: keeps exactly the bytes of the sealed file.
    uploadTarget: async (item) => {
      const body = readFileSync(item.filePath);
      uploaded.set(item.leg.leg, body);
      return { serverId: `s-${item.leg.id}`, sha256: sha(body) };
    },
    onNotice: (n) => notices.push(n),
  });
  services.push(svc);
  svc.start();
  return { svc, notices, uploaded };
}

async function begin(svc: RecordingService, id: string) {
  svc.onState(withCall(call(id)), withCall(null));
  const plan = await svc.begin({ callId: id, hasVideo: false, mimeType: 'audio/webm' });
  expect(plan?.legs.map((l) => l.leg)).toEqual(['agent', 'customer']);
  return plan!.legs;
}

/** Sends chunk `seq` of every leg, as the renderer does every second; returns what was sent per leg. */
function sendChunks(svc: RecordingService, legs: { legId: string; leg: string }[], from: number, to: number, size: number, sent: Map<string, Buffer[]>) {
  for (let seq = from; seq < to; seq++) {
    for (const l of legs) {
      const data = randomBytes(size);
      expect(svc.chunk({ legId: l.legId, seq, data: data.toString('base64') })).toEqual({ chunkCount: seq + 1 });
      sent.set(l.leg, [...(sent.get(l.leg) ?? []), data]);
    }
  }
}

/** The index never claims bytes the file does not have, and SQLite itself finds nothing wrong. */
function expectConsistent(dir: string) {
  const db = new BetterSqlite3(path.join(dir, 'recordings.sqlite'), { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const legs = db.prepare(`SELECT id, bytes, state FROM legs WHERE state != 'uploaded'`).all() as { id: string; bytes: number; state: string }[];
    for (const l of legs) {
      const size = l.bytes === 0 ? 0 : statSync(path.join(dir, 'files', `${l.id}.bin`)).size;
      if (l.state === 'ready') expect(size).toBe(l.bytes); else expect(size).toBeGreaterThanOrEqual(l.bytes);
    }
    return legs;
  } finally {
    db.close();
  }
}

describe.skipIf(unavailable !== null)(`recording cache on a full or read-only disk${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('disk fills mid-call: chunks wait in memory, the agent is told, nothing is lost and all is uploaded when space returns', async () => {
    const fs = mountTmpfs(4 * 1024 * 1024);
    mounts.push(fs);
    const { svc, notices, uploaded } = recorder(fs.dir);
    const legs = await begin(svc, 'full');
    const sent = new Map<string, Buffer[]>();
    sendChunks(svc, legs, 0, 5, 8_000, sent);
    expect(svc.bufferedBytes).toBe(0);

    expect(fs.fill()).toBeGreaterThan(1_000_000);
    sendChunks(svc, legs, 5, 20, 8_000, sent); // the call goes on: every chunk is accepted
    expect(notices.map((n) => n.code)).toEqual(['recording_storage_full']);
    expect(svc.bufferedBytes).toBeGreaterThanOrEqual(14 * 8_000);
    expect(expectConsistent(fs.dir).every((l) => l.bytes <= 5 * 8_000)).toBe(true);

    // Hang-up while still full: sealing waits behind the chunks, nothing is uploaded half-written.
    svc.onState(withCall(null), withCall(call('full')));
    await new Promise((r) => setTimeout(r, 200)); // let the grace timer and a few retries run against the full disk
    expect(uploaded.size).toBe(0);
    expectConsistent(fs.dir);

    fs.free();
    await expect.poll(() => uploaded.size, { timeout: 20_000 }).toBe(2);
    for (const l of legs) expect(uploaded.get(l.leg)!.equals(Buffer.concat(sent.get(l.leg)!))).toBe(true);
    expect(notices.map((n) => n.code)).toEqual(['recording_storage_full', 'recording_storage_recovered']);
    expect(svc.bufferedBytes).toBe(0);
    await expect.poll(() => svc.list().map((l) => l.state), { timeout: 10_000 }).toEqual(['uploaded', 'uploaded']);
    expectConsistent(fs.dir);
  });

  it('read-only data folder at start-up: the app starts, records in memory, and writes everything once writable', async () => {
    const fs = mountTmpfs(4 * 1024 * 1024);
    mounts.push(fs);
    const first = recorder(fs.dir); // an earlier run created the index
    await first.svc.dispose();
    services.splice(services.indexOf(first.svc), 1);
    fs.readOnly();

    const { svc, notices, uploaded } = recorder(fs.dir);
    expect(notices.map((n) => n.code)).toEqual(['recording_storage_unwritable']);
    expect(svc.list()).toEqual([]);
    const legs = await begin(svc, 'ro');
    const sent = new Map<string, Buffer[]>();
    sendChunks(svc, legs, 0, 6, 5_000, sent);
    // A chunk repeated by the renderer is ignored and a gap refused, as with a writable disk.
    expect(svc.chunk({ legId: legs[0]!.legId, seq: 2, data: '' })).toEqual({ chunkCount: 6 });
    expect(() => svc.chunk({ legId: legs[0]!.legId, seq: 9, data: '' })).toThrow(expect.objectContaining({ code: 'recording_chunk_gap' }));
    svc.onState(withCall(null), withCall(call('ro')));
    await new Promise((r) => setTimeout(r, 200));
    expect(uploaded.size).toBe(0);

    fs.readWrite();
    await expect.poll(() => uploaded.size, { timeout: 20_000 }).toBe(2);
    for (const l of legs) expect(uploaded.get(l.leg)!.equals(Buffer.concat(sent.get(l.leg)!))).toBe(true);
    expect(notices.map((n) => n.code)).toEqual(['recording_storage_unwritable', 'recording_storage_recovered']);
    expectConsistent(fs.dir);
  });

  it('memory reserve used up: that recording stops at its last kept chunk, the file stays whole and playable up to there', async () => {
    const fs = mountTmpfs(4 * 1024 * 1024);
    mounts.push(fs);
    const { svc, notices, uploaded } = recorder(fs.dir, 50_000);
    const legs = await begin(svc, 'bound');
    const sent = new Map<string, Buffer[]>();
    sendChunks(svc, legs, 0, 2, 10_000, sent);
    fs.fill();
    sendChunks(svc, legs, 2, 10, 10_000, sent);
    expect(notices.map((n) => n.code)).toEqual(['recording_storage_full', 'recording_storage_overflow', 'recording_storage_overflow']);
    expect(svc.bufferedBytes).toBeLessThanOrEqual(50_000);
    fs.free();
    sendChunks(svc, legs, 10, 12, 10_000, sent); // still dropped: a file with a hole would not play
    svc.onState(withCall(null), withCall(call('bound')));
    await expect.poll(() => uploaded.size, { timeout: 20_000 }).toBe(2);
    // 2 chunks written + 5 chunks (50 kB of both legs) kept in memory, in order: agent 2,3 / customer 2,3 (+ agent 4).
    const kept = (leg: string) => uploaded.get(leg)!.length / 10_000;
    expect(kept('agent') + kept('customer')).toBe(2 + 2 + 5);
    for (const l of legs) expect(uploaded.get(l.leg)!.equals(Buffer.concat(sent.get(l.leg)!.slice(0, kept(l.leg))))).toBe(true);
    expectConsistent(fs.dir);
  });

  it('has the notice texts in English and Japanese', () => {
    for (const code of ['recording_storage_full', 'recording_storage_unwritable', 'recording_storage_overflow', 'recording_storage_recovered']) {
      const key = `notice.${code}` as keyof typeof en;
      expect(en[key]).toBeTruthy();
      expect(ja[key]).toBeTruthy();
      expect(ja[key]).not.toBe(en[key]);
    }
  });
});
