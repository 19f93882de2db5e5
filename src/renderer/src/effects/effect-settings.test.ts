import { describe, expect, it } from 'vitest';
import { DEFAULT_VIDEO_EFFECT_SETTINGS, parseVideoEffectSettings } from './effect-settings.js';

describe('parseVideoEffectSettings', () => {
  it.each([
    [undefined, { effect: 'none' }],
    [{}, { effect: 'none' }],
    [{ effect: 'blur' }, { effect: 'blur' }],
    [{ effect: 'face-tracking' }, { effect: 'face-tracking' }],
    [{ effect: 'background', backgroundId: 'bg-1' }, { effect: 'background', backgroundId: 'bg-1' }],
    // A custom background without an image falls back to None.
    [{ effect: 'background' }, { effect: 'none' }],
    [{ effect: 'sparkles' }, { effect: 'none' }],
    [{ effect: 'blur', backgroundId: '' }, { effect: 'none' }],
    ['blur', { effect: 'none' }],
  ])('%o → %o', (raw, out) => {
    expect(parseVideoEffectSettings(raw)).toEqual(out);
  });
  it('default is None (spec §9.4)', () => expect(DEFAULT_VIDEO_EFFECT_SETTINGS).toEqual({ effect: 'none' }));
});
