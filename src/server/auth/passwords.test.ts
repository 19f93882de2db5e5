import { describe, expect, it } from 'vitest';
import { computeHa1, hashPassword, md5, verifyPassword } from './passwords.js';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('alice');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('alice');
    expect(await verifyPassword('alice', stored)).toBe(true);
    expect(await verifyPassword('Alice', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('treats malformed stored hashes as a mismatch instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$a$b', 'bcrypt$1$2$3$4$5', 'scrypt$16384$8$1$c2FsdA==$']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });

  it('handles non-ASCII passwords', async () => {
    const stored = await hashPassword('パスワード');
    expect(await verifyPassword('パスワード', stored)).toBe(true);
  });
});

describe('SIP digest HA1', () => {
  it('is MD5(login:realm:password)', () => {
    expect(computeHa1('alice', 'softphone.test', 'alice')).toBe(md5('alice:softphone.test:alice'));
    // Known vector from RFC 2617 §3.5 (HA1 of Mufasa / testrealm@host.com / Circle Of Life).
    expect(computeHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life')).toBe('939e7578ed9e3c518a452acee763bce9');
  });
});
