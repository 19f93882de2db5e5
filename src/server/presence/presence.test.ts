import { describe, expect, it } from 'vitest';
import type { User, UsersRepo } from '../accounts/users-repo.js';
import type { EventLog } from '../events/event-log.js';
import { liveStatus, Presence } from './presence.js';

const alice: User = {
  id: 'u1', accountId: 'a1', login: 'alice', displayName: 'Alice', role: 'agent',
  passwordHash: '', ha1: '', ha1Realm: '', status: 'Available',
};

function setup() {
  const events: unknown[] = [];
  // Only the members Presence touches; the real repo and log are covered by the server tests.
  const users = { all: async () => [alice], setStatus: async () => undefined } as unknown as UsersRepo;
  const log = { append: (_account: string, e: unknown) => { events.push(e); return e; } } as unknown as EventLog;
  const p = new Presence(users, log, () => 5);
  p.add(alice);
  const statuses = () => events.map((e) => (e as { status: string }).status);
  return { p, statuses };
}

describe('Presence hold (§3.4)', () => {
  it('is On hold while a call is held, Busy again on resume, Available after the call', () => {
    const { p, statuses } = setup();
    p.callStarted('u1', 'call1');
    expect(p.setHold('u1', 'call1', true)).toBe(true);
    expect(liveStatus(p.get('u1')!)).toBe('On hold');
    p.setHold('u1', 'call1', true); // repeated report: no new event
    p.setHold('u1', 'call1', false);
    p.callEnded('u1', 'call1');
    expect(statuses()).toEqual(['Busy', 'On hold', 'Busy', 'Available']);
  });

  it('a call that ends while held, or wrap-up, clears the hold; Away and Offline win', async () => {
    const { p } = setup();
    p.callStarted('u1', 'call1');
    p.setHold('u1', 'call1', true);
    p.callEnded('u1', 'call1');
    expect(liveStatus(p.get('u1')!)).toBe('Available');
    p.setHold('u1', 'untracked', true);
    expect(p.snapshot('a1', 'other')[0]!.inCall).toBe(true);
    p.setWrapUp('u1', { callId: 'untracked', conversationId: null, endsAt: 10, canExtend: false });
    expect(liveStatus(p.get('u1')!)).toBe('Busy');
    p.setWrapUp('u1', null);
    p.setHold('u1', 'c2', true);
    await p.setSelected('u1', 'Away');
    expect(liveStatus(p.get('u1')!)).toBe('Away');
    expect(p.setHold('nobody', 'c', true)).toBe(false);
  });
});
