// The token signing secret: from configuration when given, else generated once into the data dir (0600).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function loadOrCreateSecret(dataDir: string, configured?: string): Buffer {
  if (configured !== undefined && configured !== '') {
    if (configured.length < 32) throw new Error('COMPANION_SECRET must be at least 32 characters long.');
    return Buffer.from(configured, 'utf8');
  }
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64,}$/.test(hex)) throw new Error(`${file} is corrupt: delete it to generate a new secret (signs everyone out).`);
    return Buffer.from(hex, 'hex');
  }
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
