// Small helpers over the `sip` package's parsed messages.
import { randomBytes } from 'node:crypto';
import type { Message, NameAddr } from 'sip';
import { sip } from './sip-stack.js';

export const newTag = (): string => randomBytes(8).toString('hex');

/** Removes surrounding quotes and backslash escapes of a quoted-string. */
export function unquote(s: string | undefined | null): string {
  if (!s) return '';
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

export const quote = (s: string): string => `"${s.replace(/(["\\])/g, '\\$1')}"`;

export function userOf(uri: string | NameAddr['uri'] | undefined): string | undefined {
  if (uri === undefined) return undefined;
  const u = sip.parseUri(uri);
  if (!u?.user) return undefined;
  try { return decodeURIComponent(u.user); } catch { return u.user; }
}

export function hostOf(uri: string | NameAddr['uri'] | undefined): string | undefined {
  return uri === undefined ? undefined : sip.parseUri(uri)?.host?.toLowerCase();
}

/** The headers every request needs before we can even answer it. */
export function isWellFormedRequest(rq: Message): boolean {
  const h = rq.headers;
  return typeof rq.method === 'string'
    && rq.uri !== undefined && sip.parseUri(rq.uri) !== undefined
    && Array.isArray(h?.via) && h.via.length > 0
    && typeof h['call-id'] === 'string'
    && !!h.to && !!h.from && !!h.cseq && typeof h.cseq.seq === 'number' && !Number.isNaN(h.cseq.seq);
}

/** A response to `rq`; final responses other than to CANCEL get a To tag when the request had none. */
export function response(rq: Message, status: number, reason: string, headers: Record<string, unknown> = {}): Message {
  const rs = sip.makeResponse(rq, status, reason, { headers });
  if (status > 100 && !rq.headers.to.params?.tag) {
    rs.headers.to = { ...rq.headers.to, params: { ...rq.headers.to.params, tag: newTag() } };
  }
  return rs;
}

/** Decrements Max-Forwards; false when the request has run out of hops. */
export function decrementMaxForwards(rq: Message): boolean {
  const raw = rq.headers['max-forwards'];
  const n = raw === undefined ? 70 : Number(raw);
  if (!Number.isFinite(n) || n <= 0) return false;
  rq.headers['max-forwards'] = String(Math.min(70, Math.floor(n)) - 1);
  return true;
}

/**
 * Display name of a From/To header as real Unicode. WebSocket frames arrive as text (already Unicode);
 * UDP/TCP bytes are read by the stack as latin1, so those are re-decoded as UTF-8.
 */
export function displayNameOf(na: NameAddr, fromStream: boolean): string {
  const raw = unquote(na.name ?? '');
  if (!raw) return '';
  return fromStream ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
}
