import { describe, expect, it } from 'vitest';
import { cleanValue, decodePercent, readCallHeaders } from './call-headers.js';

const from = (h: Record<string, string>) => (name: string) => {
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : h[key];
};

describe('call headers', () => {
  it('reads every header the companion sets, decoding the percent-encoded name', () => {
    const fields = readCallHeaders(from({
      'X-Queue': 'support',
      'X-Call-Type': 'transferred',
      'X-Channel': 'whatsapp',
      'X-Customer-Number': '+81312345678',
      'X-Customer-Name': encodeURIComponent('山田 太郎'),
      'X-Conversation-Id': 'conv-9',
      'X-Companion-Call-Id': 'cc-1',
    }), 'anonymous');
    expect(fields).toEqual({
      queue: 'support', callType: 'transferred', channel: 'whatsapp', customerNumber: '+81312345678',
      customerName: '山田 太郎', conversationId: 'conv-9', companionCallId: 'cc-1',
    });
  });

  it('defaults missing headers and takes the number from the From user', () => {
    expect(readCallHeaders(from({}), '%2B4930123')).toEqual({
      queue: null, callType: 'normal', channel: 'phone', customerNumber: '+4930123', customerName: null, conversationId: null, companionCallId: null,
    });
    expect(readCallHeaders(from({}), undefined).customerNumber).toBeNull();
  });

  it('falls back to defaults for unknown call types and channels (case-insensitive match)', () => {
    const f = readCallHeaders(from({ 'x-call-type': 'VIP', 'x-channel': 'WebRTC' }), 'u');
    expect(f.callType).toBe('normal');
    expect(f.channel).toBe('webrtc');
  });

  it('keeps a malformed percent-encoding as received and strips control characters', () => {
    expect(decodePercent('100%')).toBe('100%');
    expect(decodePercent('%E5%B1%B1%0A%E7%94%B0')).toBe('山田');
    expect(cleanValue('  a\u0000b  ')).toBe('ab');
    expect(cleanValue('   ')).toBeNull();
    expect(cleanValue('x'.repeat(500))).toHaveLength(200);
  });
});
