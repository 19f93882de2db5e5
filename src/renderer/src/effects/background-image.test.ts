import { describe, expect, it } from 'vitest';
import { checkBackgroundDimensions, checkBackgroundFile, sniffImageType } from './background-image.js';

describe('checkBackgroundFile', () => {
  it.each([
    [{ type: 'image/png', size: 1000 }, true],
    [{ type: 'image/jpeg', size: 5 * 1024 * 1024 }, true],
    [{ type: 'image/WEBP', size: 10 }, true],
    [{ type: 'image/gif', size: 1000 }, false],
    [{ type: 'image/svg+xml', size: 1000 }, false],
    [{ type: '', size: 1000 }, false],
    [{ type: 'image/png', size: 5 * 1024 * 1024 + 1 }, false],
    [{ type: 'image/png', size: 0 }, false],
    [{ type: 'image/png', size: Number.NaN }, false],
  ])('%o → ok=%s', (file, ok) => {
    expect(checkBackgroundFile(file).ok).toBe(ok);
  });
  it('says why', () => {
    expect(checkBackgroundFile({ type: 'image/png', size: 6e6 })).toEqual({ ok: false, reason: 'The image is larger than 5 MB.' });
    expect(checkBackgroundFile({ type: 'text/plain', size: 6 })).toEqual({ ok: false, reason: 'Choose a PNG, JPEG or WebP image.' });
  });
});

describe('checkBackgroundDimensions', () => {
  it.each([
    [640, 480, true],
    [320, 320, true],
    [4096, 2304, true],
    [319, 480, false],
    [4097, 480, false],
    [0, 0, false],
    [12.5, 400, false],
  ])('%i×%i → ok=%s', (w, h, ok) => {
    expect(checkBackgroundDimensions(w, h).ok).toBe(ok);
  });
});

describe('sniffImageType', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  const str = (s: string) => [...s].map((c) => c.charCodeAt(0));
  it.each([
    [bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'image/png'],
    [bytes(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    [bytes(...str('RIFF'), 0, 0, 0, 0, ...str('WEBP')), 'image/webp'],
    [bytes(...str('GIF89a')), null],
    [bytes(), null],
  ])('%o → %s', (b, type) => {
    expect(sniffImageType(b)).toBe(type);
  });
});
