import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialAppState } from '../../../shared/contract.js';
import { createAppStore, LOCALE_STORAGE_KEY, NOTICE_TIMEOUT_MS, type KeyValueStorage } from './store.js';

const memoryStorage = (): KeyValueStorage & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('app store', () => {
  it('persists the locale and restores it', () => {
    const storage = memoryStorage();
    const a = createAppStore({ storage });
    expect(a.getSnapshot().locale).toBe('en');
    a.setLocale('ja');
    expect(storage.data.get(LOCALE_STORAGE_KEY)).toBe('ja');
    expect(createAppStore({ storage }).getSnapshot().locale).toBe('ja');
  });

  it('ignores a bogus stored locale and survives throwing storage', () => {
    const storage = memoryStorage();
    storage.data.set(LOCALE_STORAGE_KEY, 'xx');
    expect(createAppStore({ storage, defaultLocale: 'ja' }).getSnapshot().locale).toBe('ja');
    const broken: KeyValueStorage = {
      getItem: () => { throw new Error('blocked'); },
      setItem: () => { throw new Error('blocked'); },
      removeItem: () => undefined,
    };
    const s = createAppStore({ storage: broken });
    s.setLocale('ja');
    expect(s.getSnapshot().locale).toBe('ja');
  });

  it('a late answer does not roll back a newer state', () => {
    const s = createAppStore();
    const since = s.getSnapshot().version;
    const newer = { ...initialAppState(), agentStatus: 'Available' as const };
    s.setApp(newer);
    s.setAppIfUnchanged(initialAppState(), since);
    expect(s.getSnapshot().app.agentStatus).toBe('Available');
    s.setAppIfUnchanged(initialAppState(), s.getSnapshot().version);
    expect(s.getSnapshot().app.agentStatus).toBe('Offline');
    expect(s.getSnapshot().loaded).toBe(true);
  });

  it('replaces a notice with the same code, expires info but keeps errors', () => {
    vi.useFakeTimers();
    const s = createAppStore();
    s.addNotice({ level: 'error', code: 'permission_denied', message: 'a' });
    s.addNotice({ level: 'error', code: 'permission_denied', message: 'b' });
    s.addNotice({ level: 'info', code: 'number_copied', message: 'Number copied' });
    expect(s.getSnapshot().notices.map((n) => n.message)).toEqual(['b', 'Number copied']);
    vi.advanceTimersByTime(NOTICE_TIMEOUT_MS + 1);
    expect(s.getSnapshot().notices.map((n) => n.message)).toEqual(['b']);
    s.dismissNotice(s.getSnapshot().notices[0]!.id);
    expect(s.getSnapshot().notices).toEqual([]);
    s.dispose();
  });

  it('keeps at most five notices', () => {
    const s = createAppStore();
    for (let i = 0; i < 8; i++) s.addNotice({ level: 'error', code: `c${i}`, message: `m${i}` });
    expect(s.getSnapshot().notices.map((n) => n.code)).toEqual(['c3', 'c4', 'c5', 'c6', 'c7']);
    s.dispose();
  });

  it('notifies subscribers with a new snapshot object', () => {
    const s = createAppStore();
    const seen: unknown[] = [];
    const off = s.subscribe(() => seen.push(s.getSnapshot()));
    const before = s.getSnapshot();
    s.setConnection('open');
    s.setConnection('open');
    off();
    s.setConnection('connecting');
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBe(before);
  });
});
