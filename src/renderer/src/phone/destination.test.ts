import { describe, expect, it } from 'vitest';
import { formatE164, parseDestination } from './destination.js';

describe('call destinations', () => {
  it('normalises and validates E.164 numbers', () => {
    expect(parseDestination(' +81 3-1234-5678 ')).toEqual({ kind: 'e164', value: '+81312345678', display: '+81 3 1234 5678' });
    expect(parseDestination('+1 (555) 000-1111')).toMatchObject({ kind: 'e164', value: '+15550001111' });
    expect(parseDestination('0044 20 7946 0000')).toMatchObject({ kind: 'e164', value: '+442079460000' });
    expect(parseDestination('+0123456789')).toEqual({ kind: 'invalid', reason: 'notE164' });
    expect(parseDestination('+12345')).toEqual({ kind: 'invalid', reason: 'notE164' });
    expect(parseDestination('+1234567890123456')).toEqual({ kind: 'invalid', reason: 'notE164' });
    expect(parseDestination('03 1234 5678')).toEqual({ kind: 'invalid', reason: 'notE164' });
  });

  it('accepts short extensions and SIP addresses, refuses junk', () => {
    expect(parseDestination('100')).toEqual({ kind: 'extension', value: '100' });
    expect(parseDestination('bob')).toEqual({ kind: 'sip', value: 'bob' });
    expect(parseDestination('sip:bob@softphone.test')).toEqual({ kind: 'sip', value: 'sip:bob@softphone.test' });
    expect(parseDestination('')).toEqual({ kind: 'invalid', reason: 'empty' });
    expect(parseDestination('<script>')).toEqual({ kind: 'invalid', reason: 'notE164' });
  });

  it('formats for reading', () => {
    expect(formatE164('+15550001111')).toBe('+1 555 000 1111');
    expect(formatE164('+442079460000')).toBe('+44 20 7946 0000');
  });
});
