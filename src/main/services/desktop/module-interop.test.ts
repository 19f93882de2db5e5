import { describe, expect, it } from 'vitest';
import * as confModule from 'conf';
import { esmDefaultExport } from './module-interop.js';

class Thing {}

describe('esmDefaultExport', () => {
  it.each([
    ['ESM namespace', { default: Thing }],
    ['CJS require of ESM, wrapped by esbuild', { default: { default: Thing } }],
    ['already the value', Thing],
  ])('%s', (_name, mod) => {
    expect(esmDefaultExport(mod)).toBe(Thing);
  });
  it('works on the real conf namespace', () => {
    expect(typeof esmDefaultExport(confModule)).toBe('function');
  });
});
