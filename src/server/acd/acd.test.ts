import { describe, expect, it } from 'vitest';
import { compareAgents, decideNextAgent, isEligible, type AcdAgent, type AcdCall } from './acd.js';

const agent = (id: string, over: Partial<AcdAgent> = {}): AcdAgent => ({
  id, login: id, status: 'Available', registered: true, inCall: false, inWrapUp: false,
  ringingElsewhere: false, openConversations: 0, lastCallEndedAt: null, ...over,
});
const call = (over: Partial<AcdCall> = {}): AcdCall => ({
  queueMemberIds: ['alice', 'bob', 'carol'], enqueuedAt: 0, maxWaitMs: 300_000, tried: [], ...over,
});

describe('isEligible (spec §3.1, §4.2)', () => {
  const cases: Array<[string, Partial<AcdAgent>, boolean]> = [
    ['available, registered, member, idle', {}, true],
    ['status Busy', { status: 'Busy' }, false],
    ['status Away', { status: 'Away' }, false],
    ['status Offline', { status: 'Offline' }, false],
    ['status On hold', { status: 'On hold' }, false],
    ['not registered', { registered: false }, false],
    ['in a call', { inCall: true }, false],
    ['in wrap-up', { inWrapUp: true }, false],
    ['ringing for another call', { ringingElsewhere: true }, false],
    ['at full text capacity is still eligible for calls', { openConversations: 99 }, true],
  ];
  it.each(cases)('%s', (_name, over, expected) => {
    expect(isEligible(agent('alice', over), ['alice'])).toBe(expected);
  });

  it('requires queue membership', () => {
    expect(isEligible(agent('dave'), ['alice', 'bob'])).toBe(false);
  });
});

describe('ordering: lowest workload, then longest idle', () => {
  it.each<[string, AcdAgent[], string[]]>([
    ['workload first', [agent('a', { openConversations: 2 }), agent('b', { openConversations: 1 })], ['b', 'a']],
    ['idle breaks workload ties', [agent('a', { lastCallEndedAt: 2000 }), agent('b', { lastCallEndedAt: 1000 })], ['b', 'a']],
    ['never had a call = idle longest', [agent('a', { lastCallEndedAt: 1 }), agent('b')], ['b', 'a']],
    ['workload beats idle', [agent('a', { openConversations: 1, lastCallEndedAt: 0 }), agent('b', { lastCallEndedAt: 5000 })], ['b', 'a']],
    ['login breaks full ties', [agent('bob'), agent('alice')], ['alice', 'bob']],
  ])('%s', (_name, agents, order) => {
    expect([...agents].sort(compareAgents).map((a) => a.id)).toEqual(order);
  });
});

describe('decideNextAgent', () => {
  const everyone = [agent('alice'), agent('bob'), agent('carol', { status: 'Away' })];

  const table: Array<{ name: string; agents: AcdAgent[]; call: Partial<AcdCall>; now?: number; expected: ReturnType<typeof decideNextAgent> }> = [
    { name: 'rings the first eligible agent', agents: everyone, call: {}, expected: { kind: 'ring', agentId: 'alice', tried: ['alice'] } },
    { name: 'after a timeout/reject rings the next one', agents: everyone, call: { tried: ['alice'] }, expected: { kind: 'ring', agentId: 'bob', tried: ['alice', 'bob'] } },
    { name: 'when everyone was tried starts again from the first', agents: everyone, call: { tried: ['alice', 'bob'] }, expected: { kind: 'ring', agentId: 'alice', tried: ['alice'] } },
    { name: 'a single eligible agent is rung again', agents: [agent('alice')], call: { tried: ['alice'] }, expected: { kind: 'ring', agentId: 'alice', tried: ['alice'] } },
    { name: 'an agent who became eligible mid-round is offered before repeating', agents: [...everyone.slice(0, 2), agent('carol')], call: { tried: ['alice', 'bob'] }, expected: { kind: 'ring', agentId: 'carol', tried: ['alice', 'bob', 'carol'] } },
    { name: 'nobody eligible: wait', agents: [agent('alice', { inCall: true }), agent('bob', { registered: false })], call: { tried: ['alice'] }, expected: { kind: 'wait', tried: ['alice'] } },
    { name: 'non-members are never rung', agents: [agent('dave')], call: {}, expected: { kind: 'wait', tried: [] } },
    { name: 'max wait reached: stop', agents: everyone, call: { enqueuedAt: 1000, maxWaitMs: 300_000 }, now: 301_000, expected: { kind: 'stop', reason: 'max_wait' } },
    { name: 'just before max wait: still rings', agents: everyone, call: { enqueuedAt: 1000, maxWaitMs: 300_000 }, now: 300_999, expected: { kind: 'ring', agentId: 'alice', tried: ['alice'] } },
    { name: 'prefers the longest idle agent', agents: [agent('alice', { lastCallEndedAt: 500 }), agent('bob', { lastCallEndedAt: 100 })], call: {}, expected: { kind: 'ring', agentId: 'bob', tried: ['bob'] } },
  ];

  it.each(table)('$name', ({ agents, call: c, now, expected }) => {
    expect(decideNextAgent(agents, call(c), now ?? 0)).toEqual(expected);
  });

  it('does not mutate its inputs', () => {
    const c = call({ tried: ['alice'] });
    const agents = [agent('bob'), agent('alice')];
    decideNextAgent(agents, c, 0);
    expect(c.tried).toEqual(['alice']);
    expect(agents.map((a) => a.id)).toEqual(['bob', 'alice']);
  });
});

describe('sticky agent for messaging-app calls (spec §4.6)', () => {
  const agents = (bob: Partial<AcdAgent>) => [agent('alice'), agent('bob', bob), agent('carol')];
  const cases: Array<[string, Partial<AcdAgent>, Partial<AcdCall>, ReturnType<typeof decideNextAgent>]> = [
    ['sticky agent available → only they ring', {}, {}, { kind: 'ring', agentId: 'bob', tried: ['bob'] }],
    ['they rejected (already tried) → ring them again', {}, { tried: ['bob'] }, { kind: 'ring', agentId: 'bob', tried: ['bob'] }],
    ['ringing for another call → wait for them (momentary)', { ringingElsewhere: true }, {}, { kind: 'wait', tried: [] }],
    ['in another call (Busy) → fall back', { inCall: true }, {}, { kind: 'ring', agentId: 'alice', tried: ['alice'] }],
    ['in wrap-up (Busy, §3.3) → fall back', { inWrapUp: true }, {}, { kind: 'ring', agentId: 'alice', tried: ['alice'] }],
    ['offline → fall back to the next eligible agent', { status: 'Offline' }, {}, { kind: 'ring', agentId: 'alice', tried: ['alice'] }],
    ['Away → fall back', { status: 'Away' }, {}, { kind: 'ring', agentId: 'alice', tried: ['alice'] }],
    ['not registered → fall back', { registered: false }, {}, { kind: 'ring', agentId: 'alice', tried: ['alice'] }],
    ['no longer in the queue → fall back', {}, { queueMemberIds: ['alice', 'carol'] }, { kind: 'ring', agentId: 'alice', tried: ['alice'] }],
    ['max wait still stops', {}, { enqueuedAt: -400_000 }, { kind: 'stop', reason: 'max_wait' }],
  ];
  it.each(cases)('%s', (_name, bob, over, expected) => {
    expect(decideNextAgent(agents(bob), call({ stickyAgentId: 'bob', ...over }), 0)).toEqual(expected);
  });

  it('an unknown sticky agent falls back to normal routing', () => {
    expect(decideNextAgent(agents({}), call({ stickyAgentId: 'zed' }), 0)).toEqual({ kind: 'ring', agentId: 'alice', tried: ['alice'] });
  });
});
