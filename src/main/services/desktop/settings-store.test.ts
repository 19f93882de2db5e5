import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTKEYS } from './hotkeys.js';
import {
  CURRENT_SETTINGS_VERSION,
  defaultSettings,
  loadSettings,
  MIGRATIONS,
  SettingsError,
  SettingsStore,
  tolerantJsonParse,
  UNREADABLE_KEY,
  type SettingsPort,
  lazyStorePort,
} from './settings-store.js';

const v1 = {
  language: 'ja',
  minimizeToTray: false,
  launchAtLogin: true,
  hotkeys: { answer: 'Ctrl+Alt+F1', hold: 'Ctrl+Alt+F2', hangup: null, mute: 'Ctrl+Alt+F4' },
  windowBounds: { x: 10, y: 20, width: 800, height: 600, maximized: false },
};

describe('loadSettings', () => {
  it('empty or missing store → defaults, written out', () => {
    for (const stored of [undefined, {}, { __internal__: { migrations: {} } }]) {
      expect(loadSettings(stored)).toEqual({ settings: defaultSettings(), warnings: [], rewrite: true });
    }
  });

  it('migrates an unversioned (v1) file: renamed keys keep their values', () => {
    const { settings, warnings, rewrite } = loadSettings(v1);
    expect(warnings).toEqual([]);
    expect(rewrite).toBe(true);
    expect(settings).toEqual({
      version: 2,
      locale: 'ja',
      closeToTray: false,
      launchAtLogin: true,
      hotkeys: { answer: 'Control+Alt+F1', holdResume: 'Control+Alt+F2', hangup: null, mute: 'Control+Alt+F4' },
      windowBounds: { x: 10, y: 20, width: 800, height: 600, maximized: false },
    });
  });

  it('an explicit version 1 migrates the same way; a current file is taken as is', () => {
    expect(loadSettings({ ...v1, version: 1 }).settings.closeToTray).toBe(false);
    const current = { ...defaultSettings(), locale: 'ja' };
    expect(loadSettings(current)).toEqual({ settings: current, warnings: [], rewrite: true });
  });

  it('the new key wins when a v1 file somehow has both', () => {
    expect(loadSettings({ version: 1, minimizeToTray: false, closeToTray: true }).settings.closeToTray).toBe(true);
  });

  it('every migration step is numbered consecutively up to the current version', () => {
    expect(MIGRATIONS.map((m) => m.to)).toEqual(Array.from({ length: CURRENT_SETTINGS_VERSION - 1 }, (_, i) => i + 2));
  });

  it.each([
    ['a string', 'hello', 'not an object'],
    ['an array', [1, 2], 'not an object'],
    ['null', null, 'not an object'],
    ['an unreadable file', { [UNREADABLE_KEY]: 'Unexpected token' }, 'could not be read (Unexpected token)'],
    ['a bad version', { version: 'two' }, 'invalid version ("two")'],
    ['a negative version', { version: -1 }, 'invalid version (-1)'],
  ])('%s → defaults and a warning', (_name, stored, warning) => {
    const result = loadSettings(stored);
    expect(result.settings).toEqual(defaultSettings());
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(warning);
  });

  it('replaces only the invalid fields', () => {
    const { settings, warnings } = loadSettings({
      version: 2,
      locale: 'fr',
      closeToTray: 'yes',
      launchAtLogin: true,
      hotkeys: { answer: 'Ctrl+Alt+', holdResume: 'Ctrl+Alt+F2', mute: 42 },
      windowBounds: { x: 'left' },
    });
    expect(settings).toEqual({
      ...defaultSettings(),
      launchAtLogin: true,
      hotkeys: { ...DEFAULT_HOTKEYS, holdResume: 'Control+Alt+F2' },
    });
    expect(warnings).toEqual([
      'Setting "locale" was invalid and has been reset to its default.',
      'Setting "closeToTray" was invalid and has been reset to its default.',
      'Hotkey "answer" was invalid and has been reset to its default.',
      'Hotkey "mute" was invalid and has been reset to its default.',
      'Setting "windowBounds" was invalid and has been reset to its default.',
    ]);
  });

  it('a file from a newer version is read leniently and not rewritten', () => {
    const { settings, warnings, rewrite } = loadSettings({ version: 7, locale: 'ja', somethingNew: 1 });
    expect(settings.locale).toBe('ja');
    expect(rewrite).toBe(false);
    expect(warnings[0]).toContain('newer version (7)');
  });

  it('a throwing migration → defaults and a warning', () => {
    const broken = [{ to: 2, describe: 'broken', up: () => { throw new Error('boom'); } }];
    const result = loadSettings({ version: 1 }, broken);
    expect(result.settings).toEqual(defaultSettings());
    expect(result.warnings).toEqual(['Settings migration to version 2 failed (boom); defaults are used.']);
  });

  it('prototype keys in the file do not leak into settings', () => {
    const stored = JSON.parse('{"version":2,"__proto__":{"closeToTray":false},"constructor":{"x":1}}');
    const { settings } = loadSettings(stored);
    expect(settings).toEqual(defaultSettings());
    expect(({} as Record<string, unknown>).closeToTray).toBeUndefined();
  });
});

describe('tolerantJsonParse', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['{broken', null],
    ['[1,2]', null],
    ['', null],
    ['"text"', null],
  ])('%j', (text, expected) => {
    const parsed = tolerantJsonParse(text);
    if (expected) expect(parsed).toEqual(expected);
    else expect(UNREADABLE_KEY in parsed).toBe(true);
  });
});

class MemoryPort implements SettingsPort {
  writes: unknown[] = [];
  failWrites = false;
  constructor(public value: unknown = undefined, private readonly failReads = false) {}
  get() {
    if (this.failReads) throw new SyntaxError('Unexpected end of JSON input');
    return this.value;
  }
  set(v: Record<string, unknown>) {
    if (this.failWrites) throw new Error('EROFS: read-only file system');
    this.writes.push(structuredClone(v));
    this.value = v;
  }
}

describe('SettingsStore', () => {
  const logger = () => {
    const warnings: string[] = [];
    return { warnings, log: { warn: (m: string) => warnings.push(m) } };
  };

  it('writes defaults on first start and migrated data back', () => {
    const port = new MemoryPort(v1);
    const { log, warnings } = logger();
    const store = new SettingsStore(port, log);
    expect(warnings).toEqual([]);
    expect(port.writes).toEqual([store.get()]);
    expect(store.get().version).toBe(2);
    expect(store.preferences()).toEqual({
      locale: 'ja',
      closeToTray: false,
      launchAtLogin: true,
      hotkeys: { answer: 'Control+Alt+F1', holdResume: 'Control+Alt+F2', hangup: null, mute: 'Control+Alt+F4' },
    });
  });

  it('a throwing read → defaults and a warning, never a crash', () => {
    const { log, warnings } = logger();
    const store = new SettingsStore(new MemoryPort(undefined, true), log);
    expect(store.get()).toEqual(defaultSettings());
    expect(warnings[0]).toContain('could not be read (Unexpected end of JSON input)');
  });

  it('update validates, saves and notifies; invalid changes are refused whole', () => {
    const port = new MemoryPort();
    const store = new SettingsStore(port, logger().log);
    const seen: boolean[] = [];
    store.onChange((s) => seen.push(s.closeToTray));
    store.update({ closeToTray: false, hotkeys: { mute: 'ctrl+alt+f12' } });
    expect(store.get().hotkeys).toEqual({ ...DEFAULT_HOTKEYS, mute: 'Control+Alt+F12' });
    expect(port.value).toEqual(store.get());
    expect(seen).toEqual([false]);
    expect(() => store.update({ locale: 'de' as 'en' })).toThrow(SettingsError);
    expect(() => store.update({ hotkeys: { answer: 'A' } })).toThrow(/hotkeys\.answer/);
    expect(store.get().locale).toBe('en');
    expect(seen).toEqual([false]);
  });

  it('a failing disk write is logged and the change still applies for this session', () => {
    const port = new MemoryPort();
    const { log, warnings } = logger();
    const store = new SettingsStore(port, log);
    port.failWrites = true;
    store.update({ launchAtLogin: true });
    expect(store.get().launchAtLogin).toBe(true);
    expect(warnings).toEqual(['Settings could not be saved: EROFS: read-only file system']);
  });

  it('get() hands out copies', () => {
    const store = new SettingsStore(new MemoryPort(), logger().log);
    const copy = store.get();
    copy.hotkeys.answer = null;
    expect(store.get().hotkeys.answer).toBe(DEFAULT_HOTKEYS.answer);
  });
});

describe('lazyStorePort', () => {
  it('opens on first use; an open failure becomes defaults plus a warning', () => {
    let opened = 0;
    const backing = { store: { version: 2, locale: 'ja' } as Record<string, unknown> };
    const port = lazyStorePort(() => (opened++, backing));
    expect(opened).toBe(0);
    const store = new SettingsStore(port, { warn: () => undefined });
    expect(store.get().locale).toBe('ja');
    store.update({ locale: 'en' });
    expect(backing.store.locale).toBe('en');
    expect(opened).toBe(1);

    const warnings: string[] = [];
    const broken = new SettingsStore(lazyStorePort(() => { throw new Error('EACCES: permission denied'); }), { warn: (w) => warnings.push(w) });
    expect(broken.get()).toEqual(defaultSettings());
    expect(warnings).toEqual([
      'The settings file could not be read (EACCES: permission denied); defaults are used.',
      'Settings could not be saved: EACCES: permission denied',
    ]);
  });
});
