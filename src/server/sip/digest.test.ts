import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeHa1, md5 } from '../auth/passwords.js';
import { DigestAuth, NONCE_TTL_MS } from './digest.js';
import { unquote } from './messages.js';

const REALM = 'softphone.test';
const ha1 = computeHa1('alice', REALM, 'alice');
const ha1For = (u: string) => (u === 'alice' ? ha1 : undefined);

/** What a SIP client computes for qop=auth (RFC 2617 §3.2.2). */
function clientResponse(nonce: string, opts: { password?: string; method?: string; uri?: string; qop?: boolean } = {}) {
  const h1 = computeHa1('alice', REALM, opts.password ?? 'alice');
  const uri = opts.uri ?? 'sip:softphone.test';
  const h2 = md5(`${opts.method ?? 'REGISTER'}:${uri}`);
  const nc = '00000001';
  const cnonce = 'c0ffee';
  const qop = opts.qop ?? true;
  return {
    username: 'alice', realm: REALM, nonce, uri, algorithm: 'MD5', nc: qop ? nc : '', cnonce: qop ? cnonce : '', qop: qop ? 'auth' : '',
    response: qop ? md5(`${h1}:${nonce}:${nc}:${cnonce}:auth:${h2}`) : md5(`${h1}:${nonce}:${h2}`),
  };
}

describe('DigestAuth', () => {
  const secret = randomBytes(32);

  it('challenges with realm, a signed nonce, MD5 and qop=auth', () => {
    const d = new DigestAuth(REALM, secret);
    const c = d.challenge();
    expect(c).toMatchObject({ scheme: 'Digest', realm: '"softphone.test"', algorithm: 'MD5', qop: '"auth"' });
    expect(unquote(c.nonce)).toMatch(/^\d+\.[\w-]+\.[\w-]+$/);
    expect(d.challenge(true).stale).toBe('true');
  });

  it('accepts the right password (with and without qop) and refuses a wrong one', () => {
    const d = new DigestAuth(REALM, secret);
    const nonce = unquote(d.challenge().nonce);
    expect(d.verify('REGISTER', clientResponse(nonce), ha1For)).toEqual({ kind: 'ok', username: 'alice' });
    expect(d.verify('REGISTER', clientResponse(nonce, { qop: false }), ha1For).kind).toBe('ok');
    expect(d.verify('REGISTER', clientResponse(nonce, { password: 'bob' }), ha1For).kind).toBe('invalid');
    // The response covers the method: a REGISTER answer cannot be replayed for an INVITE.
    expect(d.verify('INVITE', clientResponse(nonce), ha1For).kind).toBe('invalid');
    expect(d.verify('REGISTER', { ...clientResponse(nonce), username: 'mallory' }, ha1For).kind).toBe('invalid');
    expect(d.verify('REGISTER', undefined, ha1For)).toEqual({ kind: 'missing' });
  });

  it('refuses nonces it did not issue, and reports old ones as stale', () => {
    let now = 1_000_000;
    const d = new DigestAuth(REALM, secret, () => now);
    const nonce = unquote(d.challenge().nonce);
    const other = unquote(new DigestAuth(REALM, randomBytes(32), () => now).challenge().nonce);
    expect(d.verify('REGISTER', clientResponse(other), ha1For).kind).toBe('invalid');
    expect(d.verify('REGISTER', clientResponse('garbage'), ha1For).kind).toBe('invalid');
    now += NONCE_TTL_MS + 1;
    expect(d.verify('REGISTER', clientResponse(nonce), ha1For)).toEqual({ kind: 'stale' });
  });

  it('refuses unsupported algorithms and malformed responses', () => {
    const d = new DigestAuth(REALM, secret);
    const nonce = unquote(d.challenge().nonce);
    expect(d.verify('REGISTER', { ...clientResponse(nonce), algorithm: 'MD5-sess' }, ha1For).kind).toBe('invalid');
    expect(d.verify('REGISTER', { ...clientResponse(nonce), response: 'zz' }, ha1For).kind).toBe('invalid');
    expect(d.verify('REGISTER', { ...clientResponse(nonce), qop: 'auth-int' }, ha1For).kind).toBe('invalid');
  });

  it('reads credentials for its realm from parsed headers', () => {
    const d = new DigestAuth(REALM, secret);
    const rq = {
      headers: {
        authorization: [
          { scheme: 'Digest', realm: '"elsewhere"', username: '"x"' },
          { scheme: 'Digest', realm: '"softphone.test"', username: '"alice"', nonce: '"n"', uri: '"sip:softphone.test"', response: '"ABCDEF"', qop: 'auth', nc: '00000001', cnonce: '"c"' },
        ],
      },
    } as unknown as Parameters<DigestAuth['credentials']>[0];
    expect(d.credentials(rq, 'authorization')).toMatchObject({ username: 'alice', realm: REALM, response: 'abcdef', algorithm: 'MD5' });
    expect(d.credentials(rq, 'proxy-authorization')).toBeUndefined();
  });
});
