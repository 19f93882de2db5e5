import { describe, expect, it } from 'vitest';
import { readOutboundLink } from './outbound-link.js';

const from = (h: Record<string, string>) => (name: string) => h[name];

describe('readOutboundLink', () => {
  it.each([
    [{ 'X-Companion-Call-Id': 'c-1', 'X-Conversation-Id': 'conv-1' }, { companionCallId: 'c-1', conversationId: 'conv-1' }],
    [{}, { companionCallId: null, conversationId: null }],
    [{ 'X-Conversation-Id': ' conv-2 ' }, { companionCallId: null, conversationId: 'conv-2' }],
    [{ 'X-Conversation-Id': 'bad id; x' }, { companionCallId: null, conversationId: null }],
    [{ 'X-Companion-Call-Id': 'a'.repeat(101) }, { companionCallId: null, conversationId: null }],
  ])('%j → %j', (headers, expected) => {
    expect(readOutboundLink(from(headers))).toEqual(expected);
  });
});
