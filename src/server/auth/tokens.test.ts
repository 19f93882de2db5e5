import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenSigner } from './tokens.js';

describe('TokenSigner', () => {
  const secret = randomBytes(32);

  it('round-trips the user id', () => {
    const s = new TokenSigner(secret);
    expect(s.verify(s.issue('user-1'))?.userId).toBe('user-1');
  });

  it('rejects tampered, foreign and malformed tokens', () => {
    const s = new TokenSigner(secret);
    const t = s.issue('user-1');
    const parts = t.split('.');
    parts[1] = Buffer.from('user-2').toString('base64url');
    expect(s.verify(parts.join('.'))).toBeNull();
    expect(new TokenSigner(randomBytes(32)).verify(t)).toBeNull();
    for (const bad of ['', 'x', 'v1.a.b.c', 'v1.a.b.c.d.e', `${t}x`]) expect(s.verify(bad)).toBeNull();
  });

  it('rejects expired tokens', () => {
    let now = 1_000_000;
    const s = new TokenSigner(secret, () => now);
    const t = s.issue('u', 1000);
    expect(s.verify(t)).not.toBeNull();
    now += 1000;
    expect(s.verify(t)).toBeNull();
  });

  it('refuses a short secret', () => {
    expect(() => new TokenSigner(randomBytes(8))).toThrow(/at least 32 bytes/);
  });
});
