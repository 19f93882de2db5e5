// The installers flip Electron's fuses (docs/security.md item 19): electron-builder.yml must keep them, with
// option names electron-builder really knows (an unknown key would be ignored without a word).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes.js';

// js-yaml is electron-builder's own YAML reader (installed with it); loaded the same way it loads the file.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const fuses = config.electronFuses as Record<string, unknown> | undefined;

const EXPECTED = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder.yml: Electron fuses', () => {
  it('sets every hardening fuse', () => {
    expect(fuses).toEqual(EXPECTED);
  });

  it('uses option names of the installed electron-builder (FuseOptionsV1)', () => {
    const typings = readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/out/configuration.d.ts'), 'utf8');
    const block = /export interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(typings)?.[1] ?? '';
    const known = new Set([...block.matchAll(/^\s+(\w+)\?:\s*boolean;/gm)].map((m) => m[1]));
    expect(known.size).toBeGreaterThan(5);
    for (const name of Object.keys(fuses ?? {})) expect(known, name).toContain(name);
    expect(typings).toMatch(/readonly electronFuses\?: FuseOptionsV1/);
  });

  it('packs the app into an asar (integrity validation and onlyLoadAppFromAsar need one)', () => {
    expect(config.asar ?? true).not.toBe(false);
  });
});
