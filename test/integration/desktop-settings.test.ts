// Desktop settings on a real file through `conf` (electron-store's engine): numbered migrations, repair of
// bad data, persistence across restarts, and the same code bundled as CommonJS the way the Electron main is.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { confSettingsPort } from '../../src/main/services/desktop/conf-settings.js';
import { DEFAULT_HOTKEYS } from '../../src/main/services/desktop/hotkeys.js';
import { defaultSettings, SettingsStore } from '../../src/main/services/desktop/settings-store.js';
import { ROOT, tempDir } from '../support/processes.js';

const run = promisify(execFile);
const dirs: string[] = [];
const newDir = () => {
  const d = tempDir('desktop-settings');
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const FILE = 'desktop-settings.json';
const open = (dir: string) => {
  const warnings: string[] = [];
  const store = new SettingsStore(confSettingsPort(dir), { warn: (w) => warnings.push(w) });
  return { store, warnings };
};
const onDisk = (dir: string) => JSON.parse(readFileSync(path.join(dir, FILE), 'utf8')) as Record<string, unknown>;

describe('desktop settings on disk (conf)', () => {
  it('first start writes the defaults', () => {
    const dir = newDir();
    const { store, warnings } = open(dir);
    expect(store.get()).toEqual(defaultSettings());
    expect(warnings).toEqual([]);
    expect(onDisk(dir)).toEqual(defaultSettings());
  });

  it('migrates a version-1 file to version 2 on disk, once', () => {
    const dir = newDir();
    writeFileSync(
      path.join(dir, FILE),
      JSON.stringify({ language: 'ja', minimizeToTray: false, launchAtLogin: true, hotkeys: { answer: 'Ctrl+Alt+F1', hold: 'Ctrl+Alt+F2' } }),
    );
    const first = open(dir);
    expect(first.warnings).toEqual([]);
    const expected = {
      version: 2,
      locale: 'ja',
      closeToTray: false,
      launchAtLogin: true,
      hotkeys: { ...DEFAULT_HOTKEYS, answer: 'Control+Alt+F1', holdResume: 'Control+Alt+F2' },
      windowBounds: null,
    };
    expect(first.store.get()).toEqual(expected);
    expect(onDisk(dir)).toEqual(expected);
    expect(onDisk(dir)).not.toHaveProperty('minimizeToTray');
    // A restart reads the migrated file as is.
    expect(open(dir).store.get()).toEqual(expected);
  });

  it('changes survive a restart', () => {
    const dir = newDir();
    open(dir).store.update({ closeToTray: false, hotkeys: { mute: null }, windowBounds: { x: 5, y: 6, width: 800, height: 600, maximized: true } });
    const again = open(dir).store.get();
    expect(again.closeToTray).toBe(false);
    expect(again.hotkeys.mute).toBeNull();
    expect(again.windowBounds).toEqual({ x: 5, y: 6, width: 800, height: 600, maximized: true });
  });

  it('a corrupt file gives defaults and a warning instead of a crash, and is repaired', () => {
    const dir = newDir();
    writeFileSync(path.join(dir, FILE), '{"version": 2, "locale": "ja",');
    const { store, warnings } = open(dir);
    expect(store.get()).toEqual(defaultSettings());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The settings file could not be read \(.+\); defaults are used\.$/);
    expect(onDisk(dir)).toEqual(defaultSettings());
  });

  it('bad values are reset field by field and the file is rewritten clean', () => {
    const dir = newDir();
    writeFileSync(path.join(dir, FILE), JSON.stringify({ version: 2, locale: 'ja', closeToTray: 'sometimes', hotkeys: { answer: 'A' } }));
    const { store, warnings } = open(dir);
    expect(store.get().locale).toBe('ja');
    expect(store.get().closeToTray).toBe(true);
    expect(warnings).toEqual([
      'Setting "closeToTray" was invalid and has been reset to its default.',
      'Hotkey "answer" was invalid and has been reset to its default.',
    ]);
    expect(onDisk(dir).closeToTray).toBe(true);
  });

  it('a file from a newer version is read but not overwritten on start', () => {
    const dir = newDir();
    const newer = JSON.stringify({ version: 9, locale: 'ja', brandNew: { x: 1 } });
    writeFileSync(path.join(dir, FILE), newer);
    const { store, warnings } = open(dir);
    expect(store.get().locale).toBe('ja');
    expect(warnings[0]).toContain('newer version (9)');
    expect(readFileSync(path.join(dir, FILE), 'utf8')).toBe(newer);
  });

  it('an unwritable settings directory does not crash the app', () => {
    const dir = newDir();
    const blocker = path.join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const warnings: string[] = [];
    const store = new SettingsStore(confSettingsPort(path.join(blocker, 'sub')), { warn: (w) => warnings.push(w) });
    expect(store.get()).toEqual(defaultSettings());
    expect(store.update({ locale: 'ja' }).locale).toBe('ja');
    expect(warnings.length).toBeGreaterThan(0);
  });
});

describe('settings bundled as CommonJS (like dist/main/electron-main.cjs)', () => {
  it('loads conf through the interop and migrates a file', async () => {
    const dir = newDir();
    writeFileSync(path.join(dir, FILE), JSON.stringify({ language: 'ja', minimizeToTray: false }));
    const probeDir = path.join(ROOT, 'node_modules', '.cache', 'desktop-settings-probe');
    mkdirSync(probeDir, { recursive: true });
    const entry = path.join(probeDir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { confSettingsPort } from ${JSON.stringify(path.join(ROOT, 'src/main/services/desktop/conf-settings.ts'))};`,
        `import { SettingsStore } from ${JSON.stringify(path.join(ROOT, 'src/main/services/desktop/settings-store.ts'))};`,
        'const store = new SettingsStore(confSettingsPort(process.argv[2]!), { warn: (w) => console.error(w) });',
        'console.log(JSON.stringify(store.get()));',
      ].join('\n'),
    );
    const outfile = path.join(probeDir, 'probe.cjs');
    // The same options scripts/build.mjs uses for the Electron main.
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'silent' });
    const { stdout } = await run(process.execPath, [outfile, dir]);
    expect(JSON.parse(stdout)).toMatchObject({ version: 2, locale: 'ja', closeToTray: false });
    rmSync(probeDir, { recursive: true, force: true });
  });
});
