import { describe, expect, it } from 'vitest';
import { linkOf } from './form-saver.js';

const call = (callId: string, conversationId: string | null) => ({ callId, conversationId }) as never;
const wrap = (callId: string, conversationId: string | null) => ({ callId, conversationId, endsAt: 0, canExtend: false });

describe('linkOf', () => {
  it.each([
    ['call named', { call: call('c1', 'v1'), wrapUp: null }, { conversationId: 'v1' }],
    ['call not named yet', { call: call('c1', null), wrapUp: null }, 'waiting'],
    ['wrap-up names it after the call', { call: null, wrapUp: wrap('c1', 'v2') }, { conversationId: 'v2' }],
    ['wrap-up without one', { call: null, wrapUp: wrap('c1', null) }, 'waiting'],
    ['another call', { call: call('c2', 'v3'), wrapUp: null }, 'absent'],
    ['nothing', { call: null, wrapUp: null }, 'absent'],
  ])('%s', (_n, app, expected) => {
    expect(linkOf(app, 'c1')).toEqual(expected);
  });
});
