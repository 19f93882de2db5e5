import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { confSettingsPort } from '../desktop/conf-settings.js';
import { EnginePrefsStore, parseEnginePrefs } from './engine-prefs.js';

describe('parseEnginePrefs', () => {
  it.each<[string, unknown, boolean]>([
    ['nothing stored', undefined, false],
    ['empty object', {}, false],
    ['on', { autoAnswer: true }, true],
    ['off', { autoAnswer: false }, false],
    ['wrong type', { autoAnswer: 'yes' }, false],
    ['not an object', 'garbage', false],
    ['unknown keys are ignored', { autoAnswer: true, other: 1 }, true],
  ])('%s', (_why, raw, autoAnswer) => {
    expect(parseEnginePrefs(raw)).toEqual({ autoAnswer });
  });
});

describe('EnginePrefsStore', () => {
  const log = { warn: vi.fn() };

  it('survives a restart through a conf file in the data dir', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'engine-prefs-'));
    const first = new EnginePrefsStore(confSettingsPort(dir, 'engine-settings'), log);
    expect(first.get().autoAnswer).toBe(false);
    first.set({ autoAnswer: true });
    expect(JSON.parse(readFileSync(path.join(dir, 'engine-settings.json'), 'utf8'))).toEqual({ autoAnswer: true });
    const second = new EnginePrefsStore(confSettingsPort(dir, 'engine-settings'), log);
    expect(second.get().autoAnswer).toBe(true);
  });

  it('a corrupt file means defaults, not a crash; without a port it keeps the value in memory', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'engine-prefs-'));
    writeFileSync(path.join(dir, 'engine-settings.json'), '{not json');
    expect(new EnginePrefsStore(confSettingsPort(dir, 'engine-settings'), log).get()).toEqual({ autoAnswer: false });
    const memory = new EnginePrefsStore(undefined, log);
    expect(memory.set({ autoAnswer: true })).toEqual({ autoAnswer: true });
    expect(memory.get().autoAnswer).toBe(true);
  });

  it('a store that cannot write keeps the choice for this run and logs', () => {
    const warn = vi.fn();
    const s = new EnginePrefsStore({ get: () => ({}), set: () => { throw new Error('read-only disk'); } }, { warn });
    expect(s.set({ autoAnswer: true }).autoAnswer).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('read-only disk'));
  });
});
