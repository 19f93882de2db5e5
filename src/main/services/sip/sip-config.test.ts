import { describe, expect, it } from 'vitest';
import { outboundRoute, parseSipConfig, sipOverridesFromEnv } from './sip-config.js';

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

describe('sipOverridesFromEnv', () => {
  it.each<[string, Record<string, string>, unknown]>([
    ['nothing set', {}, { ok: true, overrides: {} }],
    ['fallbacks, comma separated, blanks ignored', { SOFTPHONE_SIP_FALLBACKS: ' wss://a.example/ws, ,wss://b.example/ws ' }, { ok: true, overrides: { fallbackWsUrls: ['wss://a.example/ws', 'wss://b.example/ws'] } }],
    ['an outbound proxy', { SOFTPHONE_SIP_OUTBOUND_PROXY: 'sip:proxy.example.com;lr' }, { ok: true, overrides: { outboundProxy: 'sip:proxy.example.com;lr' } }],
    ['an http fallback', { SOFTPHONE_SIP_FALLBACKS: 'wss://a.example/ws,http://b.example' }, { ok: false, error: 'The fallback SIP server #2 is not valid: must be a ws:// or wss:// address.' }],
    ['a proxy that is not a SIP address', { SOFTPHONE_SIP_OUTBOUND_PROXY: 'proxy.example.com' }, { ok: false, error: 'The outbound proxy is not valid: must be a SIP address such as sip:alice@example.com.' }],
    ['too many fallbacks', { SOFTPHONE_SIP_FALLBACKS: 'ws://a/,ws://b/,ws://c/,ws://d/,ws://e/' }, { ok: false, error: 'The fallback SIP server is not valid: at most 4 fallback SIP servers.' }],
  ])('%s', (_why, env, result) => {
    expect(sipOverridesFromEnv(env)).toEqual(result);
  });
});
