import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dialLinkFromArgv, MAX_TARGET_LENGTH, parseDialLink, protocolClientArgs } from './protocol-links.js';

describe('parseDialLink accepts', () => {
  it.each([
    ['tel:+81-3-1234-5678', '+81312345678', 'e164'],
    ['tel:+1 (415) 555-0100', '+14155550100', 'e164'],
    ['tel:+1.415.555.0100', '+14155550100', 'e164'],
    ['tel:%2B81-3-1234-5678', '+81312345678', 'e164'],
    ['tel:+81%2031234%205678', '+81312345678', 'e164'],
    ['TEL:+44 20 7946 0958', '+442079460958', 'e164'],
    ['tel://+81312345678', '+81312345678', 'e164'],
    ['tel:+81312345678;ext=123', '+81312345678', 'e164'],
    ['tel:+81312345678;phone-context=example.com', '+81312345678', 'e164'],
    ['tel:＋８１３１２３４５６７８', '+81312345678', 'e164'], // full-width digits from Japanese pages
    ['tel:03-1234-5678', '0312345678', 'local'],
    ['tel:*86#', '*86#', 'local'],
    ['  tel:+81312345678  ', '+81312345678', 'e164'],
    ['callto:+81312345678', '+81312345678', 'e164'],
    ['callto://+81-3-1234-5678', '+81312345678', 'e164'],
    ['sip:alice@softphone.test', 'sip:alice@softphone.test', 'sip'],
    ['SIP:alice@SoftPhone.TEST', 'sip:alice@softphone.test', 'sip'],
    ['sip:alice@softphone.test:5060', 'sip:alice@softphone.test:5060', 'sip'],
    ['sip:alice@softphone.test;transport=ws', 'sip:alice@softphone.test', 'sip'],
    ['sip:+81312345678@softphone.test;user=phone', 'sip:+81312345678@softphone.test', 'sip'],
    ['sip:bob@10.0.0.7', 'sip:bob@10.0.0.7', 'sip'],
    ['sip:bob@[2001:db8::1]:5061', 'sip:bob@[2001:db8::1]:5061', 'sip'],
    ['sips:carol@example.com', 'sips:carol@example.com', 'sip'],
    ['sip:alice@example.com?Replaces=abc%3Bto-tag%3D1', 'sip:alice@example.com', 'sip'],
    ['sip:al%69ce@example.com', 'sip:alice@example.com', 'sip'],
  ])('%s → %s', (link, target, kind) => {
    expect(parseDialLink(link)).toEqual({ ok: true, target, kind });
  });
});

describe('parseDialLink refuses hostile or useless input', () => {
  it.each([
    ['', 'empty'],
    ['javascript:alert(1)', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://evil.example/tel:+8131234', 'scheme'],
    ['data:text/html,<script>', 'scheme'],
    ['tel', 'scheme'],
    ['+81312345678', 'scheme'],
    ['tel:', 'no-number'],
    ['tel:+81\u0000312345678', 'control-characters'],
    ['tel:+81%00312345678', 'control-characters'],
    ['tel:+8131234%0A5678', 'control-characters'],
    ['tel:+81312345678\r\nX-Evil: 1', 'control-characters'],
    ['tel:+81\u202e876543213', 'control-characters'],
    ['tel:%E2%80%AE+81312345678', 'control-characters'],
    ['tel:%ZZ', 'encoding'],
    ['tel:%', 'encoding'],
    ['tel:+0312345678', 'not-e164'],
    ['tel:+81', 'not-e164'],
    ['tel:+8131234567890123', 'not-e164'],
    ['tel:+81-3-1234-5678a', 'not-e164'],
    ['tel:1-800-FLOWERS', 'no-number'],
    ['tel:<script>', 'no-number'],
    ['tel:' + '1'.repeat(21), 'no-number'],
    ['callto:echo123', 'no-number'],
    ['callto:sip:alice@example.com', 'no-number'],
    ['sip:example.com', 'sip-address'],
    ['sip:@example.com', 'sip-address'],
    ['sip:alice:secret@example.com', 'sip-password'],
    ['sip:al ice@example.com', 'sip-user'],
    ['sip:al<ice@example.com', 'sip-user'],
    ['sip:alice@exa mple.com', 'sip-domain'],
    ['sip:alice@-example.com', 'sip-domain'],
    ['sip:alice@example..com', 'sip-domain'],
    ['sip:alice@999.1.1.1', 'sip-domain'],
    ['sip:alice@example.com:0', 'sip-port'],
    ['sip:alice@example.com:70000', 'sip-port'],
    ['sip:alice@example.com:abc', 'sip-domain'],
    ['sip:alice@' + 'a'.repeat(64) + '.com', 'sip-domain'],
    ['sip:' + 'a'.repeat(65) + '@example.com', 'sip-user'],
    ['sip:a@' + Array.from({ length: 4 }, () => 'b'.repeat(60)).join('.') + '.com', 'too-long'],
    ['tel:+81312345678' + ';x'.repeat(1100), 'too-long'],
  ] as const)('%j → %s', (link, problem) => {
    expect(parseDialLink(link)).toEqual({ ok: false, problem });
  });

  it('refuses non-strings', () => {
    for (const value of [undefined, null, 42, {}, ['tel:+81312345678']]) expect(parseDialLink(value).ok).toBe(false);
  });

  it('never throws and never yields a target with unsafe characters or over the limit (property)', () => {
    const prefixes = fc.constantFrom('tel:', 'callto:', 'sip:', 'sips:', 'TEL:', 'sip:a@', 'tel:+', 'x:');
    fc.assert(
      fc.property(prefixes, fc.string({ maxLength: 300, unit: 'binary' }), (prefix, tail) => {
        const result = parseDialLink(prefix + tail);
        if (result.ok) {
          expect(result.target.length).toBeLessThanOrEqual(MAX_TARGET_LENGTH);
          expect(result.target).toMatch(/^(\+?[0-9*#]+|sips?:[A-Za-z0-9\-_.!~*'()&=+$,]+@[a-z0-9.\-[\]:]+)$/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dialLinkFromArgv', () => {
  it('finds the link among Electron/Chromium arguments', () => {
    expect(dialLinkFromArgv(['C:\\App\\softphone.exe', '--allow-file-access-from-files', '--', 'tel:+81-3-1234-5678'])).toEqual({ ok: true, target: '+81312345678', kind: 'e164' });
    expect(dialLinkFromArgv(['/usr/lib/softphone', 'sip:bob@example.com'])).toEqual({ ok: true, target: 'sip:bob@example.com', kind: 'sip' });
  });
  it('returns null without a link, and ignores flags that mention a scheme', () => {
    expect(dialLinkFromArgv(['/usr/lib/softphone', '--inspect'])).toBeNull();
    expect(dialLinkFromArgv(['/usr/lib/softphone', '--url=tel:+81312345678'])).toBeNull();
    expect(dialLinkFromArgv([])).toBeNull();
    expect(dialLinkFromArgv([42, null])).toBeNull();
  });
  it('reports a bad link instead of dropping it', () => {
    expect(dialLinkFromArgv(['app', 'tel:javascript'])).toEqual({ ok: false, problem: 'no-number' });
  });
});

describe('protocolClientArgs', () => {
  it('packaged app: no extra arguments', () => {
    expect(protocolClientArgs({ defaultApp: false, execPath: '/opt/softphone/softphone', argv: ['/opt/softphone/softphone'] })).toEqual([]);
  });
  it('development run: the interpreter and the script', () => {
    expect(protocolClientArgs({ defaultApp: true, execPath: '/x/electron', argv: ['/x/electron', '/repo/dist/main/electron-main.cjs'] })).toEqual(['/x/electron', ['/repo/dist/main/electron-main.cjs']]);
    expect(protocolClientArgs({ defaultApp: true, execPath: '/x/electron', argv: ['/x/electron'] })).toEqual([]);
  });
});
