// The SIP password and the companion token: stored only encrypted by the OS (safeStorage: Keychain, DPAPI,
// libsecret/kwallet), never in plain text. Where the OS offers no encryption the vault refuses to store and
// says so; the agent then types the password at each sign-in.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** OS encryption (Electron safeStorage in the app; a fake in tests). */
export interface SecretStore {
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

/** Where encrypted blobs live. */
export interface BlobStore {
  read(name: string): Buffer | null;
  write(name: string, data: Buffer): void;
  remove(name: string): void;
}

export const SECRET_NAMES = ['sipPassword', 'serverToken'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export type SaveResult = { saved: true } | { saved: false; reason: 'unavailable' | 'failed'; message: string };

export const UNAVAILABLE_MESSAGE =
  'Secure storage (the system keychain) is not available, so the secret was not saved. It is never written to disk unencrypted.';

export class SecretVault {
  constructor(
    private readonly crypto: SecretStore,
    private readonly blobs: BlobStore,
    private readonly onWarning: (message: string) => void = () => undefined,
  ) {}

  available(): boolean {
    try {
      return this.crypto.available();
    } catch {
      return false;
    }
  }

  save(name: SecretName, plain: string): SaveResult {
    if (!this.available()) return { saved: false, reason: 'unavailable', message: UNAVAILABLE_MESSAGE };
    try {
      const encrypted = this.crypto.encrypt(plain);
      // Belt and braces: an "encryptor" that leaves the secret readable must never reach the disk.
      if (plain.length >= 4 && encrypted.includes(Buffer.from(plain, 'utf8'))) {
        return { saved: false, reason: 'unavailable', message: UNAVAILABLE_MESSAGE };
      }
      this.blobs.write(name, encrypted);
      return { saved: true };
    } catch (err) {
      return { saved: false, reason: 'failed', message: `The secret could not be saved: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** The stored secret, or null when there is none or it can no longer be decrypted (then it is removed). */
  load(name: SecretName): string | null {
    let blob: Buffer | null;
    try {
      blob = this.blobs.read(name);
    } catch (err) {
      this.onWarning(`Stored ${name} could not be read: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
    if (!blob || !this.available()) return null;
    try {
      return this.crypto.decrypt(blob);
    } catch {
      // Another user profile, a reset keychain or a damaged file: forget it, the agent signs in again.
      this.onWarning(`Stored ${name} could not be decrypted and was removed.`);
      this.remove(name);
      return null;
    }
  }

  remove(name: SecretName): void {
    try {
      this.blobs.remove(name);
    } catch {
      // Nothing to remove.
    }
  }
}

const BLOB_NAME = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;

/** One file per secret in `dir` (created 0700), written atomically with mode 0600. */
export function fileBlobStore(dir: string): BlobStore {
  const file = (name: string) => {
    if (!BLOB_NAME.test(name)) throw new Error(`Invalid secret name: ${name.slice(0, 40)}`);
    return path.join(dir, `${name}.bin`);
  };
  return {
    read(name) {
      try {
        return readFileSync(file(name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    write(name, data) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const target = file(name);
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, data, { mode: 0o600 });
      renameSync(tmp, target);
    },
    remove(name) {
      rmSync(file(name), { force: true });
    },
  };
}

/**
 * Whether Electron's safeStorage really protects secrets. On Linux without a keyring it falls back to
 * 'basic_text', a fixed key compiled into Chromium: that is obfuscation, not encryption, so we treat it as
 * unavailable and store nothing.
 */
export function secureStorageAvailable(platform: string, encryptionAvailable: () => boolean, linuxBackend: () => string): boolean {
  try {
    if (!encryptionAvailable()) return false;
    if (platform !== 'linux') return true;
    const backend = linuxBackend(); // only exists on Linux
    return backend !== 'basic_text' && backend !== 'unknown';
  } catch {
    return false;
  }
}
