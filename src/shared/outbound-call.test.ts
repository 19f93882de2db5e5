import { describe, expect, it } from 'vitest';
import { OUTBOUND_HEADER, OUTBOUND_REFUSALS, outboundHeaderLines, outboundRefusal, readOutboundHeaders } from './outbound-call.js';

const headersOf = (lines: string[]) => {
  const m = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return (name: string) => m.get(name.toLowerCase());
};

describe('outbound options as X- headers', () => {
  it('round-trips every option', () => {
    const o = { from: '+15550001000', queue: 'support', priority: 'high' as const, tags: ['billing', 'vip'], conversationId: 'c-1' };
    const lines = outboundHeaderLines(o);
    expect(lines).toContain(`${OUTBOUND_HEADER.tags}: billing,vip`);
    expect(readOutboundHeaders(headersOf(lines))).toEqual({ ok: true, options: o });
  });

  it('no options → no headers → empty options', () => {
    expect(outboundHeaderLines({})).toEqual([]);
    expect(readOutboundHeaders(() => undefined)).toEqual({ ok: true, options: {} });
  });

  it.each([
    [OUTBOUND_HEADER.from, '0312345678'],
    [OUTBOUND_HEADER.priority, 'whenever'],
    [OUTBOUND_HEADER.tags, 'ok,NOT OK'],
    [OUTBOUND_HEADER.queue, 'sup port'],
    [OUTBOUND_HEADER.conversationId, 'x;y'],
  ])('refuses a malformed %s (%s) instead of ignoring it', (name, value) => {
    const r = readOutboundHeaders((n) => (n === name ? value : undefined));
    expect(r.ok).toBe(false);
  });

  it('building headers from bad options throws (no header injection)', () => {
    expect(() => outboundHeaderLines({ queue: 'a\r\nVia: x' })).toThrow();
  });
});

describe('outboundRefusal', () => {
  it.each([
    [403, 'Another agent is already talking to this customer.', 'outbound_refused'],
    [403, OUTBOUND_REFUSALS.outbound_from_not_allowed, 'outbound_from_not_allowed'],
    [403, OUTBOUND_REFUSALS.outbound_queue_not_allowed, 'outbound_queue_not_allowed'],
    [404, OUTBOUND_REFUSALS.outbound_conversation_not_usable, 'outbound_conversation_not_usable'],
    [403, 'Forbidden', null],
    [486, 'Another agent is already talking to this customer.', null],
    [undefined, undefined, null],
  ])('%s %s → %s', (status, reason, code) => {
    expect(outboundRefusal(status, reason)?.code ?? null).toBe(code);
  });
});
