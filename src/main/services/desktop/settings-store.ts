// Desktop settings on disk: a zod schema, numbered migrations, and a store over a `SettingsPort` (electron-store
// in Electron, its engine `conf` in Node tests). Bad data on disk never crashes the app: the affected fields fall
// back to defaults and a warning is logged.
import { z } from 'zod';
import { DesktopPreferencesSchema, type DesktopPreferences } from '../../../shared/desktop-contract.js';
import type { Logger } from '../../ports.js';
import { DEFAULT_HOTKEYS } from './hotkeys.js';
import { WindowBoundsSchema } from './window-policy.js';

export interface SettingsPort {
  /** The whole stored object (anything: it comes from a file a user or another version may have edited). */
  get(): unknown;
  set(value: Record<string, unknown>): void;
}

export const CURRENT_SETTINGS_VERSION = 2;

export const SettingsSchema = DesktopPreferencesSchema.extend({
  version: z.literal(CURRENT_SETTINGS_VERSION),
  windowBounds: WindowBoundsSchema.nullable(),
});
export type Settings = z.output<typeof SettingsSchema>;

export const defaultSettings = (): Settings => ({
  version: CURRENT_SETTINGS_VERSION,
  locale: 'en',
  closeToTray: true,
  launchAtLogin: false,
  hotkeys: { ...DEFAULT_HOTKEYS },
  windowBounds: null,
});

type Raw = Record<string, unknown>;

export interface Migration {
  /** The version this migration produces (it runs on data of version `to - 1`). */
  to: number;
  describe: string;
  up(raw: Raw): Raw;
}

const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Renames a key if present and the new one is not already set. */
function rename(raw: Raw, from: string, to: string): Raw {
  if (!(from in raw)) return raw;
  const { [from]: value, ...rest } = raw;
  return to in rest ? rest : { ...rest, [to]: value };
}

/**
 * Numbered migrations, oldest first. Data without a version is version 1 (the first release wrote none).
 * Add a migration whenever a key is renamed or its meaning changes; never edit a released one.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    to: 2,
    describe: 'rename language → locale, minimizeToTray → closeToTray, hotkeys.hold → hotkeys.holdResume',
    up(raw) {
      let next = rename(rename(raw, 'language', 'locale'), 'minimizeToTray', 'closeToTray');
      if (isRecord(next.hotkeys)) next = { ...next, hotkeys: rename(next.hotkeys, 'hold', 'holdResume') };
      return next;
    },
  },
];

/** Key under which `tolerantJsonParse` reports a file that is not JSON. */
export const UNREADABLE_KEY = '__unreadable__';

/**
 * Deserializer for conf / electron-store: they throw on a corrupt file (at construction); this turns that into a
 * marker the store reports, so the app starts with defaults instead of crashing.
 */
export function tolerantJsonParse(text: string): Raw {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : { [UNREADABLE_KEY]: 'the settings file does not contain an object' };
  } catch (err) {
    return { [UNREADABLE_KEY]: err instanceof Error ? err.message : 'not JSON' };
  }
}

export interface LoadResult {
  settings: Settings;
  warnings: string[];
  /** Whether the file should be rewritten (migrated, repaired). False for files from a newer version. */
  rewrite: boolean;
}

/** Stored data (any shape) → valid current settings, with a warning for everything that had to be replaced. */
export function loadSettings(stored: unknown, migrations: readonly Migration[] = MIGRATIONS): LoadResult {
  const defaults = defaultSettings();
  if (stored === undefined || (isRecord(stored) && Object.keys(stored).filter((k) => k !== '__internal__').length === 0)) {
    return { settings: defaults, warnings: [], rewrite: true };
  }
  if (!isRecord(stored)) return { settings: defaults, warnings: ['Settings were not an object; defaults are used.'], rewrite: true };
  if (UNREADABLE_KEY in stored) {
    return { settings: defaults, warnings: [`The settings file could not be read (${String(stored[UNREADABLE_KEY])}); defaults are used.`], rewrite: true };
  }

  const warnings: string[] = [];
  const version = stored.version ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { settings: defaults, warnings: [`Settings have an invalid version (${JSON.stringify(version)}); defaults are used.`], rewrite: true };
  }
  let raw: Raw = { ...stored };
  const newer = version > CURRENT_SETTINGS_VERSION;
  if (newer) warnings.push(`Settings were written by a newer version (${version}); known fields are used and the file is left as is.`);
  for (const migration of migrations) {
    if (migration.to <= version || migration.to > CURRENT_SETTINGS_VERSION) continue;
    try {
      raw = migration.up(raw);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { settings: defaults, warnings: [`Settings migration to version ${migration.to} failed (${why}); defaults are used.`], rewrite: true };
    }
  }

  // Field by field, so one bad value does not cost the agent all their other settings.
  const settings = defaults as Record<string, unknown>;
  const shape = SettingsSchema.shape as Record<string, z.ZodType>;
  for (const key of Object.keys(shape)) {
    if (key === 'version' || !(key in raw)) continue;
    if (key === 'hotkeys' && isRecord(raw.hotkeys)) {
      settings.hotkeys = parseHotkeys(raw.hotkeys, warnings);
      continue;
    }
    const parsed = shape[key]!.safeParse(raw[key]);
    if (parsed.success) settings[key] = parsed.data;
    else warnings.push(`Setting "${key}" was invalid and has been reset to its default.`);
  }
  return { settings: settings as Settings, warnings, rewrite: !newer };
}

function parseHotkeys(raw: Raw, warnings: string[]): Settings['hotkeys'] {
  const hotkeys = { ...DEFAULT_HOTKEYS };
  const shape = DesktopPreferencesSchema.shape.hotkeys.shape;
  for (const action of Object.keys(shape) as Array<keyof typeof shape>) {
    if (!(action in raw)) continue;
    const parsed = shape[action].safeParse(raw[action]);
    if (parsed.success) hotkeys[action] = parsed.data;
    else warnings.push(`Hotkey "${action}" was invalid and has been reset to its default.`);
  }
  return hotkeys;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

export type SettingsPatch = Partial<Omit<Settings, 'version' | 'hotkeys'>> & { hotkeys?: Partial<Settings['hotkeys']> };

export class SettingsStore {
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(private readonly port: SettingsPort, private readonly log: Pick<Logger, 'warn'>) {
    let stored: unknown;
    try {
      stored = port.get();
    } catch (err) {
      stored = { [UNREADABLE_KEY]: err instanceof Error ? err.message : String(err) };
    }
    const { settings, warnings, rewrite } = loadSettings(stored);
    for (const w of warnings) log.warn(w);
    this.current = settings;
    if (rewrite) this.write();
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  preferences(): DesktopPreferences {
    const { version: _v, windowBounds: _w, ...preferences } = this.get();
    return preferences;
  }

  /** Validates and saves a change; invalid values are refused with a SettingsError and nothing is saved. */
  update(patch: SettingsPatch): Settings {
    const merged = { ...this.current, ...patch, hotkeys: { ...this.current.hotkeys, ...patch.hotkeys }, version: CURRENT_SETTINGS_VERSION };
    const parsed = SettingsSchema.safeParse(merged);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SettingsError(`Invalid setting ${issue?.path.join('.') || ''}: ${issue?.message ?? 'invalid value'}`);
    }
    this.current = parsed.data;
    this.write();
    for (const listener of this.listeners) listener(this.get());
    return this.get();
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(): void {
    try {
      this.port.set({ ...this.current });
    } catch (err) {
      // A read-only or full disk must not take the app down; the settings still apply for this session.
      this.log.warn(`Settings could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** A SettingsPort over a conf / electron-store instance (both expose the whole file as `.store`). */
export function storeSettingsPort(store: { store: Record<string, unknown> }): SettingsPort {
  return {
    get: () => store.store,
    set: (value) => {
      store.store = value;
    },
  };
}

/**
 * Like storeSettingsPort, but opens the store on first use, so a store that cannot even be opened (unreadable
 * directory, …) surfaces as a read error the SettingsStore turns into defaults plus a warning.
 */
export function lazyStorePort(open: () => { store: Record<string, unknown> }): SettingsPort {
  let store: { store: Record<string, unknown> } | null = null;
  const get = () => (store ??= open());
  return {
    get: () => get().store,
    set: (value) => {
      get().store = value;
    },
  };
}
