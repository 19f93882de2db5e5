import { describe, expect, it } from 'vitest';
import { outboundRoute, parseSipConfig } from './sip-config.js';

const base = { servers: ['wss://sip.example.com/ws', 'wss://sip2.example.com/ws'], uri: 'sip:alice@example.com', domain: 'example.com', login: 'alice', password: 'x' };

describe('parseSipConfig', () => {
  it('accepts a primary and fallback servers, a display name and an outbound proxy', () => {
    const r = parseSipConfig({ ...base, displayName: 'Alice', outboundProxy: 'sip:proxy.example.com:5060' });
    expect(r.ok).toBe(true);
  });

  it.each([
    [{ ...base, servers: [] }, 'The SIP server list is not valid: at least one SIP server address is needed.'],
    [{ ...base, servers: ['wss://ok.example.com', 'http://nope'] }, 'The SIP server list #2 is not valid: must be a ws:// or wss:// address.'],
    [{ ...base, uri: 'alice' }, 'The SIP address is not valid: must be a SIP address such as sip:alice@example.com.'],
    [{ ...base, outboundProxy: 'proxy' }, 'The outbound proxy is not valid: must be a SIP address such as sip:alice@example.com.'],
  ])('explains what is wrong (%#)', (input, message) => {
    expect(parseSipConfig(input)).toEqual({ ok: false, error: message });
  });

  it('never throws on garbage', () => {
    expect(parseSipConfig(null).ok).toBe(false);
    expect(parseSipConfig({ ...base, extra: 1 }).ok).toBe(false);
  });
});

describe('outboundRoute', () => {
  it('adds loose routing once', () => {
    expect(outboundRoute('sip:proxy.example.com')).toBe('<sip:proxy.example.com;lr>');
    expect(outboundRoute('<sip:proxy.example.com;lr>')).toBe('<sip:proxy.example.com;lr>');
  });
});
