import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../phone/destination.js';
import { needsCheck, nextStep, parseTags } from './outbound-logic.js';

describe('outbound check outcome (§8.3)', () => {
  it.each([
    [null, { step: 'dial' }],
    [{ outcome: 'new' as const }, { step: 'dial' }],
    [{ outcome: 'open-existing' as const, conversationId: 'c1' }, { step: 'confirm-open', conversationId: 'c1' }],
    [{ outcome: 'refuse' as const, message: 'Another agent is already talking to this customer.' }, { step: 'refused' }],
  ])('%j → %j', (check, expected) => expect(nextStep(check)).toEqual(expected));

  it.each([
    ['+81 3 1234 5678', true],
    ['1001', false],
    ['bob', false],
    ['sip:bob@softphone.test', false],
  ])('%s needs the check: %s', (text, expected) => expect(needsCheck(parseDestination(text))).toBe(expected));
});

describe('parseTags', () => {
  it.each([
    ['', { tags: [], invalid: [] }],
    ['billing, VIP  ,,vip', { tags: ['billing', 'vip'], invalid: [] }],
    ['ok bad!tag', { tags: ['ok'], invalid: ['bad!tag'] }],
  ])('%j', (text, expected) => expect(parseTags(text)).toEqual(expected));
});
