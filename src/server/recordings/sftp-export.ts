// SFTP export (spec §12.4–12.5): each recording goes to the configured server as its file plus a `.json`
// metadata file next to it. ssh2 is loaded with createRequire: it is CommonJS with a native optional part.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path/posix';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client as SshClient, SFTPWrapper } from 'ssh2';

const require = createRequire(import.meta.url);

export interface SftpTarget {
  host: string;
  port: number;
  /** Remote directory (created when missing). */
  path: string;
  username: string;
  password: string;
  /** SHA-256 fingerprint of the host key, base64 without padding; when set, other keys are refused. */
  hostFingerprint?: string;
  timeoutMs?: number;
}

export interface ExportFile {
  name: string;
  content: () => Readable | Buffer;
}

/** `<base>.agent.webm` → `<base>.agent.json`. */
export const jsonNameFor = (fileName: string): string => fileName.replace(/\.[a-z0-9]{1,8}$/i, '') + '.json';

function connect(t: SftpTarget): Promise<{ client: SshClient; sftp: SFTPWrapper }> {
  const { Client } = require('ssh2') as typeof import('ssh2');
  return new Promise((resolve, reject) => {
    const client = new Client();
    let done = false;
    const fail = (e: Error) => { if (!done) { done = true; client.end(); reject(e); } };
    client.on('error', (e) => fail(new Error(`SFTP ${t.host}:${t.port}: ${e.message}`)));
    client.on('ready', () => {
      client.sftp((err, sftp) => {
        if (err) return fail(new Error(`SFTP subsystem unavailable on ${t.host}:${t.port}: ${err.message}`));
        done = true;
        resolve({ client, sftp });
      });
    });
    client.connect({
      host: t.host, port: t.port, username: t.username, password: t.password,
      readyTimeout: t.timeoutMs ?? 15_000,
      tryKeyboard: false,
      hostVerifier: (key: Buffer) => {
        if (!t.hostFingerprint) return true;
        const fp = createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
        return fp === t.hostFingerprint.replace(/^SHA256:/, '').replace(/=+$/, '');
      },
    });
  });
}

const sftpCall = <T>(fn: (cb: (err: Error | null | undefined, v?: T) => void) => void): Promise<T | undefined> =>
  new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));

async function mkdirp(sftp: SFTPWrapper, dir: string): Promise<void> {
  const parts = path.normalize(dir).split('/').filter(Boolean);
  let cur = dir.startsWith('/') ? '/' : '';
  for (const p of parts) {
    cur = cur ? path.join(cur, p) : p;
    if (p === '.') continue;
    try {
      await sftpCall((cb) => sftp.stat(cur, (e) => cb(e)));
    } catch {
      await sftpCall((cb) => sftp.mkdir(cur, (e) => cb(e)));
    }
  }
}

/** Uploads the files into the target directory over one connection; writes to `.part` then renames. */
export async function exportToSftp(t: SftpTarget, files: readonly ExportFile[]): Promise<void> {
  const { client, sftp } = await connect(t);
  try {
    const dir = t.path.trim() || '.';
    if (dir !== '.') await mkdirp(sftp, dir);
    for (const f of files) {
      if (f.name.includes('/') || f.name.startsWith('.')) throw new Error(`Refusing to export a file named ${f.name}.`);
      const remote = path.join(dir, f.name);
      const part = `${remote}.part`;
      const src = f.content();
      const out = sftp.createWriteStream(part, { mode: 0o640 });
      if (Buffer.isBuffer(src)) {
        await new Promise<void>((resolve, reject) => { out.on('error', reject); out.on('close', () => resolve()); out.end(src); });
      } else {
        await pipeline(src, out);
      }
      await sftpCall((cb) => sftp.unlink(remote, () => cb(null))); // rename does not overwrite on SFTPv3
      await sftpCall((cb) => sftp.rename(part, remote, (e) => cb(e)));
    }
  } finally {
    client.end();
  }
}
