import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fileBlobStore, SecretVault, secureStorageAvailable, UNAVAILABLE_MESSAGE, type SecretStore } from './secrets.js';

/** A real cipher standing in for safeStorage (AES-256-GCM with a per-test key). */
class AesSecretStore implements SecretStore {
  constructor(private readonly key = randomBytes(32), public isAvailable = true) {}
  available() {
    return this.isAvailable;
  }
  encrypt(plain: string) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  decrypt(buf: Buffer) {
    const d = createDecipheriv('aes-256-gcm', this.key, buf.subarray(0, 12));
    d.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
  }
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'secrets-'));
  dirs.push(d);
  return path.join(d, 'secrets');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const filesIn = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

describe('SecretVault on real files', () => {
  it('round-trips a password and the file never contains it in plain text', () => {
    const dir = tempDir();
    const vault = new SecretVault(new AesSecretStore(), fileBlobStore(dir));
    expect(vault.save('sipPassword', 'correct horse battery staple')).toEqual({ saved: true });
    expect(vault.load('sipPassword')).toBe('correct horse battery staple');
    const file = path.join(dir, 'sipPassword.bin');
    expect(readFileSync(file).includes(Buffer.from('correct horse'))).toBe(false);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    expect(filesIn(dir)).toEqual(['sipPassword.bin']); // no temp file left behind
  });

  it('refuses to store when encryption is unavailable, and writes nothing', () => {
    const dir = tempDir();
    const vault = new SecretVault(new AesSecretStore(undefined, false), fileBlobStore(dir));
    expect(vault.available()).toBe(false);
    expect(vault.save('serverToken', 'tok-123456')).toEqual({ saved: false, reason: 'unavailable', message: UNAVAILABLE_MESSAGE });
    expect(filesIn(dir)).toEqual([]);
    expect(vault.load('serverToken')).toBeNull();
  });

  it('refuses an "encryption" that leaves the secret readable', () => {
    const dir = tempDir();
    const identity: SecretStore = { available: () => true, encrypt: (p) => Buffer.from(`v10${p}`), decrypt: (b) => b.toString().slice(3) };
    const vault = new SecretVault(identity, fileBlobStore(dir));
    expect(vault.save('sipPassword', 'hunter22').saved).toBe(false);
    expect(filesIn(dir)).toEqual([]);
  });

  it('a blob from another key (other profile, reset keychain) is dropped with a warning', () => {
    const dir = tempDir();
    new SecretVault(new AesSecretStore(), fileBlobStore(dir)).save('sipPassword', 'secret-1');
    const warnings: string[] = [];
    const other = new SecretVault(new AesSecretStore(), fileBlobStore(dir), (w) => warnings.push(w));
    expect(other.load('sipPassword')).toBeNull();
    expect(warnings).toEqual(['Stored sipPassword could not be decrypted and was removed.']);
    expect(filesIn(dir)).toEqual([]);
  });

  it('a damaged file is treated the same way', () => {
    const dir = tempDir();
    const vault = new SecretVault(new AesSecretStore(), fileBlobStore(dir));
    vault.save('serverToken', 'token-abcdef');
    writeFileSync(path.join(dir, 'serverToken.bin'), 'garbage');
    expect(vault.load('serverToken')).toBeNull();
  });

  it('remove() forgets a secret; loading a missing one is null', () => {
    const dir = tempDir();
    const vault = new SecretVault(new AesSecretStore(), fileBlobStore(dir));
    vault.save('sipPassword', 'pw-000000');
    vault.remove('sipPassword');
    vault.remove('sipPassword');
    expect(vault.load('sipPassword')).toBeNull();
  });

  it('an encryptor that throws is reported, not thrown', () => {
    const dir = tempDir();
    const broken: SecretStore = { available: () => true, encrypt: () => { throw new Error('keychain locked'); }, decrypt: () => '' };
    expect(new SecretVault(broken, fileBlobStore(dir)).save('sipPassword', 'x')).toEqual({
      saved: false,
      reason: 'failed',
      message: 'The secret could not be saved: keychain locked',
    });
  });

  it('fileBlobStore refuses path tricks in names', () => {
    const blobs = fileBlobStore(tempDir());
    expect(() => blobs.write('../evil', Buffer.from('x'))).toThrow(/Invalid secret name/);
    expect(() => blobs.read('a/b')).toThrow(/Invalid secret name/);
  });
});

describe('secureStorageAvailable', () => {
  it.each([
    ['darwin', true, 'n/a', true],
    ['win32', true, 'n/a', true],
    ['darwin', false, 'n/a', false],
    ['linux', true, 'gnome_libsecret', true],
    ['linux', true, 'kwallet5', true],
    ['linux', true, 'basic_text', false],
    ['linux', true, 'unknown', false],
    ['linux', false, 'gnome_libsecret', false],
  ] as const)('%s available=%s backend=%s → %s', (platform, available, backend, expected) => {
    const linuxOnly = () => {
      if (platform !== 'linux') throw new Error('getSelectedStorageBackend is Linux-only');
      return backend;
    };
    expect(secureStorageAvailable(platform, () => available, linuxOnly)).toBe(expected);
  });
  it('a throwing probe means unavailable', () => {
    expect(secureStorageAvailable('linux', () => { throw new Error('not ready'); }, () => 'kwallet')).toBe(false);
  });
});
