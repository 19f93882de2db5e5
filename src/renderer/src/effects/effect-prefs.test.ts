// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { checkBackgroundDimensions, checkBackgroundFile } from './background-image.js';
import { backgroundReasonKey, createEffectPrefs, EFFECT_STORAGE_KEY } from './effect-prefs.js';

describe('effect prefs', () => {
  it('defaults to None, persists a choice and notifies', () => {
    localStorage.clear();
    const prefs = createEffectPrefs(localStorage);
    expect(prefs.get()).toEqual({ effect: 'none' });
    const seen = vi.fn();
    prefs.subscribe(seen);
    prefs.set({ effect: 'blur' });
    expect(JSON.parse(localStorage.getItem(EFFECT_STORAGE_KEY) ?? 'null')).toEqual({ effect: 'blur' });
    expect(createEffectPrefs(localStorage).get()).toEqual({ effect: 'blur' });
    expect(seen).toHaveBeenCalledWith({ effect: 'blur' });
  });

  it('refuses invalid input and keeps the stored choice', () => {
    localStorage.clear();
    const prefs = createEffectPrefs(localStorage);
    prefs.set({ effect: 'face-tracking' });
    expect(() => prefs.set({ effect: 'sepia' } as never)).toThrow();
    expect(prefs.get()).toEqual({ effect: 'face-tracking' });
  });

  it('reads garbage in storage as None', () => {
    localStorage.setItem(EFFECT_STORAGE_KEY, '{not json');
    expect(createEffectPrefs(localStorage).get()).toEqual({ effect: 'none' });
    localStorage.setItem(EFFECT_STORAGE_KEY, JSON.stringify({ effect: 42 }));
    expect(createEffectPrefs(localStorage).get()).toEqual({ effect: 'none' });
  });

  it('works without storage (kept in memory)', () => {
    const prefs = createEffectPrefs(null);
    prefs.set({ effect: 'background', backgroundId: 'bg-1' });
    expect(prefs.get()).toEqual({ effect: 'background', backgroundId: 'bg-1' });
  });
});

describe('backgroundReasonKey maps every refusal of background-image.ts', () => {
  const reasons = [
    [checkBackgroundFile({ type: 'image/gif', size: 10 }), 'effects.bad.type'],
    [checkBackgroundFile({ type: 'image/png', size: 0 }), 'effects.bad.empty'],
    [checkBackgroundFile({ type: 'image/png', size: 6 * 1024 * 1024 }), 'effects.bad.size'],
    [checkBackgroundDimensions(100, 100), 'effects.bad.small'],
    [checkBackgroundDimensions(5000, 1000), 'effects.bad.large'],
    [checkBackgroundDimensions(0, 0), 'effects.bad.unreadable'],
  ] as const;
  it.each(reasons)('%o → %s', (check, key) => {
    expect(check.ok).toBe(false);
    if (!check.ok) expect(backgroundReasonKey(check.reason)).toBe(key);
  });
  it('knows the content-type mismatch text', () => {
    expect(backgroundReasonKey('The file content is not the image type it claims to be.')).toBe('effects.bad.mismatch');
    expect(backgroundReasonKey('something else')).toBeNull();
  });
});
