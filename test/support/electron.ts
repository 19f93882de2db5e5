// Where an Electron binary exists (a networked machine after `npx install-electron`), the smoke test runs;
// elsewhere it reports itself skipped with this reason. It is never the proof of a feature.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes.js';

export function electronBinary(): string | null {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

export const ELECTRON_SKIP_REASON = 'no Electron binary on this machine (it cannot be downloaded here); the web host e2e tests cover the same services';
