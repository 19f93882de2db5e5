// Resumable uploads: a recording arrives in parts (PATCH with Upload-Offset), each part is encrypted at
// rest as its own AES-GCM envelope under <accountDir>/partial/<clientId>/, and the server-confirmed offset
// is the end of the parts received whole. When the last part arrives the parts are streamed, decrypted
// and in order, into the normal store upload, which checks the whole file's sha256 and size.
import { createWriteStream, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { UploadMetadataSchema } from '../../shared/recording-api.js';
import { decryptingReadStream, encryptingStream } from './recording-crypto.js';
import { StoreError } from './recording-store.js';

const SessionSchema = z.object({
  userId: z.string(),
  total: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  meta: UploadMetadataSchema,
  createdAt: z.number(),
});
export type UploadSession = z.infer<typeof SessionSchema>;

/** Part files are named <offset>-<length>.part with a fixed-width offset, so names sort in file order. */
const PART = /^(\d{15})-(\d+)\.part$/;

export interface UploadSessionsOptions {
  /** <dataDir>/recordings/<accountId> for an account (validated by the store). */
  accountDir: (accountId: string) => string;
  fileKey: Buffer;
  now?: () => number;
}

export class UploadSessions {
  /** One request per upload at a time: a retry waits for the request it replaces to finish. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly o: UploadSessionsOptions) {
    this.now = o.now ?? Date.now;
  }

  private dir(accountId: string, clientId: string): string {
    if (!/^[\w-]{1,100}$/.test(clientId)) throw new StoreError(400, 'validation_error', 'Invalid upload id.');
    return path.join(this.o.accountDir(accountId), 'partial', clientId);
  }

  /** Serialises work on one upload. */
  async exclusive<T>(accountId: string, clientId: string, fn: () => Promise<T>): Promise<T> {
    const key = `${accountId}/${clientId}`;
    const before = this.locks.get(key) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(fn);
    this.locks.set(key, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === run) this.locks.delete(key);
    }
  }

  session(accountId: string, clientId: string): UploadSession | null {
    try {
      return SessionSchema.parse(JSON.parse(readFileSync(path.join(this.dir(accountId, clientId), 'session.json'), 'utf8')));
    } catch {
      return null;
    }
  }

  /** Bytes received whole so far: the end of the contiguous run of parts from 0 (stray parts are removed). */
  offset(accountId: string, clientId: string): number {
    const dir = this.dir(accountId, clientId);
    let names: string[];
    try { names = readdirSync(dir); } catch { return 0; }
    let offset = 0;
    for (const name of names.sort()) {
      const m = PART.exec(name);
      if (!m) continue;
      if (Number(m[1]) === offset) offset += Number(m[2]);
      else rmSync(path.join(dir, name), { force: true });
    }
    return offset;
  }

  /** Starts or continues a session; a different file under the same id is refused. */
  open(accountId: string, clientId: string, s: Omit<UploadSession, 'createdAt'>): UploadSession {
    const existing = this.session(accountId, clientId);
    if (existing) {
      if (existing.userId !== s.userId) throw new StoreError(404, 'not_found', 'No such upload.');
      if (existing.total !== s.total || existing.sha256 !== s.sha256) {
        throw new StoreError(409, 'conflict', 'A different file is already being uploaded under this id.');
      }
      return existing;
    }
    const dir = this.dir(accountId, clientId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const session: UploadSession = { ...s, createdAt: this.now() };
    const tmp = path.join(dir, 'session.json.tmp');
    writeFileSync(tmp, JSON.stringify(session), { mode: 0o600 });
    renameSync(tmp, path.join(dir, 'session.json'));
    return session;
  }

  /**
   * Stores the part [offset, offset+length). It counts only once it arrived whole: a cut request leaves
   * the confirmed offset where it was. Returns the new offset.
   */
  async appendPart(accountId: string, clientId: string, offset: number, length: number, body: Readable): Promise<number> {
    const dir = this.dir(accountId, clientId);
    const tmp = path.join(dir, `${String(offset).padStart(15, '0')}.tmp`);
    const enc = encryptingStream(this.o.fileKey);
    let seen = 0;
    body.on('data', (d: Buffer) => {
      seen += d.length;
      if (seen > length) body.destroy(new StoreError(413, 'payload_too_large', 'The body is larger than its Content-Length.'));
    });
    try {
      await pipeline(body, enc, createWriteStream(tmp, { mode: 0o600 }));
      if (enc.plainBytes() !== length) throw new StoreError(400, 'incomplete_upload', `Received ${enc.plainBytes()} of ${length} bytes of this part; resume from the confirmed offset.`);
      renameSync(tmp, path.join(dir, `${String(offset).padStart(15, '0')}-${length}.part`));
      return offset + length;
    } catch (e) {
      rmSync(tmp, { force: true });
      if (e instanceof StoreError) throw e;
      if (e instanceof Error && 'code' in e && (e.code === 'ERR_STREAM_PREMATURE_CLOSE' || e.code === 'ECONNRESET')) {
        throw new StoreError(400, 'incomplete_upload', 'The upload was interrupted; resume from the confirmed offset.');
      }
      throw e;
    }
  }

  /** The plaintext of all parts, in order (for the final checksum-checked store upload). */
  plaintext(accountId: string, clientId: string): Readable {
    const dir = this.dir(accountId, clientId);
    const parts = readdirSync(dir).filter((n) => PART.test(n)).sort();
    const key = this.o.fileKey;
    return Readable.from((async function* () {
      for (const name of parts) yield* decryptingReadStream(key, path.join(dir, name));
    })());
  }

  discard(accountId: string, clientId: string): void {
    rmSync(this.dir(accountId, clientId), { recursive: true, force: true });
  }

  /** Removes sessions untouched for `maxAgeMs` (a desktop that never came back). Returns how many. */
  purgeStale(accountId: string, maxAgeMs: number, now = this.now()): number {
    const root = path.join(this.o.accountDir(accountId), 'partial');
    let n = 0;
    let names: string[];
    try { names = readdirSync(root); } catch { return 0; }
    for (const name of names) {
      const dir = path.join(root, name);
      try {
        const newest = Math.max(statSync(dir).mtimeMs, ...readdirSync(dir).map((f) => statSync(path.join(dir, f)).mtimeMs));
        if (now - newest > maxAgeMs) { rmSync(dir, { recursive: true, force: true }); n++; }
      } catch { /* raced with a finishing upload */ }
    }
    return n;
  }
}

