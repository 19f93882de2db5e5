// SIP digest authentication (RFC 3261 §22, RFC 2617 qop=auth, MD5) against stored HA1 values.
// Nonces are stateless: a timestamp and random part signed with HMAC, valid for NONCE_TTL_MS.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthHeader, Message } from 'sip';
import { md5 } from '../auth/passwords.js';
import { quote, unquote } from './messages.js';

export const NONCE_TTL_MS = 5 * 60 * 1000;

export type DigestResult =
  | { kind: 'missing' }
  | { kind: 'stale' }
  | { kind: 'invalid'; username: string }
  | { kind: 'ok'; username: string };

export interface Credentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: string;
  qop: string;
  nc: string;
  cnonce: string;
}

export class DigestAuth {
  constructor(private readonly realm: string, private readonly secret: Buffer, private readonly now: () => number = Date.now) {}

  nonce(): string {
    const body = `${this.now()}.${randomBytes(9).toString('base64url')}`;
    return `${body}.${this.sign(body)}`;
  }

  /** Header value for WWW-Authenticate / Proxy-Authenticate. */
  challenge(stale = false): AuthHeader {
    return { scheme: 'Digest', realm: quote(this.realm), nonce: quote(this.nonce()), algorithm: 'MD5', qop: '"auth"', ...(stale ? { stale: 'true' } : {}) };
  }

  /** Credentials for our realm from Authorization (REGISTER) or Proxy-Authorization (other requests). */
  credentials(rq: Message, header: 'authorization' | 'proxy-authorization'): Credentials | undefined {
    const all = rq.headers[header];
    if (!Array.isArray(all)) return undefined;
    for (const h of all) {
      if (!h || (h.scheme ?? '').toLowerCase() !== 'digest') continue;
      if (unquote(h.realm) !== this.realm) continue;
      return {
        username: unquote(h.username), realm: unquote(h.realm), nonce: unquote(h.nonce), uri: unquote(h.uri),
        response: unquote(h.response).toLowerCase(), algorithm: unquote(h.algorithm) || 'MD5',
        qop: unquote(h.qop), nc: unquote(h.nc), cnonce: unquote(h.cnonce),
      };
    }
    return undefined;
  }

  /**
   * Checks credentials against the user's HA1 (`ha1For` returns undefined for unknown users).
   * The method is the request's (for ACK/CANCEL the client uses the INVITE's credentials, which we never check).
   */
  verify(method: string, c: Credentials | undefined, ha1For: (username: string) => string | undefined): DigestResult {
    if (!c) return { kind: 'missing' };
    const nonceAge = this.nonceAge(c.nonce);
    if (nonceAge === undefined) return { kind: 'invalid', username: c.username };
    if (nonceAge > NONCE_TTL_MS) return { kind: 'stale' };
    if (c.algorithm.toUpperCase() !== 'MD5') return { kind: 'invalid', username: c.username };
    const ha1 = ha1For(c.username);
    if (!ha1 || !/^[0-9a-f]{32}$/.test(c.response)) return { kind: 'invalid', username: c.username };
    const ha2 = md5(`${method}:${c.uri}`);
    let expected: string;
    if (c.qop === '') expected = md5(`${ha1}:${c.nonce}:${ha2}`);
    else if (c.qop.toLowerCase() === 'auth' && c.nc && c.cnonce) expected = md5(`${ha1}:${c.nonce}:${c.nc}:${c.cnonce}:auth:${ha2}`);
    else return { kind: 'invalid', username: c.username };
    const ok = timingSafeEqual(Buffer.from(expected), Buffer.from(c.response));
    return ok ? { kind: 'ok', username: c.username } : { kind: 'invalid', username: c.username };
  }

  /** Age in ms of a nonce we issued, undefined if forged or malformed. */
  private nonceAge(nonce: string): number | undefined {
    const parts = nonce.split('.');
    if (parts.length !== 3) return undefined;
    const body = `${parts[0]}.${parts[1]}`;
    const sig = Buffer.from(parts[2] ?? '');
    const expected = Buffer.from(this.sign(body));
    if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return undefined;
    const ts = Number(parts[0]);
    return Number.isFinite(ts) ? this.now() - ts : undefined;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(`${this.realm}|${body}`).digest('base64url');
  }
}
