import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UploadSessions } from './upload-sessions.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function sessions(now = () => Date.now()) {
  const root = mkdtempSync(path.join(tmpdir(), 'upload-sessions-'));
  dirs.push(root);
  const key = randomBytes(32);
  return { root, s: new UploadSessions({ accountDir: (a) => path.join(root, a), fileKey: key, now }) };
}
const meta = {
  recordingId: 'r', fileName: 'f.webm', conversationId: null, callId: 'c', agentName: 'A', endUserName: null, endUserPhone: null,
  direction: 'inbound' as const, leg: 'agent' as const, startedAt: 'x', endedAt: 'y', mimeType: 'audio/webm',
};
const sha = 'a'.repeat(64);
const read = async (r: Readable) => { const parts: Buffer[] = []; for await (const p of r) parts.push(p as Buffer); return Buffer.concat(parts); };

describe('UploadSessions', () => {
  it('keeps parts encrypted, confirms the contiguous offset and replays the plaintext in order', async () => {
    const { root, s } = sessions();
    s.open('acc', 'leg-1', { userId: 'u', total: 30, sha256: sha, meta });
    const a = randomBytes(10);
    const b = randomBytes(10);
    expect(await s.appendPart('acc', 'leg-1', 0, 10, Readable.from([a]))).toBe(10);
    expect(await s.appendPart('acc', 'leg-1', 10, 10, Readable.from([b]))).toBe(20);
    expect(s.offset('acc', 'leg-1')).toBe(20);
    const dir = path.join(root, 'acc', 'partial', 'leg-1');
    // At rest the parts are ciphertext, not the recording.
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.part'))) {
      const onDisk = readFileSync(path.join(dir, f));
      expect(onDisk.includes(a) || onDisk.includes(b)).toBe(false);
    }
    expect((await read(s.plaintext('acc', 'leg-1'))).equals(Buffer.concat([a, b]))).toBe(true);
    // A stray part past a hole does not count and is removed.
    writeFileSync(path.join(dir, `${String(25).padStart(15, '0')}-5.part`), 'junk');
    expect(s.offset('acc', 'leg-1')).toBe(20);
    expect(readdirSync(dir).some((n) => n.startsWith('000000000000025'))).toBe(false);
  });

  it('a short part does not count; a different file or another user under the same id is refused', async () => {
    const { s } = sessions();
    s.open('acc', 'leg-2', { userId: 'u', total: 30, sha256: sha, meta });
    await expect(s.appendPart('acc', 'leg-2', 0, 10, Readable.from([randomBytes(4)]))).rejects.toMatchObject({ code: 'incomplete_upload' });
    expect(s.offset('acc', 'leg-2')).toBe(0);
    expect(() => s.open('acc', 'leg-2', { userId: 'u', total: 31, sha256: sha, meta })).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => s.open('acc', 'leg-2', { userId: 'other', total: 30, sha256: sha, meta })).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => s.offset('acc', '../escape')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('serialises requests on one upload', async () => {
    const { s } = sessions();
    const order: string[] = [];
    let release!: () => void;
    const first = s.exclusive('acc', 'x', () => new Promise<void>((r) => { release = () => { order.push('first'); r(); }; }));
    const second = s.exclusive('acc', 'x', async () => { order.push('second'); });
    await new Promise((r) => setImmediate(r)); // every pending microtask has run: the second still waits
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('purges sessions untouched for the period (fake clock)', async () => {
    const { root, s } = sessions();
    s.open('acc', 'old', { userId: 'u', total: 5, sha256: sha, meta });
    s.open('acc', 'new', { userId: 'u', total: 5, sha256: sha, meta });
    const day = 86_400_000;
    const now = Date.now();
    const old = path.join(root, 'acc', 'partial', 'old');
    for (const p of [path.join(old, 'session.json'), old]) utimesSync(p, new Date(now - 8 * day), new Date(now - 8 * day));
    expect(s.purgeStale('acc', 7 * day, now)).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(s.session('acc', 'new')).not.toBeNull();
    expect(s.purgeStale('nobody', 7 * day, now)).toBe(0);
  });
});
