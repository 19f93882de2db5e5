import { describe, expect, it } from 'vitest';
import { guardNavigation, handleWindowOpen, openExternalIfSafe, isAppUrl, isSafeExternalUrl, isTrustedSender, navigationAllowed, originOf, permissionAllowed } from './web-security.js';

const APP = ['app://softphone'];

describe('originOf / isAppUrl', () => {
  it.each([
    ['app://softphone/index.html', 'app://softphone'],
    ['app://softphone/', 'app://softphone'],
    ['http://127.0.0.1:5173/x', 'http://127.0.0.1:5173'],
    ['file:///etc/passwd', null],
    ['not a url', null],
    ['', null],
  ])('%s → %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });

  it.each([
    ['app://softphone/index.html', true],
    ['app://softphone/assets/x.js?y#z', true],
    ['APP://SOFTPHONE/index.html', true],
    ['app://evil/index.html', false],
    ['app://softphone.evil.com/', false],
    ['app://softphone@evil/', false],
    ['https://softphone/', false],
    ['file:///app/index.html', false],
    ['about:blank', false],
    ['devtools://devtools/bundled/x', false],
  ])('%s app? %s', (url, expected) => {
    expect(isAppUrl(url, APP)).toBe(expected);
  });
});

describe('permissionAllowed', () => {
  it.each([
    ['media', 'app://softphone/index.html', true],
    ['display-capture', 'app://softphone/index.html', true],
    ['fullscreen', 'app://softphone/', true],
    ['clipboard-sanitized-write', 'app://softphone/', true],
    ['speaker-selection', 'app://softphone/', true],
    ['media', 'https://evil.example/', false],
    ['display-capture', 'https://evil.example/', false],
    ['media', '', false],
    ['geolocation', 'app://softphone/', false],
    ['notifications', 'app://softphone/', true],
    ['notifications', 'https://evil.example/', false],
    ['openExternal', 'app://softphone/', false],
    ['usb', 'app://softphone/', false],
    ['clipboard-read', 'app://softphone/', false],
    ['unknown', 'app://softphone/', false],
  ])('%s from %s → %s', (permission, url, expected) => {
    expect(permissionAllowed(permission, url, APP)).toBe(expected);
  });
});

describe('navigationAllowed', () => {
  it.each([
    ['app://softphone/index.html#/settings', true],
    ['https://example.com/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['app://other/', false],
  ])('%s → %s', (url, expected) => {
    expect(navigationAllowed(url, APP)).toBe(expected);
  });
});

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://example.com/help', true],
    ['http://example.com/', true],
    ['https://例え.jp/path?q=1#x', true],
    ['HTTPS://EXAMPLE.COM', true],
    ['javascript:alert(1)', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['smb://host/share', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['vbscript:msgbox', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['app://softphone/index.html', false],
    ['tel:+81312345678', false],
    ['https://user:pass@example.com/', false],
    ['https://user@example.com/', false],
    ['https://', false],
    ['https:', false],
    ['https://exa mple.com', false],
    ['https://example.com/\u0000', false],
    ['https://example.com/\n', false],
    [' https://example.com', false],
    ['https://example.com/\u202e', false],
    ['//example.com', false],
    ['https://' + 'a'.repeat(2100) + '.com', false],
    ['', false],
  ])('%j → %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected);
  });
  it('rejects non-strings', () => {
    for (const v of [null, undefined, 42, {}, ['https://example.com']]) expect(isSafeExternalUrl(v)).toBe(false);
  });
});

describe('handleWindowOpen', () => {
  it('always denies a new window and opens only safe links externally', async () => {
    const opened: string[] = [];
    const open = (u: string) => opened.push(u);
    expect(handleWindowOpen('https://example.com/', open)).toEqual({ action: 'deny' });
    expect(handleWindowOpen('file:///etc/passwd', open)).toEqual({ action: 'deny' });
    expect(handleWindowOpen('app://softphone/index.html', open)).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/']);
  });
  it('survives a failing or rejecting openExternal', async () => {
    expect(handleWindowOpen('https://example.com/', () => { throw new Error('no browser'); })).toEqual({ action: 'deny' });
    expect(handleWindowOpen('https://example.com/', () => Promise.reject(new Error('no browser')))).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0)); // an unhandled rejection would fail the run
  });
});

describe('isTrustedSender', () => {
  it.each([
    ['app://softphone/index.html', true],
    ['https://evil.example/', false],
    [undefined, false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isTrustedSender(url, APP)).toBe(expected);
  });
});

describe('guardNavigation', () => {
  it('prevents navigation away from the app only', () => {
    const run = (url: string) => {
      let prevented = false;
      guardNavigation({ preventDefault: () => (prevented = true) }, url, APP);
      return prevented;
    };
    expect(run('https://evil.example/')).toBe(true);
    expect(run('app://softphone/index.html')).toBe(false);
  });
});

describe('openExternalIfSafe', () => {
  it('opens only checked URLs', () => {
    const opened: string[] = [];
    expect(openExternalIfSafe('https://example.com/a', (u) => opened.push(u))).toBe(true);
    expect(openExternalIfSafe('file:///etc/passwd', (u) => opened.push(u))).toBe(false);
    expect(openExternalIfSafe(42, (u) => opened.push(u))).toBe(false);
    expect(opened).toEqual(['https://example.com/a']);
  });
});
