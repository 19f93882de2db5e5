// Bearer tokens: HMAC-SHA256 signed `v1.<userId>.<expiresAtMs>.<nonce>.<sig>` (base64url parts).
// Signed rather than stored so they survive restarts without a sessions table; the user is re-loaded
// on every request, so deleting a user revokes their tokens.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export interface TokenClaims { userId: string; expiresAt: number }

export class TokenSigner {
  constructor(private readonly secret: Buffer, private readonly now: () => number = Date.now) {
    if (secret.length < 32) throw new Error('Token signing secret must be at least 32 bytes.');
  }

  issue(userId: string, ttlMs = TOKEN_TTL_MS): string {
    const body = ['v1', Buffer.from(userId).toString('base64url'), String(this.now() + ttlMs), randomBytes(9).toString('base64url')].join('.');
    return `${body}.${this.sign(body)}`;
  }

  /** Claims when the token is authentic and not expired, otherwise null (never throws). */
  verify(token: string): TokenClaims | null {
    if (typeof token !== 'string' || token.length > 500) return null;
    const parts = token.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1') return null;
    const body = parts.slice(0, 4).join('.');
    const sig = Buffer.from(parts[4] ?? '', 'utf8');
    const expected = Buffer.from(this.sign(body), 'utf8');
    if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return null;
    const expiresAt = Number(parts[2]);
    if (!Number.isFinite(expiresAt) || expiresAt <= this.now()) return null;
    const userId = Buffer.from(parts[1] ?? '', 'base64url').toString('utf8');
    return userId ? { userId, expiresAt } : null;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
