import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { powerPortFrom, type PowerEvent } from './power.js';

describe('powerPortFrom', () => {
  it('forwards each OS event to its subscribers and unsubscribes cleanly', () => {
    const os = new EventEmitter();
    const port = powerPortFrom(os);
    const seen: string[] = [];
    const offs = [
      port.onSuspend(() => seen.push('suspend')),
      port.onResume(() => seen.push('resume')),
      port.onLockScreen(() => seen.push('lock')),
      port.onUnlockScreen(() => seen.push('unlock')),
    ];
    for (const e of ['suspend', 'resume', 'lock-screen', 'unlock-screen'] as PowerEvent[]) os.emit(e);
    expect(seen).toEqual(['suspend', 'resume', 'lock', 'unlock']);
    for (const off of offs) off();
    for (const e of ['suspend', 'resume', 'lock-screen', 'unlock-screen']) expect(os.listenerCount(e)).toBe(0);
  });

  it('one failing listener does not stop the others', () => {
    const os = new EventEmitter();
    const port = powerPortFrom(os);
    const seen: string[] = [];
    port.onResume(() => {
      throw new Error('boom');
    });
    port.onResume(() => seen.push('second'));
    expect(() => os.emit('resume')).not.toThrow();
    expect(seen).toEqual(['second']);
  });
});
