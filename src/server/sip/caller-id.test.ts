import { describe, expect, it } from 'vitest';
import { applyCallerId, callerIdFor, type CallerIdChange } from './caller-id.js';

describe('callerIdFor (§7.3, §8.3)', () => {
  it.each<[string, Parameters<typeof callerIdFor>[0], CallerIdChange]>([
    ['phone customer transferred: keeps own number, choice ignored', { fromUser: '+81312345678', transfer: true, chosen: '+81350001000', automatic: '+81350001000' }, { kind: 'keep' }],
    ['WebRTC customer transferred, chosen', { fromUser: 'guest-1', transfer: true, chosen: '+15550001000', automatic: '+81350001000' }, { kind: 'account', number: '+15550001000' }],
    ['WebRTC customer transferred, automatic', { fromUser: 'guest-1', transfer: true, chosen: undefined, automatic: '+81350001000' }, { kind: 'account', number: '+81350001000' }],
    ['WebRTC customer, account without numbers', { fromUser: 'guest-1', transfer: true, chosen: undefined, automatic: undefined }, { kind: 'none' }],
    ["agent's outbound call, chosen", { fromUser: 'alice', transfer: false, chosen: '+15550001000', automatic: undefined }, { kind: 'account', number: '+15550001000' }],
    ["agent's outbound call whose login looks like a number still gets an account number", { fromUser: '+81399990000', transfer: false, chosen: '+15550001000', automatic: undefined }, { kind: 'account', number: '+15550001000' }],
  ])('%s', (_n, input, expected) => {
    expect(callerIdFor(input)).toEqual(expected);
  });

  it('applyCallerId rewrites From (same tag) and sets P-Asserted-Identity', () => {
    const headers: { from: { name?: string; uri: string; params: Record<string, string | null> }; [k: string]: unknown } = { from: { name: 'Alice', uri: 'sip:alice@cc.test', params: { tag: 't1' } } };
    applyCallerId(headers, { kind: 'account', number: '+15550001000' }, 'cc.test');
    expect(headers.from).toEqual({ uri: 'sip:+15550001000@cc.test', params: { tag: 't1' } });
    expect(headers['p-asserted-identity']).toBe('<sip:+15550001000@cc.test>');
    const kept: typeof headers = { from: { uri: 'sip:+81312345678@x', params: { tag: 't2' } } };
    applyCallerId(kept, { kind: 'keep' }, 'cc.test');
    expect(kept).toEqual({ from: { uri: 'sip:+81312345678@x', params: { tag: 't2' } } });
  });
});
