import { describe, expect, it } from 'vitest';
import { mainWebPreferences } from './web-preferences.js';

describe('main window web preferences', () => {
  const p = mainWebPreferences('/app/preload.cjs');
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    // A minimised window keeps recording video at full rate.
    ['backgroundThrottling', false],
  ] as const)('%s is %s', (key, value) => {
    expect(p[key]).toBe(value);
  });
  it('loads the given preload script', () => {
    expect(p.preload).toBe('/app/preload.cjs');
  });
});
