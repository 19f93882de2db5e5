import { describe, expect, it } from 'vitest';
import type { Person } from '../../../../shared/companion-cc.js';
import { classifyNumberInput, fromChoice } from './transfer-logic.js';

const desk: Person = { id: 'p1', name: 'Tokyo Partner Desk', numbers: ['+81355550199'], tags: ['external_number'] };

describe('fromChoice (§7.3)', () => {
  it.each([
    ['phone', 'customer-number'],
    ['webrtc', 'pick'],
    ['viber', 'pick'],
    ['whatsapp', 'not-allowed'],
  ] as const)('%s → %s', (channel, expected) => expect(fromChoice(channel)).toBe(expected));
});

describe('classifyNumberInput', () => {
  it.each([
    ['', [], { kind: 'empty' }],
    ['   ', [desk], { kind: 'empty' }],
    ['0312345678', [], { kind: 'badNumber' }],
    ['+81', [desk], { kind: 'badNumber' }],
    ['+81 3-5555-0199', [desk], { kind: 'phonebook', number: '+81355550199', name: 'Tokyo Partner Desk' }],
    ['tokyo partner desk', [desk], { kind: 'phonebook', number: '+81355550199', name: 'Tokyo Partner Desk' }],
    ['+44 20 7946 0000', [desk], { kind: 'typed', number: '+442079460000', display: '+44 20 7946 0000' }],
    ['Tokyo', [desk], { kind: 'notFound' }],
    ['Nobody', [], { kind: 'notFound' }],
  ] as const)('%j', (input, suggestions, expected) => expect(classifyNumberInput(input, suggestions)).toEqual(expected));
});
