import { describe, expect, it } from 'vitest';
import { MAX_PART_BYTES, formatUtcStamp, recordingBaseName, recordingFileName, sanitiseNamePart } from './recording-naming.js';

describe('recording names', () => {
  it('formats UTC start as YYYYMMDDHHMMSS (24 h)', () => {
    expect(formatUtcStamp(Date.UTC(2026, 0, 2, 15, 4, 5))).toBe('20260102150405');
    expect(formatUtcStamp(Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toBe('20261231235959');
    expect(() => formatUtcStamp(Number.NaN)).toThrow(/Invalid/);
  });

  it('builds <conversationID>_<agentName>_<endUser>_<UTCStartTime>', () => {
    const base = recordingBaseName({
      conversationId: 'conv-42', callId: 'x', agentName: 'Alice', endUserName: null, endUserPhone: '+81312345678',
      startedAt: Date.UTC(2026, 10, 24, 7, 5, 0),
    });
    expect(base).toBe('conv-42_Alice_+81312345678_20261124070500');
    expect(base.split('_')).toHaveLength(4);
    expect(recordingFileName(base, 'agent', 'webm')).toBe(`${base}.agent.webm`);
    expect(recordingFileName(base, 'merged', '.webm')).toBe(`${base}.webm`);
    expect(() => recordingFileName(base, 'agent', 'we/bm')).toThrow();
  });

  it('prefers the end user name and falls back to the call id', () => {
    const base = recordingBaseName({ conversationId: null, callId: 'call-1', agentName: '山田 太郎', endUserName: 'Bob Smith', endUserPhone: '123', startedAt: 0 });
    expect(base).toBe('call-1_山田-太郎_Bob-Smith_19700101000000');
  });

  const table: [string, string | null, string][] = [
    ['separator underscore', 'a_b', 'a-b'],
    ['windows forbidden', 'a<b>c:d"e/f\\g|h?i*j', 'a-b-c-d-e-f-g-h-i-j'],
    ['control chars', 'a\u0000b\u0007c\u001fd\u007f', 'abcd'],
    ['bidi override', 'abc\u202Egnp.exe', 'abcgnp.exe'],
    ['newline', 'a\nb', 'a-b'],
    ['trailing dots and spaces', 'name. . ', 'name'],
    ['leading dot (hidden)', '.bashrc', 'bashrc'],
    ['leading dash', '--rf', 'rf'],
    ['reserved CON', 'CON', 'CON-'],
    ['reserved lpt1 with ext', 'lpt1.txt', 'lpt1.txt-'],
    ['empty', '', 'unknown'],
    ['null', null, 'unknown'],
    ['only forbidden', '???', 'unknown'],
    ['NFC normalised', 'e\u0301', '\u00e9'],
  ];
  it.each(table)('sanitises %s', (_n, input, out) => {
    expect(sanitiseNamePart(input)).toBe(out);
  });

  it('caps each part in UTF-8 bytes without splitting characters', () => {
    const long = '😀'.repeat(100);
    const s = sanitiseNamePart(long);
    expect(new TextEncoder().encode(s).length).toBeLessThanOrEqual(MAX_PART_BYTES);
    expect(s).toBe('😀'.repeat(15));
    const base = recordingBaseName({ conversationId: 'x'.repeat(500), callId: 'c', agentName: 'あ'.repeat(200), endUserName: 'b'.repeat(300), endUserPhone: null, startedAt: 0 });
    expect(new TextEncoder().encode(recordingFileName(base, 'customer', 'webm')).length).toBeLessThanOrEqual(255);
  });
});
