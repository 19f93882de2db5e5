import { describe, expect, it } from 'vitest';
import { autoAnswerDelayMs, parseAnswerAfter } from './auto-answer.js';

describe('parseAnswerAfter', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['<http://example.com/alice.png>;purpose=icon', null],
    ['<sip:pbx.example.com>;answer-after=0', 0],
    ['<sip:pbx.example.com>;answer-after=5', 5],
    ['<sip:pbx.example.com> ; Answer-After = 3', 3],
    ['<sip:pbx.example.com>;answer-after="2"', 2],
    ['<sip:pbx.example.com>;answer-after=3600', 60],
    ['<sip:pbx.example.com>;answer-after=-1', null],
    ['<sip:pbx.example.com>;answer-after=abc', null],
  ])('%s → %s', (header, expected) => {
    expect(parseAnswerAfter(header)).toBe(expected);
  });
});

describe('autoAnswerDelayMs', () => {
  it.each([
    [false, '<sip:x>;answer-after=2', null],
    [false, undefined, null],
    [true, '<sip:x>;answer-after=2', 2000],
    [true, undefined, 0],
  ] as const)('enabled=%s header=%s → %s', (enabled, header, expected) => {
    expect(autoAnswerDelayMs(enabled, header)).toBe(expected);
  });
});
