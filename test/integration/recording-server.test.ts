// Recording store against the real companion server: the desktop cache and uploader send real files over
// HTTP; the server encrypts at rest, segregates accounts, enforces quota, audits deletions and purges.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsersRepo } from '../../src/server/accounts/users-repo.js';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/db/database.js';
import { RecordingCache } from '../../src/main/services/recordings/recording-cache.js';
import { createHttpUploadTarget } from '../../src/main/services/recordings/http-upload-target.js';
import { RecordingUploader } from '../../src/main/services/recordings/uploader.js';
import { deriveKey, loadOrCreateRecordingKey } from '../../src/server/recordings/recording-crypto.js';
import { RecordingStore } from '../../src/server/recordings/recording-store.js';
import type { RecordingItem, UploadMetadata } from '../../src/shared/recording-api.js';
import { DAY_MS } from '../../src/shared/recording-retention.js';
import { api, login } from '../support/companion-api.js';

const dirs: string[] = [];
const tmp = (p: string) => { const d = mkdtempSync(path.join(tmpdir(), `${p}-`)); dirs.push(d); return d; };
type Err = { error: { code: string; message: string } };
afterAll(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const meta = (p: Partial<UploadMetadata> = {}): UploadMetadata => ({
  recordingId: 'leg-x', fileName: 'conv-9_Alice_Bob_20261124070000.customer.webm', conversationId: 'conv-9', callId: 'call-9',
  agentName: 'Alice', endUserName: 'Bob', endUserPhone: '+8190', direction: 'inbound', leg: 'customer',
  startedAt: '2026-11-24T07:00:00.000Z', endedAt: '2026-11-24T07:01:00.000Z', mimeType: 'audio/webm;codecs=opus', ...p,
});

async function rawUpload(base: string, token: string, clientId: string, body: Buffer, m: UploadMetadata, shaHeader = sha(body)) {
  const res = await fetch(`${base}/api/recordings/uploads/${clientId}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream',
      'x-content-sha256': shaHeader, 'x-recording-metadata': Buffer.from(JSON.stringify(m)).toString('base64url'),
    },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: await res.json() as unknown };
}

describe('recording store (server)', () => {
  let c: CompanionHandle;
  let dataDir: string;
  let sam: string;
  let alice: string;
  let bob: string;
  let eve: string;
  let eveBoss: string;

  beforeAll(async () => {
    dataDir = tmp('rec-server');
    c = await startCompanion({ dataDir, customerDistDir: tmp('no-dist') });
    // A second account with its own agent and supervisor, written with the server's own repository.
    const db = await openDatabase(dataDir);
    const users = new UsersRepo(db);
    await users.createAccount('other', 'Other Inc');
    await users.create({ accountId: 'other', login: 'eve', displayName: 'Eve', role: 'agent', password: 'eve-password', realm: 'softphone.test' });
    await users.create({ accountId: 'other', login: 'oscar', displayName: 'Oscar', role: 'supervisor', password: 'oscar-password', realm: 'softphone.test' });
    await db.destroy();
    sam = await login(c.url, 'sam');
    alice = await login(c.url, 'alice');
    bob = await login(c.url, 'bob');
    eve = await login(c.url, 'eve', 'eve-password');
    eveBoss = await login(c.url, 'oscar', 'oscar-password');
  });
  afterAll(async () => {
    await c?.close();
  });

  let uploaded: RecordingItem;
  let payload: Buffer;

  it('uploads from the desktop cache, confirms the checksum and only then deletes the local file', async () => {
    const cache = new RecordingCache(tmp('rec-desk'));
    const rec = cache.start({
      callId: 'call-1', conversationId: 'conv-1', agentName: 'Alice', endUserName: 'Bob Customer', endUserPhone: '+81312345678',
      direction: 'inbound', startedAt: Date.UTC(2026, 10, 24, 7, 0, 0), mimeType: 'audio/webm;codecs=opus',
      plan: { video: false, composition: 'merged', legs: ['merged'] },
    });
    const legId = rec.legs[0]!.legId;
    const chunks = [randomBytes(40_000), randomBytes(50_000), randomBytes(1234)];
    chunks.forEach((ch, i) => cache.appendChunk(legId, i, ch));
    cache.finishRecording(rec.recordingId);
    payload = Buffer.concat(chunks);
    let token: string | null = null; // signed out at first: the upload waits and retries
    const progress: number[] = [];
    const up = new RecordingUploader({
      cache, target: createHttpUploadTarget({ baseUrl: c.url, token: () => token }), baseDelayMs: 10, random: () => 0,
      onProgress: (p) => { if (p.state === 'uploading') progress.push(p.sentBytes); },
    });
    await up.runOnce();
    expect(cache.leg(legId)).toMatchObject({ state: 'ready', attempts: 1, last_error: 'Not signed in to the companion server.' });
    token = alice;
    cache.retryAllNow();
    await up.runOnce();
    expect(cache.leg(legId)?.state).toBe('uploaded');
    expect(existsSync(cache.filePath(legId))).toBe(false);
    expect(progress.at(-1)).toBe(payload.length);
    await up.stop();
    cache.close();

    const list = await api<{ recordings: RecordingItem[] }>(c.url, 'GET', '/api/recordings?conversationId=conv-1', alice);
    expect(list.status).toBe(200);
    expect(list.body.recordings).toHaveLength(1);
    uploaded = list.body.recordings[0]!;
    expect(uploaded).toMatchObject({
      fileName: 'conv-1_Alice_Bob-Customer_20261124070000.webm', agentName: 'Alice', endUserName: 'Bob Customer',
      endUserPhone: '+81312345678', callId: 'call-1', leg: 'merged', direction: 'inbound', size: payload.length, sha256: sha(payload),
    });
  });

  it('stores content encrypted at rest and downloads the plaintext with its CSV', async () => {
    const files = readdirSync(path.join(dataDir, 'recordings', 'demo')).filter((f) => f.endsWith('.enc'));
    expect(files).toHaveLength(1);
    const onDisk = readFileSync(path.join(dataDir, 'recordings', 'demo', files[0]!));
    expect(onDisk.includes(payload.subarray(0, 64))).toBe(false);
    expect(onDisk.subarray(0, 4).toString()).toBe('REC1');

    const res = await fetch(`${c.url}/api/recordings/${uploaded.id}/content`, { headers: { authorization: `Bearer ${alice}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/webm');
    expect(res.headers.get('content-disposition')).toContain(`filename="${uploaded.fileName}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(payload)).toBe(true);

    const csv = await fetch(`${c.url}/api/recordings/${uploaded.id}/metadata.csv`, { headers: { authorization: `Bearer ${sam}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('conv-1_Alice_Bob-Customer_20261124070000.csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('agent_name,end_user_name,end_user_phone,conversation_id,call_id,start_utc,end_utc,leg,direction,file_name');
    expect(lines[1]).toBe('Alice,Bob Customer,+81312345678,conv-1,call-1,2026-11-24T07:00:00.000Z,'
      + `${uploaded.endedAt},merged,inbound,conv-1_Alice_Bob-Customer_20261124070000.webm`);
  });

  it('segregates accounts and agents: other accounts get 404, other agents do not see it', async () => {
    for (const token of [eve, eveBoss]) {
      for (const route of [`/api/recordings/${uploaded.id}`, `/api/recordings/${uploaded.id}/content`, `/api/recordings/${uploaded.id}/metadata.csv`]) {
        const r = await api<Err>(c.url, 'GET', route, token);
        expect(r.status, route).toBe(404);
      }
      expect((await api<{ recordings: unknown[] }>(c.url, 'GET', '/api/recordings', token)).body.recordings).toEqual([]);
    }
    expect((await api<Err>(c.url, 'DELETE', `/api/recordings/${uploaded.id}`, eveBoss)).status).toBe(404);
    expect((await api<Err>(c.url, 'GET', `/api/recordings/${uploaded.id}`, bob)).status).toBe(404);
    expect((await api<{ recordings: unknown[] }>(c.url, 'GET', '/api/recordings', sam)).body.recordings).toHaveLength(1);
    expect((await api<Err>(c.url, 'GET', `/api/recordings/${uploaded.id}`, undefined)).status).toBe(401);
  });

  it('is idempotent per upload id and refuses damaged or mislabelled uploads', async () => {
    const body = randomBytes(3000);
    const first = await rawUpload(c.url, bob, 'leg-idem', body, meta({ agentName: 'Bob' }));
    expect(first.status).toBe(201);
    const again = await rawUpload(c.url, bob, 'leg-idem', body, meta({ agentName: 'Bob' }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await rawUpload(c.url, bob, 'leg-idem', randomBytes(3000), meta());
    expect(other.status).toBe(409);
    const damaged = await rawUpload(c.url, bob, 'leg-bad', body, meta(), sha(Buffer.from('something else')));
    expect(damaged.status).toBe(422);
    expect((damaged.body as Err).error.code).toBe('checksum_mismatch');
    const badMeta = await rawUpload(c.url, bob, 'leg-meta', body, { ...meta(), leg: 'nobody' } as unknown as UploadMetadata);
    expect(badMeta.status).toBe(400);
    expect((badMeta.body as Err).error.message).toContain('leg');
    // Nothing half-written is left behind.
    expect(readdirSync(path.join(dataDir, 'recordings', 'demo')).filter((f) => f.endsWith('.upload'))).toEqual([]);
  });

  it('agents cannot delete; a supervisor deletes one leg and an audit record says who, when, what', async () => {
    const r = await api<Err>(c.url, 'DELETE', `/api/recordings/${uploaded.id}`, alice);
    expect(r.status).toBe(403);
    const del = await api(c.url, 'DELETE', `/api/recordings/${uploaded.id}`, sam);
    expect(del.status).toBe(204);
    expect((await api(c.url, 'GET', `/api/recordings/${uploaded.id}`, sam)).status).toBe(404);
    expect(readdirSync(path.join(dataDir, 'recordings', 'demo')).some((f) => f.startsWith(uploaded.id))).toBe(false);
    const audit = await api<{ audit: { actorLogin: string; action: string; recordingId: string; fileName: string; at: string }[] }>(c.url, 'GET', '/api/recordings/audit', sam);
    expect(audit.body.audit[0]).toMatchObject({ actorLogin: 'sam', action: 'delete', recordingId: uploaded.id, fileName: uploaded.fileName });
    expect(Date.parse(audit.body.audit[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await api(c.url, 'GET', '/api/recordings/audit', alice)).status).toBe(403);
    expect((await api<{ audit: unknown[] }>(c.url, 'GET', '/api/recordings/audit', eveBoss)).body.audit).toEqual([]);
  });

  it('enforces the pooled monthly quota with a clear error', async () => {
    // 1 agent in "other" × 0.00001 GB = 10 000 bytes a month.
    const put = await api(c.url, 'PUT', '/api/recordings/config', eveBoss, { quotaGbPerAgent: 0.00001 });
    expect(put.status).toBe(200);
    expect((await rawUpload(c.url, eve, 'q1', randomBytes(6000), meta())).status).toBe(201);
    const over = await rawUpload(c.url, eve, 'q2', randomBytes(6000), meta());
    expect(over.status).toBe(507);
    expect((over.body as Err).error).toMatchObject({ code: 'quota_exceeded' });
    expect((over.body as Err).error.message).toMatch(/quota for this month is used up/);
    const usage = await api<{ usedBytes: number; quotaBytes: number }>(c.url, 'GET', '/api/recordings/usage', eveBoss);
    expect(usage.body).toMatchObject({ usedBytes: 6000, quotaBytes: 10_000 });
    // The demo account is unaffected.
    expect((await rawUpload(c.url, alice, 'q3', randomBytes(6000), meta())).status).toBe(201);
  });

  it('policy: organisation settings change only while off; agent overrides apply', async () => {
    const on = await api<{ policy: { enabled: boolean } }>(c.url, 'PUT', '/api/recordings/config', sam, { policy: { enabled: true, directions: 'both', video: 'audio-only', composition: 'separate' } });
    expect(on.status).toBe(200);
    const change = await api<Err>(c.url, 'PUT', '/api/recordings/config', sam, { policy: { enabled: true, directions: 'inbound', video: 'audio-only', composition: 'separate' } });
    expect(change.status).toBe(409);
    expect(change.body.error.message).toMatch(/Turn recording off/);
    const me = await api<{ id: string }>(c.url, 'GET', '/api/me', bob);
    const ov = await api(c.url, 'PUT', `/api/recordings/overrides/${me.body.id}`, sam, { composition: 'merged' });
    expect(ov.status).toBe(200);
    expect((await api(c.url, 'GET', '/api/me/recording-policy', bob)).body).toEqual({ enabled: true, directions: 'both', video: 'audio-only', composition: 'merged' });
    expect((await api(c.url, 'GET', '/api/me/recording-policy', alice)).body).toMatchObject({ composition: 'separate' });
    expect((await api(c.url, 'PUT', `/api/recordings/overrides/${me.body.id}`, eveBoss, { enabled: false })).status).toBe(404);
  });
});

describe('retention purge (fake clock, real SQLite and files)', () => {
  it('purges recordings and audit records after their periods', async () => {
    const dataDir = tmp('rec-purge');
    const db = await openDatabase(dataDir);
    const users = new UsersRepo(db);
    await users.createAccount('acc', 'Acc');
    const agent = await users.create({ accountId: 'acc', login: 'ann', displayName: 'Ann', role: 'agent', password: 'ann-password', realm: 'x' });
    let now = Date.UTC(2026, 0, 1);
    const store = new RecordingStore({ db, dataDir, fileKey: deriveKey(loadOrCreateRecordingKey(dataDir), 'files'), now: () => now });
    await store.saveConfig('acc', { ...(await store.config('acc')), retentionDays: 30, auditRetentionDays: 60 });
    const actor = { id: agent.id, accountId: 'acc', login: 'ann', role: 'agent' as const };
    const up = async (id: string) => {
      const b = randomBytes(100);
      return (await store.upload(actor, id, meta(), b.length, sha(b), Readable.from([b]))).item;
    };
    const a = await up('a');
    now += 10 * DAY_MS;
    const b = await up('b');
    await store.delete({ ...actor, login: 'sup', role: 'supervisor' }, b.id);
    now += 10 * DAY_MS;
    const cItem = await up('c');
    expect(await store.purge(now)).toEqual({ recordings: 0, audit: 0 });
    now = Date.UTC(2026, 0, 1) + 30 * DAY_MS; // a is 30 days old
    expect(await store.purge(now)).toEqual({ recordings: 1, audit: 0 });
    expect(existsSync(store.filePath('acc', a.id))).toBe(false);
    expect(existsSync(store.filePath('acc', cItem.id))).toBe(true);
    now = Date.UTC(2026, 0, 1) + 70 * DAY_MS; // audit of b (day 10) is 60 days old; c is 50 days old
    expect(await store.purge(now)).toEqual({ recordings: 1, audit: 1 });
    expect(await store.audit('acc')).toEqual([]);
    await db.destroy();
  });
});
