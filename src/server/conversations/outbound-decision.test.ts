import { describe, expect, it } from 'vitest';
import { OUTBOUND_REFUSE_MESSAGE, type Conversation } from '../../shared/companion-cc.js';
import { CONVERSATION_NOT_USABLE, outboundConversation, type OutboundConversation } from './outbound-decision.js';

const TO = '+81312345678';
const conv = (over: Partial<Conversation> = {}): Conversation => ({
  id: 'c1', customerNumber: TO, customerName: null, assigneeId: null, queueId: null, status: 'Open', notes: '', createdAt: 1, updatedAt: 1, ...over,
});

describe('outboundConversation (§8.3)', () => {
  it.each<[string, Parameters<typeof outboundConversation>[0], OutboundConversation]>([
    ['none → create', { agentId: 'me', to: TO, open: undefined }, { kind: 'create' }],
    ['my open one → join', { agentId: 'me', to: TO, open: conv({ assigneeId: 'me' }) }, { kind: 'join', conversationId: 'c1' }],
    ['unassigned open one → join', { agentId: 'me', to: TO, open: conv() }, { kind: 'join', conversationId: 'c1' }],
    ["another agent's → refuse", { agentId: 'me', to: TO, open: conv({ assigneeId: 'bob' }) }, { kind: 'refuse', status: 403, reason: OUTBOUND_REFUSE_MESSAGE }],
    ['named, mine → join it', { agentId: 'me', to: TO, open: conv({ id: 'c2', assigneeId: 'me' }), requested: { id: 'c2', found: conv({ id: 'c2', assigneeId: 'me' }) } }, { kind: 'join', conversationId: 'c2' }],
    ['named, unknown (or another account) → 404', { agentId: 'me', to: TO, open: undefined, requested: { id: 'x', found: undefined } }, { kind: 'refuse', status: 404, reason: CONVERSATION_NOT_USABLE }],
    ['named, Closed → refuse', { agentId: 'me', to: TO, open: undefined, requested: { id: 'c1', found: conv({ status: 'Closed' }) } }, { kind: 'refuse', status: 403, reason: CONVERSATION_NOT_USABLE }],
    ["named, another customer's → refuse", { agentId: 'me', to: TO, open: undefined, requested: { id: 'c1', found: conv({ customerNumber: '+15550001111' }) } }, { kind: 'refuse', status: 403, reason: CONVERSATION_NOT_USABLE }],
    ["named, another agent's → refuse", { agentId: 'me', to: TO, open: undefined, requested: { id: 'c1', found: conv({ assigneeId: 'bob' }) } }, { kind: 'refuse', status: 403, reason: OUTBOUND_REFUSE_MESSAGE }],
  ])('%s', (_name, facts, expected) => {
    expect(outboundConversation(facts)).toEqual(expected);
  });
});
