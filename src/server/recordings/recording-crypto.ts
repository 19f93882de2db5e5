// Encryption at rest for the recording store (AES-256-GCM) and for small secrets such as the SFTP
// password. File layout: "REC1" | 12-byte IV | ciphertext | 16-byte auth tag, so a file is self-contained
// and can be decrypted as a stream once the tag has been read from its end.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, writeFileSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';

const MAGIC = Buffer.from('REC1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const HEADER_BYTES = MAGIC.length + IV_BYTES;

/**
 * The 32-byte key: COMPANION_RECORDING_KEY (64 hex chars or base64 of 32 bytes) when configured,
 * else generated once into `<dataDir>/recording.key` (0600). Losing this key loses every recording.
 */
export function loadOrCreateRecordingKey(dataDir: string, configured?: string): Buffer {
  if (configured !== undefined && configured.trim() !== '') {
    const v = configured.trim();
    const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
    if (key.length !== 32) throw new Error('COMPANION_RECORDING_KEY must be 32 bytes: 64 hex characters or base64.');
    return key;
  }
  const file = path.join(dataDir, 'recording.key');
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} is corrupt; restore it from a backup (recordings cannot be read without it).`);
    return Buffer.from(hex, 'hex');
  }
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

/** Separate keys per purpose from the one configured key. */
export const deriveKey = (key: Buffer, purpose: 'files' | 'secrets'): Buffer =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `companion-recordings:${purpose}`, 32));

/**
 * A transform that encrypts what passes through it and hashes the plaintext (sha256). The output starts
 * with the header and ends with the auth tag.
 */
export function encryptingStream(fileKey: Buffer): Transform & { sha256(): string; plainBytes(): number } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', fileKey, iv);
  const hash = createHash('sha256');
  let bytes = 0;
  let digest = '';
  let headerSent = false;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!headerSent) { this.push(Buffer.concat([MAGIC, iv])); headerSent = true; }
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, cipher.update(chunk));
    },
    flush(cb) {
      if (!headerSent) this.push(Buffer.concat([MAGIC, iv]));
      this.push(cipher.final());
      this.push(cipher.getAuthTag());
      digest = hash.digest('hex');
      cb();
    },
  });
  return Object.assign(t, { sha256: () => digest, plainBytes: () => bytes });
}

/** Plaintext size of an encrypted file. */
export const plainSizeOf = (encryptedSize: number): number => encryptedSize - HEADER_BYTES - TAG_BYTES;

/** Streams the plaintext of an encrypted file; the stream errors if the file was tampered with. */
export function decryptingReadStream(fileKey: Buffer, file: string): Readable {
  const fd = openSync(file, 'r');
  let header: Buffer;
  let tag: Buffer;
  let size: number;
  try {
    size = fstatSync(fd).size;
    if (size < HEADER_BYTES + TAG_BYTES) throw new Error('The recording file is truncated.');
    header = Buffer.alloc(HEADER_BYTES);
    readSync(fd, header, 0, HEADER_BYTES, 0);
    tag = Buffer.alloc(TAG_BYTES);
    readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    closeSync(fd);
  }
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('The recording file has an unknown format.');
  const decipher = createDecipheriv('aes-256-gcm', fileKey, header.subarray(MAGIC.length));
  decipher.setAuthTag(tag);
  const body = size - TAG_BYTES > HEADER_BYTES
    ? createReadStream(file, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 })
    : undefined;
  if (!body) {
    const empty = new Transform();
    setImmediate(() => { try { decipher.final(); empty.end(); } catch (e) { empty.destroy(e as Error); } });
    return empty;
  }
  body.on('error', (e) => decipher.destroy(e));
  return body.pipe(decipher);
}

/** Seals a short secret (e.g. the SFTP password) as base64(iv | tag | ciphertext). */
export function sealSecret(secretsKey: Buffer, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', secretsKey, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64');
}

export function openSecret(secretsKey: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('The stored secret is corrupt.');
  const d = createDecipheriv('aes-256-gcm', secretsKey, raw.subarray(0, IV_BYTES));
  d.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([d.update(raw.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
}
