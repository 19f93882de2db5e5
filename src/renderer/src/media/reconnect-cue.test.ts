import { describe, expect, it } from 'vitest';
import { playReconnectCue, reconnectEdge } from './reconnect-cue.js';

describe('reconnect cue', () => {
  it('fires once per drop, not on every state update', () => {
    let n = 0;
    const feed = reconnectEdge(() => n++);
    for (const r of [false, true, true, true, false, false, true, true]) feed(r);
    expect(n).toBe(2);
  });

  it('does nothing without WebAudio', async () => {
    expect(await playReconnectCue(null)).toBe(false);
    expect(await playReconnectCue({} as Window)).toBe(false);
  });
});
