import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.js';

describe('LoginLimiter', () => {
  it('locks a login after 10 failures for one minute, then lets it try again', () => {
    let now = 0;
    const l = new LoginLimiter(() => now);
    for (let i = 0; i < 9; i++) l.recordFailure('alice');
    expect(l.isLocked('alice')).toBe(false);
    l.recordFailure('ALICE');
    expect(l.isLocked('alice')).toBe(true);
    expect(l.isLocked('bob')).toBe(false);
    now += 59_999;
    expect(l.isLocked('alice')).toBe(true);
    now += 1;
    expect(l.isLocked('alice')).toBe(false);
  });

  it('a success resets the counter', () => {
    const l = new LoginLimiter(() => 0);
    for (let i = 0; i < 9; i++) l.recordFailure('bob');
    l.recordSuccess('bob');
    l.recordFailure('bob');
    expect(l.isLocked('bob')).toBe(false);
  });
});
