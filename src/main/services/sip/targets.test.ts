import { describe, expect, it } from 'vitest';
import { toSipUri } from './targets.js';

describe('toSipUri', () => {
  it.each([
    ['bob', 'sip:bob@softphone.test'],
    ['support', 'sip:support@softphone.test'],
    ['+81 3-1234-5678', 'sip:+81312345678@softphone.test'],
    ['1001', 'sip:1001@softphone.test'],
    ['carol@example.org', 'sip:carol@example.org'],
    ['sip:queue@other.test', 'sip:queue@other.test'],
    ['  sips:x@y.test  ', 'sips:x@y.test'],
  ])('%j → %s', (input, expected) => {
    expect(toSipUri(input, 'softphone.test')).toBe(expected);
  });

  it.each(['', '   ', 'a b', 'x@', '@y', 'a@b@c', 'sip:a b@c', '<script>', 'x'.repeat(201)])('rejects %j', (input) => {
    expect(toSipUri(input, 'softphone.test')).toBeNull();
  });
});
